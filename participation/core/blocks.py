"""The one StreamField block through which any page embeds a participation module."""

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.snippets.blocks import SnippetChooserBlock
from wagtail.snippets.widgets import AdminSnippetChooser


class ModuleChooser(AdminSnippetChooser):
    """Shows the chosen module by page, kind and window, and links to its plugin's own form."""

    def get_display_title(self, instance):
        return instance.label()

    def get_value_data_from_instance(self, instance):
        data = super().get_value_data_from_instance(instance)
        data["edit_url"] = AdminURLFinder().get_edit_url(instance.specific) or data["edit_url"]
        return data


class ModuleBlock(SnippetChooserBlock):
    """Chooses a Module of this page; renders it through its plugin (or nothing when off)."""

    def __init__(self, **kwargs):
        super().__init__("participation_core.Module", **kwargs)

    @cached_property
    def widget(self):
        return ModuleChooser(self.target_model, icon=self.meta.icon)

    class Meta:
        icon = "group"
        label = _("参与模块")
        template = "participation_core/blocks/module.html"
