"""The service's admin: the catalogue of matters (a snippet), the weekly turns, the month's
duties, leave, the duty log and the months (wagtail-modeladmin), and the cadres' desk."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList, PageChooserPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from participation.core.admin_tools import (
    CommunitySnippetViewSetMixin,
    PermissionMenuItem,
    StaffModelAdmin,
    admin_urls,
    read_only_permission_helper,
)
from participation.core.community_forms import CommunityAdminForm
from participation.services import admin_views, services
from participation.services.models import (
    Booking,
    Duty,
    DutyPattern,
    Leave,
    Matter,
    ServiceBlock,
    ServiceMonth,
)


class MatterViewSet(CommunitySnippetViewSetMixin, SnippetViewSet):
    model = Matter
    community_page_field = None
    community_field = "community"
    icon = "list-ul"
    menu_label = _("错时服务事项")
    list_display = ["name", "can_delegate", "usual_minutes", "reply_days", "is_active"]
    edit_handler = ObjectList(
        [
            FieldPanel("community"),
            FieldPanel("name"),
            FieldPanel("description"),
            FieldPanel("what_to_bring"),
            FieldPanel("can_delegate"),
            FieldPanel("usual_minutes"),
            FieldPanel("reply_days"),
            FieldPanel("is_active"),
            FieldPanel("sort_order"),
        ],
        base_form_class=CommunityAdminForm,
    )


register_snippet(MatterViewSet)


class DutyForm(CommunityAdminForm):
    """A changed cadre is a swap, an emptied one a removal: both through the services, so that
    the duty's bookings follow (or are flagged for reassignment), never dropped."""

    def save(self, commit=True):
        changed_cadre = self.instance.pk and "cadre" in self.changed_data
        new_cadre = self.cleaned_data.get("cadre")
        if changed_cadre:
            self.instance.cadre = Duty.objects.get(pk=self.instance.pk).cadre
        duty = super().save(commit=commit)
        if commit and changed_cadre:
            if new_cadre is None:
                services.remove_cadre(duty.pk, self.cleaned_data.get("note", ""))
            else:
                services.swap(duty.pk, new_cadre, self.cleaned_data.get("note", ""))
            duty.refresh_from_db()
        return duty


class LeaveForm(CommunityAdminForm):
    def save(self, commit=True):
        leave = super().save(commit=commit)
        if commit:
            services.record_leave(leave)
        return leave


class ServiceBlockAdmin(StaffModelAdmin):
    """The service's blocks: made here (so that the subclass row exists), embedded in a page
    with the participation block."""

    model = ServiceBlock
    menu_label = _("错时服务模块")
    menu_icon = "placeholder"
    community_page_field = "page"
    list_display = ["title", "page", "show_roster", "show_summary"]
    panels = [
        PageChooserPanel("page"),
        FieldPanel("title"),
        FieldPanel("show_roster"),
        FieldPanel("show_summary"),
    ]


class DutyPatternAdmin(StaffModelAdmin):
    model = DutyPattern
    community_field = "community"
    menu_label = _("每周轮值")
    menu_icon = "repeat"
    list_display = [
        "weekday",
        "starts_at",
        "ends_at",
        "cadre",
        "capacity",
        "valid_from",
        "valid_until",
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("community"),
            FieldPanel("cadre"),
            FieldPanel("weekday"),
            FieldPanel("starts_at"),
            FieldPanel("ends_at"),
            FieldPanel("capacity"),
            FieldPanel("venue"),
            FieldPanel("valid_from"),
            FieldPanel("valid_until"),
        ],
        base_form_class=CommunityAdminForm,
    )


class DutyAdmin(StaffModelAdmin):
    model = Duty
    community_field = "community"
    menu_label = _("当班轮流表")
    menu_icon = "date"
    list_display = ["starts_at", "ends_at", "cadre", "capacity", "swapped_from", "note"]
    ordering = ["starts_at"]
    edit_handler = ObjectList(
        [
            FieldPanel("community"),
            FieldPanel("starts_at"),
            FieldPanel("ends_at"),
            FieldPanel("cadre"),
            FieldPanel("capacity"),
            FieldPanel("venue"),
            FieldPanel("note"),
        ],
        base_form_class=DutyForm,
    )


class LeaveAdmin(StaffModelAdmin):
    model = Leave
    community_field = "community"
    menu_label = _("请假")
    menu_icon = "time"
    list_display = ["cadre", "starts_on", "ends_on", "reason"]
    edit_handler = ObjectList(
        [
            FieldPanel("community"),
            FieldPanel("cadre"),
            FieldPanel("starts_on"),
            FieldPanel("ends_on"),
            FieldPanel("reason"),
        ],
        base_form_class=LeaveForm,
    )


class BookingAdmin(StaffModelAdmin):
    """The duty log as a read-only list (entries are written through the desk)."""

    model = Booking
    permission_helper_class = read_only_permission_helper(
        ["participation_services.handle_booking"], ["participation_services.handle_booking"]
    )
    menu_label = _("当班记录簿")
    menu_icon = "doc-full"
    list_display = [
        "created_at",
        "matter",
        "channel",
        "mode",
        "status",
        "cadre",
        "needs_reassignment",
    ]
    list_filter = ["status", "channel", "needs_reassignment"]
    inspect_view_enabled = True
    access_log_what = _("当班记录簿")
    access_log_subject = "author_id"
    community_page_field = "module__page"


class ServiceMonthAdmin(StaffModelAdmin):
    model = ServiceMonth
    community_field = "community"
    menu_label = _("服务月份")
    menu_icon = "date"
    list_display = ["month", "roster_published_at", "checked_by", "checked_at"]
    edit_handler = ObjectList(
        [FieldPanel("community"), FieldPanel("month"), FieldPanel("roster_published_at")],
        base_form_class=CommunityAdminForm,
    )


class ServicesGroup(ModelAdminGroup):
    menu_label = _("错时服务")
    menu_item_name = "participation-services"  # the plugin's admin_menu_names
    menu_icon = "time"
    menu_order = 256
    items = (
        ServiceBlockAdmin,
        DutyPatternAdmin,
        DutyAdmin,
        LeaveAdmin,
        BookingAdmin,
        ServiceMonthAdmin,
    )


modeladmin_register(ServicesGroup)


@hooks.register("register_admin_urls")
def register_desk_urls():
    return admin_urls("services/", admin_views.urlpatterns, "participation_services_admin")


@hooks.register("register_admin_menu_item")
def register_desk_menu_item():
    return PermissionMenuItem(
        _("错时服务工作台"),
        reverse("participation_services_admin:desk"),
        ["participation_services.use_desk"],
        name="participation-services-desk",  # in ServicesConfig.admin_menu_names
        icon_name="tasks",
        order=257,
    )
