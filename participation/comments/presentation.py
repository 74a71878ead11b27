"""What the comments plugin shows: a module inside its page, and a resident's own comments."""

from django.db.models import Prefetch
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from participation.comments.forms import CommentForm
from participation.comments.models import Comment
from plugins import ParticipationRow

ORDERS = {"newest": "-created_at", "oldest": "created_at"}
EXCERPT_CHARS = 40


def module_context(request, module) -> dict:
    """The comments of ``module`` in the order the visitor chose, with their visible replies."""
    order = request.GET.get("comments") if request is not None else None
    order = order if order in ORDERS else "newest"
    replies = Comment.public.select_related("author__unit__building").order_by("created_at")
    comments = (
        Comment.public.filter(module=module, parent__isnull=True)
        .select_related("author__unit__building")
        .prefetch_related(Prefetch("replies", queryset=replies, to_attr="visible_replies"))
        .order_by(ORDERS[order], "pk")
    )
    return {
        "comments": comments,
        "order": order,
        # Distinct ids when a page carries more than one comments block.
        "comment_form": CommentForm(auto_id=f"id_comments{module.pk}_%s"),
        "closes_at": module.effective_closes_at(),
        "is_open": module.is_open(),
    }


def _link(comment) -> str:
    return f"{comment.module.page.url or '/'}#comment-{comment.pk}"


def _excerpt(comment) -> str:
    return Truncator(comment.body).chars(EXCERPT_CHARS)


def my_participation(user) -> list[ParticipationRow]:
    """The resident's comments (in any state) and the visible replies others wrote to them."""
    own = Comment.objects.filter(author=user).select_related("module__page")
    replies = (
        Comment.public.filter(parent__author=user)
        .exclude(author=user)
        .select_related("module__page", "author__unit__building")
    )
    rows = [
        ParticipationRow(
            title=comment.module.page.title,
            url=_link(comment),
            action=(_("回复：%(text)s") if comment.parent_id else _("评论：%(text)s"))
            % {"text": _excerpt(comment)},
            state=comment.get_state_display(),
            at=comment.created_at,
        )
        for comment in own
    ]
    rows += [
        ParticipationRow(
            title=reply.module.page.title,
            url=_link(reply),
            action=_("%(name)s 回复了您：%(text)s")
            % {"name": reply.author_name, "text": _excerpt(reply)},
            state=reply.get_state_display(),
            at=reply.created_at,
        )
        for reply in replies
    ]
    return sorted(rows, key=lambda row: row.at, reverse=True)
