"""Moderation and export views in the Wagtail admin. Every one checks the moderator's
permission on the server and logs what it changes (through services)."""

from django.contrib import messages
from django.contrib.admin import SimpleListFilter
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from participation.comments import services
from participation.comments.forms import OfficialReplyForm
from participation.comments.models import Comment, CommentsModule, ModerationLog
from participation.core.admin_tools import (
    IdListFilter,
    for_staff,
    get_for_staff,
    require_any_permission,
)
from participation.core.exports import spreadsheet_response
from participation.core.params import ids_param, text_param
from participation.core.refusals import post_only

MODERATE = "participation_comments.moderate_comment"
INDEX = "participation_comments_comment_modeladmin_index"
ACTIONS = {
    "approve": ModerationLog.Action.APPROVE,
    "hide": ModerationLog.Action.HIDE,
    "restore": ModerationLog.Action.RESTORE,
    "dismiss": ModerationLog.Action.DISMISS,
}


def _back(request):
    target = text_param(request.POST, "next", max_length=2000)
    return redirect(target if target.startswith("/admin/") else _index_url())


def _index_url():
    return reverse(INDEX)


def column(label, html=False):
    """Names a list column of the moderation queue; ``html`` only for markup built here."""

    def decorate(method):
        method.short_description = label
        method.allow_tags = html
        return method

    return decorate


class PageFilter(IdListFilter):
    title = _("页面")
    parameter_name = "page"
    field = "module__page_id"

    def lookups(self, request, model_admin):
        modules = for_staff(request, CommentsModule.objects.select_related("page"), page="page")
        modules = modules.order_by("page__title")
        return [(module.page_id, module.page.title) for module in modules]


class ReportsFilter(SimpleListFilter):
    title = _("举报")
    parameter_name = "reports"

    def lookups(self, request, model_admin):
        return [("open", _("有未处理举报")), ("none", _("无未处理举报"))]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(reports__resolved=False).distinct()
        if self.value() == "none":
            return queryset.exclude(reports__resolved=False)
        return queryset


def available_actions(comment, open_reports):
    """The (action, label) pairs that fit the comment's state and its open reports."""
    dismiss = [("dismiss", _("驳回举报"))] if open_reports else []
    return {
        Comment.State.PENDING: [("approve", _("通过")), ("hide", _("隐藏"))],
        Comment.State.PUBLISHED: [*dismiss, ("hide", _("隐藏"))],
        Comment.State.HIDDEN: [("restore", _("恢复"))],
        Comment.State.REPORTED: [("dismiss", _("驳回举报并恢复")), ("hide", _("隐藏"))],
    }.get(comment.state, [])


def quick_action_buttons(comment, open_reports):
    """Small POST buttons (no JavaScript) for the actions that fit the comment's state."""
    actions = available_actions(comment, open_reports)
    return format_html_join(
        " ",
        '<button type="submit" class="button button-small button-secondary" '
        'form="bulk-moderation" formaction="{}">{}</button>',
        (
            (reverse("participation_comments_admin:moderate", args=[comment.pk, action]), label)
            for action, label in actions
        ),
    )


def _moderation_queue(request, *args, **kwargs) -> str:
    return _index_url()


@post_only(_moderation_queue)
def moderate_one(request, pk, action):
    require_any_permission(request.user, MODERATE)
    comment = get_for_staff(request, Comment.objects, page="module__page", pk=pk)
    if action not in ACTIONS:
        raise PermissionDenied
    _moderate_and_say(request, [comment], action)
    return _back(request)


@post_only(_moderation_queue)
def moderate_bulk(request):
    require_any_permission(request.user, MODERATE)
    action = request.POST.get("action")
    ids = ids_param(request.POST, "comment")
    if action not in ACTIONS or not ids:
        messages.error(request, _("请先勾选评论并选择操作。"))
        return _back(request)
    comments = for_staff(request, Comment.objects.filter(pk__in=ids), page="module__page")
    _moderate_and_say(request, list(comments), action)
    return _back(request)


def _moderate_and_say(request, comments, action):
    """Moderate, then say what changed, including the replies that a hide takes off the page."""
    changed = services.moderate(request.user, comments, ACTIONS[action])
    text = _("已处理 %(n)d 条评论。") % {"n": changed}
    if action == "hide" and (replies := services.replies_hidden_with(comments)):
        text += " " + _("其下 %(n)d 条回复也随之不再公开；恢复评论后会重新显示。") % {"n": replies}
    messages.success(request, text)


@require_http_methods(["GET", "POST"])
def reply(request, pk):
    require_any_permission(request.user, MODERATE)
    comments = Comment.objects.select_related("module__page", "author")
    comment = get_for_staff(request, comments, page="module__page", pk=pk)
    form = OfficialReplyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.official_reply(request.user, comment, form.cleaned_data["body"])
        except (services.CommentError, ValidationError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("官方回复已发布。"))
            return redirect(_index_url())
    context = {"form": form, "comment": comment, "title": _("官方回复")}
    return render(request, "participation_comments/admin/reply.html", context)


def export_rows(module):
    """One row per comment of the module, oldest first, every state (for staff only)."""
    header = [_("编号"), _("回复编号"), _("时间"), _("作者"), _("状态"), _("官方回复"), _("内容")]
    comments = (
        Comment.objects.filter(module=module)
        .select_related("author__unit__building")
        .order_by("created_at", "pk")
    )
    rows = [
        [
            comment.pk,
            comment.parent_id or "",
            timezone.localtime(comment.created_at).strftime("%Y-%m-%d %H:%M"),
            str(comment.author_name),
            comment.get_state_display(),
            _("是") if comment.is_official else "",
            comment.body,
        ]
        for comment in comments
    ]
    return [str(cell) for cell in header], rows


def export(request, module_id, fmt):
    require_any_permission(request.user, MODERATE)
    modules = CommentsModule.objects.select_related("page")
    module = get_for_staff(request, modules, page="page", pk=module_id)
    header, rows = export_rows(module)
    filename = f"comments-{module.page.slug}-{timezone.localdate().isoformat()}"
    return spreadsheet_response(fmt, filename, [header, *rows], title=_("评论"), widths={"G": 80})


def export_index(request):
    require_any_permission(request.user, MODERATE)
    modules = CommentsModule.objects.select_related("page").order_by("-created_at")
    modules = for_staff(request, modules, page="page")
    return render(
        request,
        "participation_comments/admin/export_index.html",
        {"modules": modules, "title": _("导出评论")},
    )


urlpatterns = [
    path("<int:pk>/reply/", reply, name="reply"),
    path("<int:pk>/<str:action>/", moderate_one, name="moderate"),
    path("bulk/", moderate_bulk, name="bulk"),
    path("export/", export_index, name="export_index"),
    path("export/<int:module_id>.csv", export, {"fmt": "csv"}, name="export_csv"),
    path("export/<int:module_id>.xlsx", export, {"fmt": "xlsx"}, name="export_xlsx"),
]
