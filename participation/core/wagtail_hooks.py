from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList, PageChooserPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import SnippetViewSet

from participation.core.models import Module
from plugins.registry import participation_plugins, plugin_for_kind


class ModuleForm(WagtailAdminModelForm):
    """Offers the kinds whose plugin has no Module subclass of its own.

    A plugin with its own module model (a ballot, a hearing) creates its modules in its own
    admin, so that the subclass row always exists; here such a module's kind is read-only.
    """

    kind = forms.ChoiceField(label=_("类型"), choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (plugin.kind, plugin.verbose_name)
            for plugin in participation_plugins()
            if not plugin.module_model
        ]
        plugin = plugin_for_kind(self.instance.kind) if self.instance.pk else None
        if plugin is not None and plugin.module_model:
            self.fields["kind"].choices = [(plugin.kind, plugin.verbose_name)]
            self.fields["kind"].disabled = True


class LabelColumnMixin:
    """Lists modules in the chooser by page, kind and window, never by a repeated title."""

    @property
    def title_column(self):
        column = super().title_column
        column.accessor = Module.label
        return column


class ModuleChooseView(LabelColumnMixin, ChooseView):
    pass


class ModuleChooseResultsView(LabelColumnMixin, ChooseResultsView):
    pass


class ModuleChosenView(SnippetChosenView):
    def get_display_title(self, instance):
        return instance.label()


class ModuleChooserViewSet(SnippetChooserViewSet):
    choose_view_class = ModuleChooseView
    choose_results_view_class = ModuleChooseResultsView
    chosen_view_class = ModuleChosenView


class ModuleViewSet(SnippetViewSet):
    """Editors create modules here, then embed them on their page with the participation block."""

    model = Module
    icon = "group"
    menu_label = _("参与模块")
    menu_order = 250
    add_to_admin_menu = True
    chooser_viewset_class = ModuleChooserViewSet
    list_display = ["title", "kind_label", "page", "opens_at", "closes_at"]
    list_filter = ["kind"]
    search_fields = ["title"]
    edit_handler = ObjectList(
        [
            PageChooserPanel("page"),
            FieldPanel("kind"),
            FieldPanel("title"),
            FieldPanel("opens_at"),
            FieldPanel("closes_at"),
        ],
        base_form_class=ModuleForm,
    )


register_snippet(ModuleViewSet)
