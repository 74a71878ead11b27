"""What the comments plugin shows: a module inside its page, and a resident's own comments.

The comments of a module are shown a page of threads at a time (a top-level comment with its
replies). The module's header and that page of threads are rendered once for everyone and
cached under the module's ``version``, which every change to the module or its comments bumps
in the same transaction, and its window (open or closed); what depends on the visitor
(the 修改/删除/举报/回复 links, the form with its CSRF token) is added per request: the shared
HTML carries a marker where each comment's links go, and ``fill_actions`` puts this visitor's
links there.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from participation.comments.forms import CommentForm
from participation.comments.models import EDIT_WINDOW, Comment
from participation.core.links import page_path
from participation.core.predicates import is_active_account, is_member_of_module_community
from participation.core.visibility import module_visible_to
from plugins import ParticipationRow

ORDERS = {"newest": ("-created_at", "pk"), "oldest": ("created_at", "pk")}
DEFAULT_ORDER = "newest"
PAGE_SIZE = 20
EXCERPT_CHARS = 40
LISTING_TEMPLATE = "participation_comments/includes/listing.html"
# Only to let the entries of old versions go: a change shows at once through the version.
LISTING_CACHE_SECONDS = 24 * 60 * 60
ACTIONS_MARKER = re.compile(r"<!--comment-actions (\d+) (\d+) (\d+) (top|reply)-->")


@dataclass(frozen=True)
class Viewer:
    """What the visitor may do in one comments module, decided once per render.

    The rules in rules.py stay the check on every action; this only decides which links to
    show, by the same conditions: on a comment the public sees (published, on a page this
    visitor may view), its author may edit it for ``EDIT_WINDOW`` and delete it, anyone else
    signed in may report it, and who may comment may reply to a top-level comment.
    """

    user_id: int | None = None
    may_act: bool = False
    may_report: bool = False
    can_comment: bool = False
    of_other_community: bool = False

    @classmethod
    def of(cls, user, module) -> "Viewer":
        if not is_active_account(user):
            return cls()
        may_act = module_visible_to(user, module)
        of_other_community = not (user.is_staff or is_member_of_module_community(user, module))
        return cls(
            user_id=user.pk,
            may_act=may_act,
            # Reporting is the community's own say (moderators act in the admin whatever it is).
            may_report=may_act and not of_other_community,
            of_other_community=of_other_community,
            can_comment=user.has_perm("participation_comments.add_comment", module),
        )


def _ordering(request) -> str:
    order = request.GET.get("comments") if request is not None else None
    return order if order in ORDERS else DEFAULT_ORDER


def _threads(module, order: str):
    replies = Comment.public.select_related("author__unit__building").order_by("created_at", "pk")
    return (
        Comment.public.filter(module=module, parent__isnull=True)
        .select_related("author__unit__building")
        .prefetch_related(Prefetch("replies", queryset=replies, to_attr="visible_replies"))
        .order_by(*ORDERS[order])
    )


def _page_number(request) -> int:
    """The ?page asked for; anything that is not a positive number means the first."""
    value = request.GET.get("page", "") if request is not None else ""
    return int(value) if value.isdigit() and 0 < int(value) < 10**6 else 1


class Window:
    """The module's window as its header shows it, read once per render."""

    def __init__(self, module):
        self.closes_at = module.effective_closes_at()
        self.is_open = module.is_open()

    def key(self) -> str:
        closes = int(self.closes_at.timestamp()) if self.closes_at else "-"
        return f"{closes}:{int(self.is_open)}"


def listing_key(module, window: Window, order: str, number: int) -> str:
    return (
        f"comments:listing:{module.pk}:{module.version}:{window.key()}:{order}:{number}"
        f":{get_language()}"
    )


def render_listing(module, window: Window, order: str, number: int) -> tuple[str, int]:
    """The module's header and page ``number`` of its threads (the same for every visitor),
    and the page it really is (past the end: the last)."""
    cached = cache.get(listing_key(module, window, order, number))
    if cached is not None:
        return cached
    paginator = Paginator(_threads(module, order), PAGE_SIZE, allow_empty_first_page=True)
    page = paginator.get_page(number)
    numbers = paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    context = {
        "module": module,
        "closes_at": window.closes_at,
        "is_open": window.is_open,
        "page_obj": page,
        "order": order,
        "page_numbers": [None if n == paginator.ELLIPSIS else n for n in numbers],
    }
    rendered = (render_to_string(LISTING_TEMPLATE, context), page.number)
    cache.set(listing_key(module, window, order, page.number), rendered, LISTING_CACHE_SECONDS)
    return rendered


