"""Residents' comment actions. Every view refuses anonymous users first (login_required
outermost), then looks anything up, then checks the rule on the server."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from participation.comments import services
from participation.comments.forms import CommentForm, EditCommentForm, ReportForm
from participation.comments.models import Comment, CommentsModule
from participation.comments.presentation import located, permalink
from participation.core.refusals import Refusal, post_only
from participation.core.visibility import get_visible_or_404, require_visible

FORM_TEMPLATE = "participation_comments/comment_form.html"


def _page_url(module, request, anchor=""):
    url = module.page.specific.get_url(request) or "/"
    return f"{url}#{anchor}" if anchor else url


def _comment_url(request, comment) -> str:
    """The page of the module that shows ``comment``, at its place among the threads."""
    return permalink(located(comment), _page_url(comment.module, request))


def _visible_comment(request, comments, pk) -> Comment:
    """The comment, or 404 when it does not exist or its page is hidden from this user."""
    comment = get_object_or_404(comments.select_related("module__page"), pk=pk)
    require_visible(request.user, comment.module)
    return comment


def _form_page(request, form, module, title, status=400, comment=None):
    context = {"form": form, "module": module, "title": title, "comment": comment}
    return render(request, FORM_TEMPLATE, context, status=status)


def _visible_module(request, module_id) -> CommentsModule:
    return get_visible_or_404(
        CommentsModule.objects.select_related("page"), request.user, pk=module_id
    )


def _module_page(request, module_id) -> str:
    """Where the comment form lives: the module on its page."""
    module = _visible_module(request, module_id)
    return _page_url(module, request, f"comments-{module.pk}")


@login_required
@post_only(_module_page)
def post_comment(request, module_id):
    module = _visible_module(request, module_id)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _form_page(request, form, module, _("发表评论"))
    if form.is_bot():
        messages.success(request, _("评论已提交。"))
        return redirect(_page_url(module, request))
    parent = None
    if form.cleaned_data["parent"]:
        parent = Comment.objects.filter(pk=form.cleaned_data["parent"]).first()
        if parent is None:
            form.add_error(None, _("要回复的评论不存在。"))
            return _form_page(request, form, module, _("发表评论"))
    try:
        comment = services.post_comment(request.user, module, form.cleaned_data["body"], parent)
    except (services.CommentError, ValidationError) as error:
        form.add_error(None, error.messages if isinstance(error, ValidationError) else str(error))
        status = 429 if isinstance(error, services.RateLimited) else 400
        return _form_page(request, form, module, _("发表评论"), status=status)
    if comment.state == Comment.State.PENDING:
        messages.info(request, _("评论已提交，审核通过后显示。"))
    else:
        messages.success(request, _("评论已发表。"))
    return redirect(_comment_url(request, comment))


@login_required
@require_http_methods(["GET", "POST"])
def edit_comment(request, pk):
    comment = _visible_comment(request, Comment.objects, pk)
    if not request.user.has_perm("participation_comments.edit_comment", comment):
        raise Refusal(_("只能在发表后 15 分钟内修改自己的评论。"))
    form = EditCommentForm(
        request.POST if request.method == "POST" else None, initial={"body": comment.body}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_comment(request.user, comment, form.cleaned_data["body"])
        except services.CommentError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("评论已修改。"))
            return redirect(_comment_url(request, comment))
    status = 400 if form.is_bound else 200
    return _form_page(request, form, comment.module, _("修改评论"), status, comment)


@login_required
@require_http_methods(["GET", "POST"])
def delete_comment(request, pk):
    comment = _visible_comment(request, Comment.objects, pk)
    if not request.user.has_perm("participation_comments.delete_own_comment", comment):
        raise Refusal(_("只能删除自己的评论。"))
    if request.method == "POST":
        services.delete_comment(request.user, comment)
        messages.success(request, _("评论已删除。"))
        return redirect(_page_url(comment.module, request))
    context = {"comment": comment, "module": comment.module}
    return render(request, "participation_comments/confirm_delete.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def report_comment(request, pk):
    comment = _visible_comment(request, Comment.public, pk)
    if not request.user.has_perm("participation_comments.report_comment", comment):
        raise Refusal(_("不能举报这条评论。"))
    form = ReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.report_comment(request.user, comment, form.cleaned_data["reason"])
        messages.success(request, _("感谢举报，工作人员会尽快处理。"))
        return redirect(_page_url(comment.module, request))
    context = {"comment": comment, "module": comment.module, "form": form}
    return render(request, "participation_comments/confirm_report.html", context)
