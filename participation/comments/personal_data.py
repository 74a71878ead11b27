"""A resident's comments and reports: their data download and what deleting the account erases."""

from participation.comments.models import Comment, CommentReport
from participation.core.models import Module
from plugins import PersonalData


def personal_data(user) -> PersonalData:
    """The resident's comments (kind "comment"), then the reports they filed (kind "report")."""
    comments = [
        {
            "kind": "comment",
            "id": comment.pk,
            "page": comment.module.page.title,
            "reply_to": comment.parent_id,
            "body": comment.body,
            "state": comment.state,
            "created_at": comment.created_at.isoformat(),
            "edited_at": comment.edited_at.isoformat() if comment.edited_at else None,
        }
        for comment in Comment.objects.filter(author=user)
        .select_related("module__page")
        .order_by("created_at", "pk")
    ]
    reports = [
        {
            "kind": "report",
            "comment": report.comment_id,
            "reason": report.reason,
            "resolved": report.resolved,
            "created_at": report.created_at.isoformat(),
        }
        for report in CommentReport.objects.filter(reporter=user).order_by("created_at", "pk")
    ]
    return PersonalData(records=comments + reports)


def erase_personal_data(user) -> None:
    """Forget the person, keep the conversation.

    Comments stay with their text, shown as by "a deleted resident": replies and official
    answers would make no sense without them, and the author chose to publish them (a comment
    they want gone they delete first, which erases its text). The link to the person is cut.
    The reports they filed are deleted: a report says who objected to whom, and the
    moderation decisions they led to stay in the moderation log, which names staff only.
    """
    CommentReport.objects.filter(reporter=user).delete()
    comments = Comment.objects.filter(author=user)
    Module.bump_version(*comments.order_by().values_list("module_id", flat=True).distinct())
    comments.update(author=None)
