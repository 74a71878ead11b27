"""The hearings admin (wagtail-modeladmin): hearings, attendees with exports, opinions, groups."""

from django import forms
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, PageChooserPanel
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from participation.core.admin_tools import (
    IdListFilter,
    StaffModelAdmin,
    for_staff,
    secondary_button,
)
from participation.core.exports import ExportIndexView
from participation.core.pages import MeetingPage, page_types
from participation.hearings import notifying, services
from participation.hearings.models import Hearing, Opinion, OpinionGroup, Registration

PERSONAL_DATA_PERM = "participation_residents.view_personal_data"


class ResidentsCreatePermissionHelper(PermissionHelper):
    """Registrations and opinions are made by residents through the services, never here:
    creating or deleting them in the admin would bypass the seats and the waiting list."""

    def user_can_create(self, user):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class HearingFilter(IdListFilter):
    """Filter by hearing (Django's related-field filter needs django.contrib.admin's site)."""

    title = _("听证会")
    parameter_name = "hearing"
    field = "module_id"

    def lookups(self, request, model_admin):
        hearings = for_staff(request, Hearing.objects.all(), page="page")
        return [(str(pk), title) for pk, title in hearings.values_list("pk", "title")]


class GroupHearingFilter(HearingFilter):
    field = "hearing_id"


class HearingForm(WagtailAdminModelForm):
    def clean(self):
        data = super().clean()
        if data.get("eligibility") == Hearing.Eligibility.BUILDINGS and not data.get("buildings"):
            self.add_error("buildings", _("报名资格为“指定楼栋”时，请至少选择一栋楼。"))
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("会议结束时间必须晚于开始时间。"))
        return data

    def save(self, commit=True):
        had_outcome = bool(self.instance.pk) and notifying.has_outcome(
            Hearing.objects.get(pk=self.instance.pk)
        )
        with transaction.atomic():
            hearing = super().save(commit=commit)
            if commit and "capacity" in self.changed_data:
                services.fill_free_seats(hearing.pk)
            if commit and not had_outcome and notifying.has_outcome(hearing):
                notifying.announce_outcome(hearing)
        return hearing


class HearingAdmin(StaffModelAdmin):
    model = Hearing
    menu_label = _("听证会")
    menu_icon = "group"
    community_page_field = "page"
    list_display = ["title", "page", "capacity", "waiting_list", "opens_at", "closes_at"]
    search_fields = ["title"]
    edit_handler = ObjectList(
        [
            PageChooserPanel("page", page_type=page_types(MeetingPage)),
            FieldPanel("title"),
            MultiFieldPanel(
                [
                    FieldPanel("eligibility"),
                    FieldPanel("buildings", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("capacity"),
                    FieldPanel("waiting_list"),
                    FieldPanel("opens_at"),
                    FieldPanel("closes_at"),
                    FieldPanel("agenda"),
                ],
                heading=_("报名"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("starts_at"),
                    FieldPanel("ends_at"),
                    FieldPanel("venue"),
                    FieldPanel("opinion_deadline"),
                ],
                heading=_("会议（留空则使用通知页面上的内容）"),
            ),
            MultiFieldPanel(
                [FieldPanel("minutes"), FieldPanel("decisions"), FieldPanel("attendance")],
                heading=_("会后"),
            ),
        ],
        base_form_class=HearingForm,
    )


class RegistrationButtonHelper(ButtonHelper):
    """A 取消报名 button on each active registration, for staff who run hearings."""

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if obj.is_active and self.request.user.has_perm("participation_hearings.check_in"):
            url = reverse("participation_hearings:staff_cancel", args=[obj.pk])
            buttons.append(secondary_button(url, _("取消报名")))
        return buttons


class RegistrationAdmin(StaffModelAdmin):
    """The attendee list, filtered by hearing and exported to CSV and Excel."""

    model = Registration
    button_helper_class = RegistrationButtonHelper
    permission_helper_class = ResidentsCreatePermissionHelper
    menu_label = _("参会名单")
    menu_icon = "list-ul"
    list_filter = [HearingFilter, "status", "wants_to_speak"]
    search_fields = ["code", "author__display_name", "author__username"]
    ordering = ["module_id", "position"]
    index_view_class = ExportIndexView
    access_log_what = _("参会名单")
    access_log_subject = "author_id"
    community_page_field = "module__page"
    export_filename = "hearing-attendees"
    # Cancelled registrations stay in the sheet, so the status column says what each row is.
    export_headings = {"status": _("报名状态（已确认／候补／已取消）")}
    inspect_view_enabled = True
    panels = [FieldPanel("wants_to_speak"), FieldPanel("agenda_item")]

    def _personal(self, request):
        return request.user.has_perm(PERSONAL_DATA_PERM)

    def get_list_display(self, request):
        columns = ["position", "resident_name", "code", "status", "wants_to_speak"]
        columns += ["agenda_item", "checked_in_at"]
        if self._personal(request):
            columns.insert(2, "resident_unit")
        return columns

    def get_list_export(self, request):
        columns = ["module", "status", "position", "resident_name", "resident_building", "code"]
        columns += ["wants_to_speak", "agenda_item", "created_at", "confirmed_at", "checked_in_at"]
        if self._personal(request):
            columns[5:5] = ["resident_unit", "resident_phone"]
        return columns

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("module__page", "author__unit__building")
        )


