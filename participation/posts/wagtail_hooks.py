"""The posts admin (wagtail-modeladmin): posts, duty days, applications' sign-ups, ideas and the
party-member roster (its own view and export permissions, every look recorded)."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from participation.core.admin_tools import (
    IdListFilter,
    PermissionMenuItem,
    StaffModelAdmin,
    for_staff,
)
from participation.core.community_forms import CommunityAdminForm
from participation.core.exports import ExportIndexView
from participation.posts.models import DutyDay, Pairing, PartyMember, Post, Suggestion

VIEW_ROSTER = "participation_posts.view_partymember"
EXPORT_ROSTER = "participation_posts.export_partymember"


class PostAdmin(StaffModelAdmin):
    model = Post
    menu_label = _("岗位")
    menu_icon = "list-ul"
    community_field = "community"
    list_display = ["name", "places", "area", "building", "sort_order"]
    edit_handler = ObjectList(
        [
            FieldPanel("community"),
            FieldPanel("name"),
            FieldPanel("slug"),
            FieldPanel("description"),
            FieldPanel("duties"),
            FieldPanel("area"),
            FieldPanel("building"),
            FieldPanel("places"),
            FieldPanel("sort_order"),
        ],
        base_form_class=CommunityAdminForm,
    )


class PostFilter(IdListFilter):
    """Filter by post (Django's related-field filter needs django.contrib.admin's site)."""

    title = _("岗位")
    parameter_name = "post"
    field = "post_id"

    def lookups(self, request, model_admin):
        posts = for_staff(request, Post.objects.all(), community="community")
        return [(str(pk), name) for pk, name in posts.values_list("pk", "name")]


class DutyDayAdmin(StaffModelAdmin):
    model = DutyDay
    menu_label = _("服务日")
    menu_icon = "date"
    community_field = "post__community"
    list_display = ["post", "date", "starts_at", "ends_at", "places", "links"]
    list_filter = [PostFilter]
    ordering = ["-date", "starts_at"]
    panels = [
        FieldPanel("post"),
        FieldPanel("date"),
        FieldPanel("starts_at"),
        FieldPanel("ends_at"),
        FieldPanel("places"),
        FieldPanel("meeting_point"),
    ]

    def links(self, duty):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("participation_posts:check_in", args=[duty.pk]),
            _("签到"),
            reverse(
                "participation_posts:roster", args=[duty.post_id, duty.date.year, duty.date.month]
            ),
            _("本月花名册"),
        )

    links.short_description = _("操作")


class NoCreatePermissionHelper(PermissionHelper):
    """Ideas are handed in by residents; staff only read and answer them."""

    def user_can_create(self, user):
        return False


class SuggestionAdmin(StaffModelAdmin):
    model = Suggestion
    permission_helper_class = NoCreatePermissionHelper
    menu_label = _("金点子")
    menu_icon = "help"
    list_display = ["title", "person", "status", "created_at", "topic_link"]
    list_filter = ["status"]
    access_log_what = _("金点子")
    access_log_subject = "person_id"
    community_field = "community"
    panels = [
        FieldPanel("title", read_only=True),
        FieldPanel("text", read_only=True),
        FieldPanel("status"),
        FieldPanel("staff_note"),
    ]

    def topic_link(self, idea):
        if idea.topic_id:
            url = reverse("wagtailadmin_pages:edit", args=[idea.topic_id])
            return format_html('<a href="{}">{}</a>', url, _("博客话题草稿"))
        url = reverse("participation_posts:draft_topic", args=[idea.pk])
        return format_html('<a href="{}">{}</a>', url, _("转为博客话题"))

    topic_link.short_description = _("博客话题")


class RosterPermissionHelper(PermissionHelper):
    """The roster opens only to holders of its own view permission, not any member right."""

    def user_can_list(self, user):
        return user.has_perm(VIEW_ROSTER)

    def user_can_inspect_obj(self, user, obj):
        return user.has_perm(VIEW_ROSTER)


class RosterIndexView(ExportIndexView):
    """Exporting the roster takes a permission of its own."""

    def dispatch(self, request, *args, **kwargs):
        if request.GET.get(self.EXPORT_VAR) and not request.user.has_perm(EXPORT_ROSTER):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PartyMemberAdmin(StaffModelAdmin):
    model = PartyMember
    permission_helper_class = RosterPermissionHelper
    index_view_class = RosterIndexView
    menu_label = _("党员名册")
    menu_icon = "user"
    list_display = ["name", "kind", "workplace", "phone", "address"]
    list_filter = ["kind"]
    search_fields = ["name", "workplace"]
    inspect_view_enabled = True
    access_log_what = _("党员名册")
    access_log_subject = "user_id"
    community_field = "community"
    list_export = ["name", "kind", "workplace", "phone", "address", "joined_on", "contact_note"]
    export_filename = "party-members"
    panels = [
        FieldPanel("name"),
        FieldPanel("user"),
        FieldPanel("kind"),
        FieldPanel("workplace"),
        FieldPanel("phone"),
        FieldPanel("address"),
        FieldPanel("joined_on"),
        FieldPanel("contact_note"),
    ]

    def get_list_export(self, request):
        return self.list_export if request.user.has_perm(EXPORT_ROSTER) else []


class PairingPermissionHelper(PermissionHelper):
    """Pairings name households in difficulty: only holders of ``view_pairing`` list them."""

    def user_can_list(self, user):
        return user.has_perm("participation_posts.view_pairing")


class PairingAdmin(StaffModelAdmin):
    """Staff pair households with members here; visits are logged at the pairing's page."""

    model = Pairing
    permission_helper_class = PairingPermissionHelper
    menu_label = _("结对联系")
    menu_icon = "link"
    list_display = ["household", "category", "member", "started_on", "visits_link"]
    list_filter = ["category"]
    access_log_what = _("结对联系")
    access_log_subject = "resident_id"
    community_field = "member__community"
    panels = [
        FieldPanel("household"),
        FieldPanel("category"),
        FieldPanel("resident"),
        FieldPanel("member"),
        FieldPanel("started_on"),
    ]

    def visits_link(self, pairing):
        url = reverse("participation_posts:pairing", args=[pairing.pk])
        return format_html('<a href="{}">{}</a>', url, _("走访记录"))

    visits_link.short_description = _("走访记录")


class PostsGroup(ModelAdminGroup):
    menu_label = _("设岗定责")
    menu_item_name = "participation-posts"  # the plugin's admin_menu_names
    menu_icon = "group"
    menu_order = 257
    items = (PostAdmin, DutyDayAdmin, SuggestionAdmin, PartyMemberAdmin, PairingAdmin)


modeladmin_register(PostsGroup)


@hooks.register("register_admin_menu_item")
def register_applications_menu_item():
    return PermissionMenuItem(
        _("岗位申请"),
        reverse("participation_posts:applications"),
        ["participation_posts.decide_applications"],
        name="participation-posts-applications",  # in PostsConfig.admin_menu_names
        icon_name="tasks",
        order=258,
    )
