"""The StreamField blocks pages take from the core: the one through which any page embeds a
participation module, and the one by which a page links to what a plugin keeps."""

from django import forms
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.snippets.blocks import SnippetChooserBlock
from wagtail.snippets.widgets import AdminSnippetChooser

from participation.core.subjects import SubjectRef, linkable_model, subject_choices


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


def _chooser_choices():
    return BLANK_CHOICE_DASH + subject_choices()


class SubjectBlock(blocks.FieldBlock):
    """Chooses one thing a plugin offers pages to link to (a post, a person serving in one).

    Stores only a ``SubjectRef`` (plugin label, kind, id) as ``{"plugin", "kind", "id"}``; the
    page resolves it each time it renders (``participation.core.subjects.linked_subjects``),
    so nothing a plugin stops showing stays on the page. The chooser lists what the plugins
    offer at the time the form is drawn and validated, nothing else.
    """

    def __init__(self, required=True, help_text=None, **kwargs):
        self.field = forms.ChoiceField(
            choices=_chooser_choices, required=required, help_text=help_text
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        return value if isinstance(value, SubjectRef) else SubjectRef.from_data(value)

    def normalize(self, value):
        return self.to_python(value)

    def get_prep_value(self, value):
        return value.as_data() if value is not None else None

    def value_for_form(self, value):
        return value.key if value is not None else ""

    def value_from_form(self, value):
        return SubjectRef.from_key(value)

    def extract_references(self, value):
        model = linkable_model(value) if value is not None else None
        if model is not None:
            yield model, str(value.id), "", ""

    def get_api_representation(self, value, context=None):
        # Labels and URLs only come from linked_subjects, which checks them; ids say nothing.
        return None

    class Meta:
        icon = "link"
        label = _("相关内容")
