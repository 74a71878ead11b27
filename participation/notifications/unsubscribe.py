"""Signed one-click unsubscribe links: they name a resident and one or more kinds (a digest
gathers several), and expire."""

from django.core import signing

SALT = "participation.notifications.unsubscribe"
MAX_AGE = 60 * 60 * 24 * 90
"""Seconds a link in an e-mail keeps working (90 days): long enough for an old message."""


def make_token(user_id: int, *kinds: str) -> str:
    data = {"user": user_id, "kind": kinds[0]} if len(kinds) == 1 else {"user": user_id}
    if len(kinds) > 1:
        data["kinds"] = sorted(kinds)
    return signing.dumps(data, salt=SALT, compress=True)


def read_token(token: str) -> tuple[int, tuple[str, ...]]:
    """(user id, kinds) or ``signing.BadSignature`` (``SignatureExpired`` when too old)."""
    data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    if not isinstance(data, dict) or not isinstance(data.get("user"), int):
        raise signing.BadSignature("malformed unsubscribe token")
    kinds = data["kinds"] if isinstance(data.get("kinds"), list) else [data.get("kind", "")]
    return data["user"], tuple(str(kind) for kind in kinds)