class _Links:
    """This visitor's links on each comment, with the URLs and labels built once."""

    def __init__(self, viewer: Viewer, reply_query: dict, module):
        self.viewer = viewer
        self.now = timezone.now()
        self.urls = {
            name: reverse(f"participation_comments:{name}", args=[0]).replace("/0/", "/{pk}/")
            for name in ("edit", "delete", "report")
        }
        self.labels = {
            "edit": _("修改"),
            "delete": _("删除"),
            "report": _("举报"),
            "reply": _("回复"),
        }
        self.reply_query = reply_query
        self.form_anchor = f"comment-form-{module.pk}"

    def names(self, author_id: int, created: int, top_level: bool) -> list[str]:
        viewer, names = self.viewer, []
        if viewer.may_act:
            if author_id == viewer.user_id:
                if self.now.timestamp() - created <= EDIT_WINDOW.total_seconds():
                    names.append("edit")
                names.append("delete")
            elif viewer.may_report:
                names.append("report")
        if viewer.can_comment and top_level:
            names.append("reply")
        return names

    def url(self, name: str, pk: int) -> str:
        if name == "reply":
            return f"?{urlencode({**self.reply_query, 'reply': pk})}#{self.form_anchor}"
        return self.urls[name].format(pk=pk)

    def footer(self, match) -> str:
        pk, author_id, created = (int(group) for group in match.groups()[:3])
        names = self.names(author_id, created, match.group(4) == "top")
        if not names:
            return ""
        links = "".join(
            format_html(
                '<a href="{}"{}>{}</a>',
                self.url(name, pk),
                mark_safe(f' class="comment-reply-link" data-parent="{pk}"')  # noqa: S308 -- an int
                if name == "reply"
                else "",
                self.labels[name],
            )
            for name in names
        )
        return f'<footer class="comment-actions">{links}</footer>'


def fill_actions(html: str, viewer: Viewer, module, reply_query: dict) -> str:
    """The shared list with this visitor's links on each comment (none for anonymous readers)."""
    if viewer.user_id is None:
        return mark_safe(ACTIONS_MARKER.sub("", html))  # noqa: S308 -- our own rendered template
    links = _Links(viewer, reply_query, module)
    return mark_safe(ACTIONS_MARKER.sub(links.footer, html))  # noqa: S308 -- escaped by format_html


def _reply_to(request, viewer: Viewer, module):
    """The comment named by ?reply= (the reply link without JavaScript), if one may answer it."""
    value = request.GET.get("reply", "") if request is not None else ""
    if not (viewer.can_comment and value.isdigit()):
        return None
    return (
        Comment.public.filter(module=module, parent__isnull=True, pk=int(value))
        .select_related("author__unit__building")
        .first()
    )


def module_context(request, module) -> dict:
    """A page of the module's threads in the order the visitor chose, and what this visitor
    may do with them."""
    order = _ordering(request)
    window = Window(module)
    html, number = render_listing(module, window, order, _page_number(request))
    viewer = Viewer.of(getattr(request, "user", None), module)
    query = {"comments": order, "page": number}
    reply_to = _reply_to(request, viewer, module)
    return {
        "listing": fill_actions(html, viewer, module, query),
        "order": order,
        "page_number": number,
        "viewer": viewer,
        "reply_to": reply_to,
        # Distinct ids when a page carries more than one comments block.
        "comment_form": CommentForm(
            auto_id=f"id_comments{module.pk}_%s",
            initial={"parent": reply_to.pk} if reply_to else None,
        ),
        "is_open": window.is_open,
    }


def with_places(comments):
    """``comments`` annotated with ``threads_before``: how many visible threads come before
    each one's thread in the default order (a reply counts where its comment stands)."""
    earlier = Comment.public.filter(module=OuterRef("module_id"), parent__isnull=True).filter(
        Q(created_at__gt=OuterRef("thread_created"))
        | Q(created_at=OuterRef("thread_created"), pk__lt=OuterRef("thread_pk"))
    )
    count = earlier.order_by().values("module").annotate(total=Count("pk")).values("total")
    return comments.annotate(
        thread_created=Coalesce("parent__created_at", "created_at"),
        thread_pk=Coalesce("parent_id", "pk"),
    ).annotate(threads_before=Coalesce(Subquery(count, output_field=IntegerField()), 0))


def permalink(comment, page_url: str | None = None) -> str:
    """The page of its module and the anchor that show ``comment`` (annotated by
    ``with_places``; ``page_url`` when the caller has it, else the page is read)."""
    url = page_url or page_path(comment.module.page) or "/"
    number = comment.threads_before // PAGE_SIZE + 1
    query = f"?page={number}" if number > 1 else ""
    return f"{url}{query}#comment-{comment.pk}"


def located(comment) -> Comment:
    """``comment`` read again with its place among the threads (for the page it is on)."""
    return with_places(Comment.objects.filter(pk=comment.pk)).get()


def _excerpt(comment) -> str:
    return Truncator(comment.body).chars(EXCERPT_CHARS)


def my_participation(user) -> list[ParticipationRow]:
    """The resident's comments (in any state) and the visible replies others wrote to them."""
    own = with_places(Comment.objects.filter(author=user).select_related("module__page"))
    replies = with_places(
        Comment.public.filter(parent__author=user)
        .exclude(author=user)
        .select_related("module__page", "author__unit__building")
    )
    rows = [
        ParticipationRow(
            title=comment.module.page.title,
            url=permalink(comment),
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
            url=permalink(reply),
            action=_("%(name)s 回复了您：%(text)s")
            % {"name": reply.author_name, "text": _excerpt(reply)},
            state=reply.get_state_display(),
            at=reply.created_at,
        )
        for reply in replies
    ]
    return sorted(rows, key=lambda row: row.at, reverse=True)
