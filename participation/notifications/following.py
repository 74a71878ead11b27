"""Who follows what: stored follows, and the followers a notification addresses.

Following a page covers the modules on it, and following a module covers its page, so that
"the followers of a topic" are those who follow the topic page or its comments block, and a
button on a page shows "已关注" whichever of the two the resident follows.
"""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from wagtail.models import Page

from participation.core.models import Module
from participation.core.visibility import is_restricted, page_visible_to
from participation.notifications.models import Follow


def set_follow(user, *, page_id=None, module_id=None, following=True) -> None:
    """Store (or delete) one follow; following twice keeps the first."""
    if not following:
        Follow.objects.filter(user=user, page_id=page_id, module_id=module_id).delete()
        return
    if Follow.objects.filter(user=user, page_id=page_id, module_id=module_id).exists():
        return
    try:
        with transaction.atomic():
            Follow.objects.create(user=user, page_id=page_id, module_id=module_id)
    except IntegrityError:
        pass  # a parallel request stored it first: the resident follows, as asked


def _on_page(page) -> Q:
    """The follows of ``page`` itself and of the modules on it."""
    return Q(page_id=page.pk) | Q(module__page_id=page.pk)


def follows_page(user, page) -> bool:
    return Follow.objects.filter(_on_page(page), user=user).exists()


def unfollow_page(user, page) -> int:
    """Stop following ``page`` and every module on it; how many follows went."""
    deleted, _by_model = Follow.objects.filter(_on_page(page), user=user).delete()
    return deleted


def follows_of(user):
    """What ``user`` follows, newest first, with its page (a module's page) read along."""
    return (
        Follow.objects.filter(user=user)
        .select_related("page", "module__page")
        .order_by("-created_at", "-pk")
    )


def target_pages(targets) -> list[Page]:
    """The pages of ``notify(followers_of=…)``'s targets: a module's page for a module."""
    page_ids = [pk for kind, pk in targets if kind == "page"]
    module_ids = [pk for kind, pk in targets if kind == "module"]
    page_ids += Module.objects.filter(pk__in=module_ids).values_list("page_id", flat=True)
    return list(Page.objects.filter(pk__in=page_ids))


def follower_ids(targets) -> set[int]:
    """Residents who follow any target (or its page, or a module on it) and may view every
    target page: a page restricted to some groups tells only their members."""
    if not targets:
        return set()
    pages = target_pages(targets)
    module_ids = [pk for kind, pk in targets if kind == "module"]
    addressed = Q(module_id__in=module_ids)
    for page in pages:
        addressed |= _on_page(page)
    if any(not page.live for page in pages):
        return set()
    followers = set(
        Follow.objects.filter(addressed, user__is_active=True).values_list("user_id", flat=True)
    )
    restricted = [page for page in pages if is_restricted(page)]
    if restricted and followers:
        users = get_user_model().objects.filter(pk__in=followers)
        followers = {
            user.pk for user in users if all(page_visible_to(user, page) for page in restricted)
        }
    return followers
