"""Comment rules that must hold under concurrency: posting (with the rate limit), editing,
deleting, reporting and moderation. Views call these; they check the rules again."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.comments import notifying
from participation.comments.models import (
    REPORTS_TO_HIDE,
    Comment,
    CommentReport,
    CommentsModule,
    ModerationLog,
)
from participation.comments.text import clean_comment_body
from participation.core.embedding import ensure_module
from participation.core.models import Module
from participation.core.pages import opinion_window
from participation.residents.models import Unit

PER_MINUTE, PER_DAY = 5, 50


class CommentError(Exception):
    """A refused action; str() is the message for the resident."""


class RateLimited(CommentError):
    """Too many comments from one resident in a minute or a day."""


def _check_rate(author) -> None:
    """Counts this author's comments; callers hold the author's row lock, so parallel
    requests of one author are counted one after the other."""
    now = timezone.now()
    recent = Comment.objects.filter(author=author, created_at__gt=now - timedelta(days=1))
    if recent.filter(created_at__gt=now - timedelta(minutes=1)).count() >= PER_MINUTE:
        raise RateLimited(_("发言太频繁：每分钟最多 5 条评论，请稍后再试。"))
    if recent.count() >= PER_DAY:
        raise RateLimited(_("今天的评论已达上限（每天最多 50 条），请明天再来。"))


def _lock_author(author):
    return get_user_model().objects.select_for_update().get(pk=author.pk)


NAME_UNCHANGED = {"last_login", "password"}


def show_new_author_name(sender, instance, created=False, update_fields=None, **kwargs):
    """``post_save`` of a resident: their public name (display name, unit, verification) shows
    in the cached lists of their comments, so those modules change version. A sign-in
    (last_login) or a new password changes no name."""
    if created or (update_fields and set(update_fields) <= NAME_UNCHANGED):
        return
    _bump_modules_of(Comment.objects.filter(author=instance))


def show_new_building_name(sender, instance, created=False, **kwargs):
    """``post_save`` of a building or a unit: a verified resident's public name starts with
    their building ("3栋 王**"), so a building renamed, or a unit moved to another building,
    changes the names in the cached lists of their residents' comments. A new building or
    unit has no residents' comments yet."""
    if created:
        return
    if isinstance(instance, Unit):
        _bump_modules_of(Comment.objects.filter(author__unit=instance))
    else:
        _bump_modules_of(Comment.objects.filter(author__unit__building=instance))


def _bump_modules_of(comments) -> None:
    modules = comments.order_by().values("module_id")
    Module.objects.filter(pk__in=modules).update(version=F("version") + 1)


def open_comments_on_publish(sender, instance, **kwargs):
    """``page_published``: a page that asks for opinions gets its comments block, no step more.

    Created and embedded on the first publish; its window follows the page's deadline.
    """
    window = opinion_window(instance)
    if window is None:
        return
    title = _("居民意见：%(page)s") % {"page": instance.title}
    ensure_module(instance, CommentsModule, window, title=title)


@transaction.atomic
def post_comment(author, module, body: str, parent: Comment | None = None) -> Comment:
    """Store a comment or a reply (one level deep); the module decides if it shows at once."""
    if not author.has_perm("participation_comments.add_comment", module):
        raise CommentError(_("您现在不能在这里发表评论。"))
    body = clean_comment_body(body)
    official = author.has_perm("participation_comments.reply_officially")
    if parent is not None:
        _check_parent(module, parent)
    _lock_author(author)
    if not official:
        _check_rate(author)
    pre_moderated = module.moderation == module.Moderation.PRE and not official
    comment = Comment.objects.create(
        module=module,
        author=author,
        parent=parent,
        body=body,
        is_official=official and parent is not None,
        state=Comment.State.PENDING if pre_moderated else Comment.State.PUBLISHED,
    )
    Module.bump_version(module.pk)
    notifying.follow_on_first_comment(comment)
    notifying.tell_parent_author(comment)
    return comment


def _check_parent(module, parent: Comment) -> None:
    if parent.module_id != module.pk:
        raise CommentError(_("只能回复本页面上的评论。"))
    if parent.parent_id is not None:
        raise CommentError(_("只能回复主评论，不能回复“回复”。"))
    if parent.state != Comment.State.PUBLISHED:
        raise CommentError(_("这条评论目前不可回复。"))


