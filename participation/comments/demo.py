"""Demo comments on the blog topics: a comments module on each, residents' opinions and one
official reply. Pages are found through wagtail.models.Page (never the pages app); a missing
topic is skipped. Idempotent."""

from wagtail.models import Page

from participation.comments.models import Comment, CommentsModule
from participation.core.embedding import embed_module
from participation.core.staff import EDITORS, REVIEWERS
from participation.residents.models import User

TOPICS = {
    "green-space-renovation": [
        ("resident", "建议把3栋和5栋之间的空地改成小游园，多种些树，老人带孩子有个歇脚的地方。"),
        ("representative", "同意。改造时请考虑无障碍通道，轮椅和婴儿车都能通过。"),
        ("resident", "希望保留原来的晾衣区，可以挪到靠围墙一侧。"),
    ],
    "parking-motion": [
        ("representative", "5栋居民普遍希望夜间临时停车能有时间限制，避免占用消防通道。"),
    ],
}
OFFICIAL_REPLY = (
    "green-space-renovation",
    "感谢大家的意见。居委会已将小游园和无障碍通道纳入改造方案，将在情况通报会上向居民代表报告。",
)


MODERATOR_GROUPS = [EDITORS, REVIEWERS]
MODERATOR_PERMISSIONS = [
    "moderate_comment",
    "add_commentsmodule",
    "change_commentsmodule",
    "view_commentsmodule",
]


def load():
    _grant_moderation()
    accounts = {user.username: user for user in User.objects.filter(username__in=_usernames())}
    for slug, opinions in TOPICS.items():
        page = Page.objects.filter(url_path__endswith=f"/blog/{slug}/").first()
        if page is None:
            continue
        module = _module_for(page)
        embed_module(module)
        for username, body in opinions:
            author = accounts.get(username)
            if author is not None:
                Comment.objects.get_or_create(module=module, author=author, body=body)
        if slug == OFFICIAL_REPLY[0]:
            _official_reply(module, accounts)


def _usernames():
    return {"resident", "representative", "editor"}


def _module_for(page) -> CommentsModule:
    module = CommentsModule.objects.filter(page=page).first()
    if module is None:
        module = CommentsModule.objects.create(
            page=page,
            title="居民意见",
            audience=CommentsModule.Audience.VERIFIED,
            moderation=CommentsModule.Moderation.POST,
        )
    return module


def _official_reply(module, accounts):
    editor = accounts.get("editor")
    first = Comment.objects.filter(module=module, parent=None).order_by("created_at").first()
    if editor is None or first is None:
        return
    Comment.objects.get_or_create(
        module=module,
        author=editor,
        parent=first,
        body=OFFICIAL_REPLY[1],
        defaults={"is_official": True},
    )


def _grant_moderation():
    """The demo's editors and reviewers work the moderation queue and set up comments blocks."""
    from django.contrib.auth.models import Group, Permission

    permissions = Permission.objects.filter(
        content_type__app_label="participation_comments", codename__in=MODERATOR_PERMISSIONS
    )
    for group in Group.objects.filter(name__in=MODERATOR_GROUPS):
        group.permissions.add(*permissions)
