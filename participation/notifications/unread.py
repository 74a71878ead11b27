"""The header's unread count, kept in the cache so that a signed-in page asks the database
nothing more than who the resident is.

Every change to a resident's unread messages forgets their count (at once and again when the
transaction commits, so a page rendered meanwhile cannot keep the old count); ``KEEP`` bounds
how long a count missed by some other path can stay wrong. With the cache away, the count is
one indexed query.
"""

from django.core.cache import cache
from django.db import transaction

from participation.notifications.models import Item

KEEP = 60  # seconds


def _key(user_id) -> str:
    return f"notifications:unread:{user_id}"


def unread_count(user) -> int:
    count = cache.get(_key(user.pk))
    if count is None:
        count = Item.objects.filter(recipient=user).unread().count()
        cache.set(_key(user.pk), count, KEEP)
    return count


def forget_unread(user_ids) -> None:
    keys = [_key(pk) for pk in user_ids]
    if not keys:
        return
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))
