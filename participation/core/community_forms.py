"""The community of a record staff create in the admin (a post, a service matter, a weekly turn)."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Site

from participation.residents.communities import managed_community_ids


class CommunityAdminForm(WagtailAdminModelForm):
    """An admin form with the record's ``community`` among the communities the staff member
    manages. With one community to choose from (an installation of one community) the field is
    hidden and that community is taken, so the form reads as it did before communities; the
    database's per-community unique constraints are still checked as form errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("community")
        if field is None:
            return
        managed = managed_community_ids(self.for_user) if self.for_user else None
        if Site.objects.count() > 1 and managed is not None:
            field.queryset = field.queryset.filter(pk__in=managed)
        choices = list(field.queryset.values_list("pk", flat=True)[:2])
        if len(choices) == 1:
            self.only_community = Site.objects.get(pk=choices[0])
            field.required = False
            field.widget = forms.HiddenInput()

    def clean_community(self):
        chosen = self.cleaned_data.get("community")
        return chosen or getattr(self, "only_community", None)
