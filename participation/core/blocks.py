"""The one StreamField block through which any page embeds a participation module."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.blocks import SnippetChooserBlock


class ModuleBlock(SnippetChooserBlock):
    """Chooses a Module of this page; renders it through its plugin (or nothing when off)."""

    def __init__(self, **kwargs):
        super().__init__("participation_core.Module", **kwargs)

    class Meta:
        icon = "group"
        label = _("参与模块")
        template = "participation_core/blocks/module.html"