class OpinionAdminForm(WagtailAdminModelForm):
    """Publishing is a tick box; the times are set from it (and from the answer) on save."""

    publish = forms.BooleanField(label=_("在会议页面公开"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["publish"].initial = self.instance.is_published
        if "group" in self.fields and self.instance.module_id:
            self.fields["group"].queryset = OpinionGroup.objects.filter(
                hearing_id=self.instance.module_id
            )

    def clean(self):
        data = super().clean()
        if data.get("publish") and self.instance.status == Opinion.Status.WITHDRAWN:
            self.add_error("publish", _("居民已撤回这条意见，不能公开。"))
        return data

    def save(self, commit=True):
        opinion = super().save(commit=False)
        now = timezone.now()
        if self.cleaned_data.get("publish"):
            opinion.published_at = opinion.published_at or now
        else:
            opinion.published_at = None
        opinion.answer = (opinion.answer or "").strip()
        if "answer" in self.changed_data:
            opinion.answered_at = now if opinion.answer else None
        if commit:
            opinion.save()
        return opinion


class OpinionAdmin(StaffModelAdmin):
    model = Opinion
    permission_helper_class = ResidentsCreatePermissionHelper
    menu_label = _("书面意见")
    menu_icon = "openquote"
    list_display = ["text", "module", "author", "status", "published_at", "group", "answered_at"]
    list_filter = [HearingFilter, "status"]
    search_fields = ["text"]
    inspect_view_enabled = True
    access_log_what = _("书面意见")
    access_log_subject = "author_id"
    community_page_field = "module__page"
    list_export = ["module", "created_at", "text", "status", "group", "answer"]
    index_view_class = ExportIndexView
    export_filename = "hearing-opinions"
    edit_handler = ObjectList(
        [
            FieldPanel("text", read_only=True),
            FieldPanel("show_name", read_only=True),
            FieldPanel("publish"),
            FieldPanel("group"),
            FieldPanel("answer"),
        ],
        base_form_class=OpinionAdminForm,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("module__page", "author", "group")


class OpinionGroupAdmin(StaffModelAdmin):
    model = OpinionGroup
    menu_label = _("意见分组")
    menu_icon = "folder-open-inverse"
    community_page_field = "hearing__page"
    list_display = ["title", "hearing", "sort_order"]
    list_filter = [GroupHearingFilter]
    panels = [FieldPanel("hearing"), FieldPanel("title"), FieldPanel("sort_order")]


class HearingsGroup(ModelAdminGroup):
    menu_label = _("听证会")
    menu_item_name = "participation-hearings"  # the plugin's admin_menu_names
    menu_icon = "group"
    menu_order = 253
    items = (HearingAdmin, RegistrationAdmin, OpinionAdmin, OpinionGroupAdmin)


modeladmin_register(HearingsGroup)