@transaction.atomic
def edit_comment(user, comment: Comment, body: str) -> Comment:
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if not user.has_perm("participation_comments.edit_comment", comment):
        raise CommentError(_("只能在发表后 15 分钟内修改自己的评论。"))
    comment.body = clean_comment_body(body)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at"])
    Module.bump_version(comment.module_id)
    return comment


@transaction.atomic
def delete_comment(user, comment: Comment) -> None:
    """The author withdraws a comment: its text is erased, replies to it disappear with it."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if not user.has_perm("participation_comments.delete_own_comment", comment):
        raise CommentError(_("只能删除自己的评论。"))
    comment.state = Comment.State.DELETED
    comment.body = ""
    comment.save(update_fields=["state", "body"])
    Module.bump_version(comment.module_id)


def report_comment(user, comment: Comment, reason: str = "") -> bool:
    """Record a report; the third from different residents hides the comment. Returns whether
    this report was new."""
    if not user.has_perm("participation_comments.report_comment", comment):
        raise CommentError(_("不能举报这条评论。"))
    try:
        with transaction.atomic():
            CommentReport.objects.create(comment=comment, reporter=user, reason=reason[:200])
    except IntegrityError:
        return False
    with transaction.atomic():
        reporters = comment.reports.filter(resolved=False).values("reporter").distinct().count()
        if reporters >= REPORTS_TO_HIDE:
            hidden = Comment.objects.filter(pk=comment.pk, state=Comment.State.PUBLISHED).update(
                state=Comment.State.REPORTED
            )
            if hidden:
                Module.bump_version(comment.module_id)
                ModerationLog.objects.create(comment=comment, action=ModerationLog.Action.AUTO_HIDE)
    return True


MODERATION_TARGETS = {
    ModerationLog.Action.APPROVE: Comment.State.PUBLISHED,
    ModerationLog.Action.RESTORE: Comment.State.PUBLISHED,
    ModerationLog.Action.HIDE: Comment.State.HIDDEN,
    # Dismissing the reports keeps the comment as it was, unless the reports had hidden it.
    ModerationLog.Action.DISMISS: None,
}


def _state_after(comment: Comment, action: str) -> str:
    target = MODERATION_TARGETS[action]
    if target is None:
        return Comment.State.PUBLISHED if comment.state == Comment.State.REPORTED else comment.state
    return target


@transaction.atomic
def moderate(actor, comments, action: str, note: str = "") -> int:
    """Approve, hide, restore comments or dismiss their reports (one or many); every change is
    logged."""
    if not actor.has_perm("participation_comments.reply_officially"):
        raise CommentError(_("您没有审核评论的权限。"))
    changed = set()
    for comment in Comment.objects.select_for_update().filter(pk__in=[c.pk for c in comments]):
        if comment.state == Comment.State.DELETED:
            continue
        approved = action == ModerationLog.Action.APPROVE and comment.state == Comment.State.PENDING
        comment.state = _state_after(comment, action)
        comment.save(update_fields=["state"])
        if approved:
            notifying.tell_parent_author(comment)  # a held reply is told when it shows
        comment.reports.update(resolved=True)
        ModerationLog.objects.create(comment=comment, action=action, actor=actor, note=note)
        changed.add((comment.pk, comment.module_id))
    Module.bump_version(*{module_id for _, module_id in changed})
    return len(changed)


@transaction.atomic
def official_reply(actor, comment: Comment, body: str) -> Comment:
    """Staff answer a comment as the official reply (官方回复), from the page or the queue."""
    if not actor.has_perm("participation_comments.reply_officially"):
        raise CommentError(_("只有社区工作人员可以作官方回复。"))
    parent = comment.parent or comment
    reply = Comment.objects.create(
        module=parent.module,
        author=actor,
        parent=parent,
        body=clean_comment_body(body),
        is_official=True,
        state=Comment.State.PUBLISHED,
    )
    ModerationLog.objects.create(
        comment=parent, action=ModerationLog.Action.OFFICIAL_REPLY, actor=actor
    )
    Module.bump_version(parent.module_id)
    notifying.tell_parent_author(reply)
    return reply


def replies_hidden_with(comments) -> int:
    """How many published replies the public stops seeing when ``comments`` are not public
    (``Comment.public`` shows a reply only under a published comment)."""
    return Comment.objects.filter(
        parent__in=[comment.pk for comment in comments], state=Comment.State.PUBLISHED
    ).count()
