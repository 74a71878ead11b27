"""Signed one-click unsubscribe links: they name a resident and a kind, and expire."""

from django.core import signing

SALT = "participation.notifications.unsubscribe"
MAX_AGE = 60 * 60 * 24 * 90
"""Seconds a link in an e-mail keeps working (90 days): long enough for an old message."""


def make_token(user_id: int, kind: str) -> str:
    return signing.dumps({"user": user_id, "kind": kind}, salt=SALT, compress=True)


def read_token(token: str) -> tuple[int, str]:
    """(user id, kind) or ``signing.BadSignature`` (``SignatureExpired`` when too old)."""
    data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    if not isinstance(data, dict) or not isinstance(data.get("user"), int):
        raise signing.BadSignature("malformed unsubscribe token")
    return data["user"], str(data.get("kind", ""))
