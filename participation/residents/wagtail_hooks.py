"""Staff tools in the Wagtail admin: buildings and units (with CSV import), residents and their
verification, household-code sheets and the verification log."""

from django.contrib.admin import SimpleListFilter
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail_modeladmin.helpers import ButtonHelper
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from participation.core.access_log import record_access
from participation.core.admin_tools import (
    IdListFilter,
    PermissionMenuItem,
    StaffModelAdmin,
    admin_urls,
    for_staff,
    read_only_permission_helper,
    secondary_button,
)
from participation.residents import admin_views
from participation.residents.models import (
    Building,
    HouseholdCodeBatch,
    Representative,
    Unit,
    User,
    VerificationEvent,
)

PERSONAL_DATA_PERM = "participation_residents.view_personal_data"
VERIFY_PERM = "participation_residents.verify_resident"


class BuildingAdmin(StaffModelAdmin):
    model = Building
    menu_label = _("楼栋")
    menu_icon = "home"
    community_field = "community"
    list_display = ["number", "name", "block", "address"]
    list_filter = ["block"]
    search_fields = ["number", "name", "address"]


class BuildingFilter(IdListFilter):
    title = _("楼栋")
    parameter_name = "building"
    field = "building_id"

    def lookups(self, request, model_admin):
        buildings = for_staff(request, Building.objects.all(), community="community")
        return [(building.pk, str(building)) for building in buildings]


class UnitAdmin(StaffModelAdmin):
    model = Unit
    menu_label = _("住户单元")
    menu_icon = "doc-empty"
    community_field = "building__community"
    list_display = ["building", "number"]
    list_filter = ["building__block", BuildingFilter]
    search_fields = ["number", "building__number"]


class CurrentTermFilter(SimpleListFilter):
    title = _("任期")
    parameter_name = "term"

    def lookups(self, request, model_admin):
        return [("current", _("现任"))]

    def queryset(self, request, queryset):
        return queryset.current() if self.value() == "current" else queryset


class RepresentativeAdmin(StaffModelAdmin):
    """Representatives of a building or a block, for a term; only current terms count."""

    model = Representative
    menu_label = _("居民代表")
    menu_icon = "group"
    community_field = "user__community"
    list_display = ["user", "building", "block", "starts_on", "ends_on"]
    list_filter = [CurrentTermFilter, "building__block"]
    search_fields = ["user__display_name"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user__unit__building", "building")


class ResidentButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if not self.request.user.has_perm(VERIFY_PERM):
            return buttons
        if obj.verification == User.Verification.VERIFIED:
            action, label = "revoke", _("撤销认证")
        else:
            action, label = "verify", _("认证")
        url = reverse(f"participation_residents_admin:{action}", args=[obj.pk])
        buttons.append(secondary_button(url, label))
        return buttons


class ResidentAdmin(StaffModelAdmin):
    """Accounts and their verification; phone, unit and real name only for staff allowed."""

    model = User
    menu_label = _("居民账号")
    menu_icon = "user"
    # Lists accounts; creating and editing accounts stays in Wagtail's user admin.
    permission_helper_class = read_only_permission_helper(
        [VERIFY_PERM, PERSONAL_DATA_PERM], inspect_permissions=[PERSONAL_DATA_PERM]
    )
    button_helper_class = ResidentButtonHelper
    access_log_what = _("居民账号列表")
    community_field = "community"
    inspect_view_enabled = True
    inspect_view_fields = [
        "username",
        "display_name",
        "last_name",
        "first_name",
        "email",
        "phone",
        "unit",
        "verification",
        "verified_at",
        "date_joined",
    ]
    list_filter = ["verification", "is_staff"]
    search_fields = ["display_name", "username"]

    def get_list_display(self, request):
        columns = ["display_name", "verification", "verified_at", "date_joined"]
        if request.user.has_perm(PERSONAL_DATA_PERM):
            columns[1:1] = ["real_name", "phone", "email", "unit"]
        return columns

    def get_search_fields(self, request):
        if request.user.has_perm(PERSONAL_DATA_PERM):
            return ["display_name", "username", "phone", "email", "last_name", "first_name"]
        return self.search_fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("unit__building")


# The verification log and the code batches are append-only: read, never written by hand.
VerificationLogPermissionHelper = read_only_permission_helper([VERIFY_PERM])


class VerificationEventAdmin(StaffModelAdmin):
    model = VerificationEvent
    menu_label = _("认证记录")
    menu_icon = "history"
    permission_helper_class = VerificationLogPermissionHelper
    access_log_what = _("认证记录")
    access_log_subject = "resident_id"
    community_field = "resident__community"
    list_display = ["created_at", "action", "method", "resident", "unit", "actor", "note"]
    list_filter = ["action", "method"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("resident", "actor", "unit__building")


class CodeBatchAdmin(StaffModelAdmin):
    """Printed batches of household codes and how many have been used (codes are never shown)."""

    model = HouseholdCodeBatch
    menu_label = _("认证码批次")
    menu_icon = "key"
    permission_helper_class = VerificationLogPermissionHelper
    community_field = "building__community"
    list_display = ["building", "created_at", "expires_at", "created_by", "codes_used"]
    list_filter = ["building__block"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("building", "created_by")
            .annotate(
                total=Count("codes"), used=Count("codes", filter=Q(codes__used_at__isnull=False))
            )
        )

    def codes_used(self, obj):
        return f"{obj.used} / {obj.total}"

    codes_used.short_description = _("已使用")


def household_codes_menu_item(order):
    return PermissionMenuItem(
        _("入户认证码"),
        reverse("participation_residents_admin:generate_codes"),
        [VERIFY_PERM],
        icon_name="key",
        order=order,
    )


def import_units_menu_item(order):
    return PermissionMenuItem(
        _("导入住户单元"),
        reverse("participation_residents_admin:import_units"),
        ["participation_residents.add_unit"],
        icon_name="upload",
        order=order,
    )


@modeladmin_register
class ResidentsGroup(ModelAdminGroup):
    menu_label = _("居民管理")
    menu_icon = "group"
    menu_order = 270
    items = (
        ResidentAdmin,
        RepresentativeAdmin,
        BuildingAdmin,
        UnitAdmin,
        VerificationEventAdmin,
        CodeBatchAdmin,
    )

    def get_submenu_items(self):
        """The records, then the office's two tasks: printing household codes, importing units."""
        items = super().get_submenu_items()
        count = len(items)
        return [*items, household_codes_menu_item(count + 1), import_units_menu_item(count + 2)]


@hooks.register("register_admin_urls")
def register_residents_admin_urls():
    return admin_urls("residents/", admin_views.urlpatterns, "participation_residents_admin")


@hooks.register("before_edit_user")
def record_user_edit_view(request, user):
    """Wagtail's user form shows the account's names and e-mail address."""
    record_access(request, _("用户编辑"), records=1, subjects=[user.pk], terms="")


@hooks.register("register_user_listing_buttons")
def reset_second_factor_button(user, request_user):
    """Superusers reset another account's lost second factor from Wagtail's user list."""
    if request_user.is_superuser and user.pk != request_user.pk:
        yield Button(
            _("重置两步验证"),
            reverse("participation_residents_admin:reset_second_factor", args=[user.pk]),
            priority=90,
        )
