"""Comments in the Wagtail admin: editors' comments blocks (a snippet), the moderation queue
(wagtail-modeladmin, with bulk actions), the moderation log and the exports."""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList, PageChooserPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail_modeladmin.helpers import ButtonHelper
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from participation.comments import admin_views, services
from participation.comments.models import Comment, CommentReport, CommentsModule, ModerationLog
from participation.core.access_log import record_access
from participation.core.admin_tools import (
    CommunitySnippetViewSetMixin,
    PermissionMenuItem,
    StaffModelAdmin,
    YesNoInspectView,
    admin_urls,
    read_only_permission_helper,
    secondary_button,
)

MODERATE = "participation_comments.moderate_comment"


class CommentsModuleViewSet(CommunitySnippetViewSetMixin, SnippetViewSet):
    """Editors switch comments on for a page here, then add the participation block."""

    model = CommentsModule
    icon = "comment"
    menu_label = _("评论区")
    menu_name = "participation-comments-modules"
    menu_order = 251
    add_to_admin_menu = True
    list_display = ["title", "page", "audience", "moderation", "closes_at"]
    list_filter = ["audience", "moderation"]
    edit_handler = ObjectList(
        [
            PageChooserPanel("page"),
            FieldPanel("title"),
            FieldPanel("audience"),
            FieldPanel("moderation"),
            FieldPanel("opens_at"),
            FieldPanel(
                "closes_at",
                help_text=_("留空时使用页面的“意见征集截止时间”（如博客话题的截止时间）。"),
            ),
        ]
    )


register_snippet(CommentsModuleViewSet)


class ModerationButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        url = reverse("participation_comments_admin:reply", args=[obj.pk])
        buttons.append(secondary_button(url, _("官方回复")))
        return buttons


def open_reports_prefetch():
    reports = CommentReport.objects.filter(resolved=False).order_by("created_at")
    return Prefetch("reports", queryset=reports, to_attr="open_reports_list")


class CommentInspectView(YesNoInspectView):
    """One comment: its reports with their reasons, its replies, and the moderation actions."""

    def get_context_data(self, **kwargs):
        comment = self.instance
        reports = comment.reports.select_related("reporter").order_by("resolved", "-created_at")
        open_reports = sum(1 for report in reports if not report.resolved)
        actions = [
            (reverse("participation_comments_admin:moderate", args=[comment.pk, action]), label)
            for action, label in admin_views.available_actions(comment, open_reports)
        ]
        # The list shows public names only; this page shows the author's display name in full.
        record_access(
            self.request, _("评论详情"), records=1, subjects=[comment.author_id], terms=""
        )
        return super().get_context_data(
            reports=reports,
            moderation_actions=actions,
            replies_count=services.replies_hidden_with([comment]),
            comment_is_public=comment.state == Comment.State.PUBLISHED,
            **kwargs,
        )


class CommentModerationAdmin(StaffModelAdmin):
    """The moderation queue: filter by page, state and reports; act on one or many."""

    model = Comment
    menu_label = _("评论审核")
    menu_icon = "comment"
    permission_helper_class = read_only_permission_helper(
        [MODERATE], inspect_permissions=[MODERATE]
    )
    button_helper_class = ModerationButtonHelper
    inspect_view_enabled = True
    inspect_view_class = CommentInspectView
    inspect_template_name = "participation_comments/admin/inspect.html"
    inspect_view_fields = [
        "body",
        "author",
        "module",
        "parent",
        "state",
        "is_official",
        "created_at",
        "edited_at",
    ]
    index_template_name = "participation_comments/admin/moderation_index.html"
    index_view_extra_css = ["participation_comments/admin.css"]
    community_page_field = "module__page"
    list_display = [
        "select_box",
        "short_body",
        "author_label",
        "module",
        "state",
        "open_reports",
        "report_reasons",
        "created_at",
        "quick_actions",
    ]
    # The row's buttons (查看, 官方回复) go under the comment's text, not into the checkbox cell.
    list_display_add_buttons = "short_body"
    list_filter = [
        "state",
        "is_official",
        admin_views.PageFilter,
        admin_views.ReportsFilter,
    ]
    search_fields = ["body"]
    ordering = ["-created_at"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("author__unit__building", "module__page")
            .prefetch_related(open_reports_prefetch())
        )

    def get_extra_attrs_for_row(self, obj, context):
        """Reported comments stand out (a tinted row with a bar, and the reasons in words)."""
        if obj.open_reports_list or obj.state == Comment.State.REPORTED:
            return {"class": "comment-reported"}
        return {}

    @admin_views.column(_("选择"), html=True)
    def select_box(self, obj):
        return format_html(
            '<input type="checkbox" name="comment" value="{}" form="bulk-moderation" '
            'aria-label="{}">',
            obj.pk,
            _("选择评论 %(pk)s") % {"pk": obj.pk},
        )

    @admin_views.column(_("内容"))
    def short_body(self, obj):
        return obj.body if len(obj.body) <= 80 else obj.body[:80] + "…"

    @admin_views.column(_("作者"))
    def author_label(self, obj):
        return obj.author_name

    @admin_views.column(_("未处理举报"))
    def open_reports(self, obj):
        return len(obj.open_reports_list)

    @admin_views.column(_("举报原因"))
    def report_reasons(self, obj):
        reasons = [report.reason or _("（未写原因）") for report in obj.open_reports_list]
        return "；".join(str(reason) for reason in reasons)  # escaped by the list template

    @admin_views.column(_("操作"), html=True)
    def quick_actions(self, obj):
        return admin_views.quick_action_buttons(obj, len(obj.open_reports_list))


class ModerationLogAdmin(StaffModelAdmin):
    model = ModerationLog
    menu_label = _("审核记录")
    menu_icon = "history"
    permission_helper_class = read_only_permission_helper([MODERATE])
    community_page_field = "comment__module__page"
    list_display = ["created_at", "action", "comment", "actor", "note"]
    list_filter = ["action"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("comment", "actor")


@modeladmin_register
class CommentsGroup(ModelAdminGroup):
    menu_label = _("评论")
    menu_item_name = "participation-comments"
    menu_icon = "comment"
    menu_order = 252
    items = (CommentModerationAdmin, ModerationLogAdmin)

    def get_submenu_items(self):
        export = PermissionMenuItem(
            _("导出评论"),
            reverse("participation_comments_admin:export_index"),
            [MODERATE],
            icon_name="download",
            order=310,
        )
        return [*super().get_submenu_items(), export]


@hooks.register("register_admin_urls")
def register_comments_admin_urls():
    return admin_urls("comments/", admin_views.urlpatterns, "participation_comments_admin")
