"""What the stack tests need in the stack's database, made with the stack's own settings.

    python tests/stack/seed.py <residents>   (environment: the stack's, see conftest.site_env)

Prints one JSON object: session cookies of new verified residents (signed in without a password
round trip), an open comments module they may use, public page paths, and an opinion with a PNG
attachment (its author's cookie, its URL and its path under MEDIA_ROOT), and a verified resident
who signs in with a password (for the two-node stack).
"""

import json
import secrets
import sys
import uuid

import django

django.setup()

from django.conf import settings  # noqa: E402 -- after django.setup()
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.test import Client  # noqa: E402
from wagtail.models import Page, Site  # noqa: E402

from participation.comments.models import CommentsModule  # noqa: E402
from participation.hearings.models import Hearing, Opinion  # noqa: E402
from participation.residents.models import Unit  # noqa: E402

# A 1×1 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def residents(count: int) -> list:
    User = get_user_model()
    units = list(Unit.objects.filter(building__community=demo_community()).order_by("pk"))
    run = uuid.uuid4().hex[:6]
    users = [
        User(
            username=f"stack-{run}-{n}",
            display_name=f"压测{n}",
            unit=units[n % len(units)],
            community=demo_community(),
            verification=User.Verification.VERIFIED,
        )
        for n in range(count)
    ]
    for user in users:
        user.set_unusable_password()
    return User.objects.bulk_create(users)


def demo_community() -> Site:
    """The demo community (the default site); the demo's second community is left alone."""
    return Site.objects.get(is_default_site=True)


def site_path(page) -> str | None:
    """The page's path on its site: ``page.url`` is a full URL once there are several sites."""
    parts = page.get_url_parts()
    return parts[2] if parts else None


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def open_comments_module(user) -> CommentsModule:
    for module in CommentsModule.objects.select_related("page").order_by("pk"):
        if user.has_perm("participation_comments.add_comment", module):
            return module
    raise SystemExit("no comments module open to verified residents: load the demo")


def opinion_with_attachment(author) -> Opinion:
    hearing = Hearing.objects.order_by("pk").first()
    # Assigned as a form assigns an upload: the stored name comes from the detected content.
    attachment = ContentFile(PNG, name="evidence.png")
    opinion = Opinion(module=hearing, author=author, text="附件测试", attachment=attachment)
    opinion.save()
    return opinion


def password_resident(user) -> dict:
    password = secrets.token_urlsafe(12)
    user.set_password(password)
    user.save(update_fields=["password"])
    return {"login": user.username, "password": password}


def main(count: int) -> None:
    users = residents(count + 3)
    signs_in = password_resident(users.pop())
    author, stranger = users[-2:]
    module = open_comments_module(users[0])
    opinion = opinion_with_attachment(author)
    home = demo_community().root_page
    pages = Page.objects.live().public().descendant_of(home, inclusive=True).specific()
    print(
        json.dumps(
            {
                "cookies": [session_cookie(user) for user in users[:count]],
                "comment_post": f"/participate/participation_comments/modules/{module.pk}/post/",
                "comment_page": site_path(module.page),
                "pages": sorted(path for page in pages if (path := site_path(page)))[:12],
                "attachment": {
                    "url": f"/participate/participation_hearings/opinions/{opinion.pk}/attachment/",
                    "path": opinion.attachment.name,
                    "bytes": PNG.hex(),
                    "author": session_cookie(author),
                    "stranger": session_cookie(stranger),
                },
                "password_resident": signs_in,
            }
        )
    )


if __name__ == "__main__":
    main(int(sys.argv[1]))
