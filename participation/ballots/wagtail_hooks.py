"""Admin of ballots: definitions (snippet with options inline) and the ballot desk."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
)
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from participation.ballots import admin_views
from participation.ballots.models import FROZEN_FIELDS, Ballot
from participation.core.admin_tools import (
    CommunitySnippetViewSetMixin,
    PermissionMenuItem,
    admin_urls,
)
from participation.core.exports import SnippetExportIndexView
from participation.core.models import Module

FORM_FROZEN_FIELDS = [name.removesuffix("_id") for name in FROZEN_FIELDS] + ["buildings"]


class BallotForm(WagtailAdminModelForm):
    """Refuses every change of the definition once the ballot has opened."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.locked = bool(self.instance.pk) and self.instance.is_locked()
        if self.locked:
            for name in FORM_FROZEN_FIELDS:
                if name in self.fields:
                    self.fields[name].disabled = True

    def clean(self):
        cleaned = super().clean()
        if self.locked:
            # Disabled fields come back from their (second-rounded) initial values: keep the
            # stored ones, so that an untouched schedule does not look moved.
            for name in FORM_FROZEN_FIELDS:
                if name in cleaned and name != "buildings":
                    cleaned[name] = getattr(self.instance, name)
        options = self.formsets.get("options")
        if self.locked and options is not None and options.has_changed():
            self.add_error(None, Ballot.options_locked_message())
        if self.locked:
            return cleaned
        ballot_type = cleaned.get("ballot_type")
        kept = self._kept_options(options)
        if ballot_type == Ballot.Type.CHOICE and kept < 2:
            self.add_error(None, _("选择类票决至少需要两个选项。"))
        if ballot_type == Ballot.Type.EVALUATION and kept < 1:
            self.add_error(None, _("民主测评至少需要一位测评对象。"))
        if ballot_type == Ballot.Type.MOTION and kept:
            self.add_error(None, _("议案表决的选项固定为赞成、反对、弃权，请删除自定义选项。"))
        if ballot_type == Ballot.Type.CHOICE and cleaned.get("max_choices", 1) > max(kept, 1):
            self.add_error("max_choices", _("可选项数不能多于选项总数。"))
        electorate = cleaned.get("electorate")
        if electorate == Ballot.Electorate.BUILDINGS and not cleaned.get("buildings"):
            self.add_error("buildings", _("请选择参加投票的楼栋。"))
        return cleaned

    @staticmethod
    def _kept_options(formset) -> int:
        if formset is None or not formset.is_bound:
            return 0
        return sum(
            1
            for form in formset.forms
            if form.is_valid()
            and form.cleaned_data.get("label")
            and not form.cleaned_data.get("DELETE")
        )


class BallotViewSet(CommunitySnippetViewSetMixin, SnippetViewSet):
    model = Ballot
    icon = "tasks"
    menu_label = _("票决")
    menu_name = "ballots"  # in BallotsConfig.admin_menu_names
    menu_order = 254
    add_to_admin_menu = True
    list_display = ["title", "ballot_type", "page", "opens_at", "closes_at"]
    list_filter = ["ballot_type", "electorate"]
    list_export = ["title", "ballot_type", "electorate", "page", "opens_at", "closes_at"]
    index_view_class = SnippetExportIndexView
    search_fields = ["title"]
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            PageChooserPanel("page"),
            FieldPanel("title"),
            FieldPanel("question"),
            FieldPanel("ballot_type"),
            InlinePanel("options", label=_("选项 / 测评对象"), heading=_("选项 / 测评对象")),
            FieldPanel("max_choices"),
            MultiFieldPanel(
                [FieldPanel("electorate"), FieldPanel("buildings")], heading=_("投票人范围")
            ),
            MultiFieldPanel(
                [
                    FieldPanel("quorum_numerator"),
                    FieldPanel("quorum_denominator"),
                    FieldPanel("threshold"),
                    FieldPanel("abstentions_in_threshold_base"),
                ],
                heading=_("规则"),
            ),
            MultiFieldPanel([FieldPanel("opens_at"), FieldPanel("closes_at")], heading=_("时间")),
            FieldPanel("is_secret"),
        ],
        base_form_class=BallotForm,
    )


register_snippet(BallotViewSet)


@hooks.register("register_admin_urls")
def register_desk_urls():
    patterns = [
        path("", admin_views.index, name="index"),
        path("<int:pk>/", admin_views.desk, name="desk"),
        path("<int:pk>/roll/", admin_views.roll, name="roll"),
        path("<int:pk>/in-person/", admin_views.mark_in_person, name="in_person"),
        path("<int:pk>/assisted/", admin_views.assisted_vote, name="assisted"),
        path("<int:pk>/paper/", admin_views.paper_tally, name="paper"),
        path("<int:pk>/certify/", admin_views.certify, name="certify"),
    ]
    return admin_urls("ballot-desk/", patterns, "participation_ballots_admin")


@hooks.register("register_admin_menu_item")
def register_desk_menu_item():
    return PermissionMenuItem(
        _("票决工作台"),
        reverse("participation_ballots_admin:index"),
        [admin_views.RUN, admin_views.CERTIFY, admin_views.VIEW],
        name="ballot-desk",  # in BallotsConfig.admin_menu_names
        icon_name="tasks",
        order=255,
    )


def _locked_ballots(modules) -> list[Ballot]:
    ids = [module.pk for module in modules if getattr(module, "kind", None) == Ballot.module_kind]
    return [ballot for ballot in Ballot.objects.filter(pk__in=ids) if ballot.is_locked()]


@hooks.register("before_edit_snippet")
def edit_ballots_in_their_own_admin(request, instance):
    """The generic module form would save a ballot's schedule past the ballot's own lock."""
    if type(instance) is Module and instance.kind == Ballot.module_kind:
        return redirect(BallotViewSet().get_url_name("edit"), instance.pk)
    return None


@hooks.register("before_delete_snippet")
def keep_opened_ballots(request, instances):
    if _locked_ballots(instances):
        messages.error(request, Ballot.delete_refused_message())
        return redirect("wagtailadmin_home")
    return None


@hooks.register("before_delete_page")
def keep_pages_of_opened_ballots(request, page):
    pages = page.get_descendants(inclusive=True)
    modules = Module.objects.filter(page__in=pages, kind=Ballot.module_kind)
    if _locked_ballots(modules):
        messages.error(request, _("页面上有已开始的票决，不能删除该页面；可以取消发布。"))
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None
