"""What the comments plugin tells residents, through the core's ``notify`` and ``follow``.

A reply tells the author of the comment it answers (never the replier themself), naming the
replier by their public name only; an official reply says it comes from the community staff.
A resident's first comment on a module makes them follow it. Two days before a comments
module closes, its followers (and the followers of its page) are told once per deadline.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from participation.comments.models import Comment, CommentsModule
from participation.comments.presentation import located, permalink
from participation.core.links import page_path
from participation.core.models import Module
from participation.core.notifications import follow, notify

REPLY = "participation_comments.reply"
OFFICIAL_REPLY = "participation_comments.official_reply"
DEADLINE_SOON = "participation_comments.deadline_soon"
DEADLINE_AHEAD = timedelta(days=2)
DEADLINE_NOTICE = "deadline_notice_for"
"""Module.settings key: the closing time (ISO) whose notice was sent, so it is sent once."""


def follow_on_first_comment(comment: Comment) -> None:
    """The author follows the module on their first comment there (not on each one, so that a
    resident who stopped following is not made to follow again by their next comment)."""
    earlier = Comment.objects.filter(module_id=comment.module_id, author=comment.author)
    if not earlier.exclude(pk=comment.pk).exists():
        follow(comment.author, module=comment.module)


def tell_parent_author(reply: Comment) -> None:
    """Tell the author of the comment ``reply`` answers, once the reply is public."""
    parent = reply.parent
    if parent is None or reply.state != Comment.State.PUBLISHED or parent.author_id is None:
        return
    if parent.author_id == reply.author_id:
        return
    page = reply.module.page
    with translation.override(settings.LANGUAGE_CODE):
        if reply.is_official:
            title = _("社区工作人员回复了您在《%(page)s》的评论") % {"page": page.title}
        else:
            title = _("%(name)s 回复了您在《%(page)s》的评论") % {
                "name": reply.author_name,
                "page": page.title,
            }
    notify(
        OFFICIAL_REPLY if reply.is_official else REPLY,
        [parent.author],
        title=title,
        url=permalink(located(reply), page_path(page) or "/"),
        obj=reply,
        exclude=[reply.author],
    )


def modules_closing_soon(now=None):
    """Open comments modules whose closing time falls within the next two days."""
    now = now or timezone.now()
    return CommentsModule.objects.filter(
        closes_at__gt=now, closes_at__lte=now + DEADLINE_AHEAD, page__live=True
    ).select_related("page")


@transaction.atomic
def announce_deadline(module_id: int) -> bool:
    """Tell the followers of one module (and of its page) that it closes soon: once per
    closing time, however often the job runs or how many run at once (the module row is
    locked while deciding, and the time told is kept in its settings)."""
    module = Module.objects.select_for_update().select_related("page").get(pk=module_id)
    if module.closes_at is None:
        return False
    closes = module.closes_at.isoformat()
    if module.settings.get(DEADLINE_NOTICE) == closes:
        return False
    Module.objects.filter(pk=module.pk).update(
        settings={**module.settings, DEADLINE_NOTICE: closes}
    )
    page = module.page
    with translation.override(settings.LANGUAGE_CODE):
        when = date_format(timezone.localtime(module.closes_at), "Y-m-d H:i")
        title = _("《%(page)s》将于 %(when)s 截止征求意见") % {"page": page.title, "when": when}
    notify(DEADLINE_SOON, [], title=title, url=page_path(page) or "/", followers_of=module)
    return True


def announce_deadlines(now=None) -> int:
    """The scheduled job: every module closing within two days, each told once."""
    return sum(announce_deadline(module.pk) for module in modules_closing_soon(now))
