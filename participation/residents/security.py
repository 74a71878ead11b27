"""Hooks for django-axes: which account a failed sign-in was aimed at."""


def axes_username(request, credentials) -> str | None:
    """The login the visitor typed, whichever sign-in form sent it (allauth's ``login``, the
    Wagtail admin's ``username``), so a lock-out applies to that login from that address."""
    credentials = credentials or {}
    for key in ("email", "username", "login"):
        if credentials.get(key):
            return str(credentials[key]).strip().lower()
    post = getattr(request, "POST", {}) or {}
    for key in ("login", "username"):
        if post.get(key):
            return str(post[key]).strip().lower()
    return None
