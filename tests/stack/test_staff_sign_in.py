"""Staff sign in on the production stack with a second factor: the demo's editor, through nginx,
with the password and then a code from the authenticator app that ``load_demo`` enrolled."""

import subprocess
from http.cookies import SimpleCookie

import pytest

from participation.residents.factories import DEMO_PASSWORD
from tests.second_factor import totp_code
from tests.stack.conftest import PYTHON, ROOT

pytestmark = pytest.mark.stack

SECRET_OF = (
    "from participation.residents.models import User;"
    "from participation.residents.second_factor import totp_secret;"
    "print(totp_secret(User.objects.get(username='{}')))"
)


def demo_secret(stack, username: str) -> str:
    """The secret ``load_demo`` printed for ``username``, read as the stack's settings read it."""
    shell = [PYTHON, "manage.py", "shell", "-v", "0", "-c", SECRET_OF.format(username)]
    done = subprocess.run(
        shell, env=stack.env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return done.stdout.strip().splitlines()[-1]


def send(client, method: str, path: str, data: dict | None = None):
    """A request that keeps the cookies the site sets, as a browser does."""
    response = client.request(method, path, data)
    for header in response.headers.get_all("Set-Cookie") or []:
        for name, morsel in SimpleCookie(header).items():
            client.cookies[name] = morsel.value
    return response


def test_the_demo_editor_reaches_the_admin_only_after_a_code(stack):
    client = stack.client()
    signed_in = send(
        client, "POST", "/accounts/login/", {"login": "editor", "password": DEMO_PASSWORD}
    )
    assert signed_in.status == 302
    assert "/2fa/" in signed_in.headers["Location"]
    assert send(client, "GET", "/admin/").status == 302  # the password alone opens nothing

    code = totp_code(demo_secret(stack, "editor"))
    confirmed = send(client, "POST", signed_in.headers["Location"], {"code": code})
    assert confirmed.status == 302
    admin = send(client, "GET", "/admin/")
    assert admin.status == 200
    assert "wagtail" in admin.text.lower()
    client.close()


def test_wagtail_admin_sign_in_with_the_password_alone_asks_for_the_code(stack):
    client = stack.client()
    signed_in = send(
        client, "POST", "/admin/login/", {"username": "reviewer", "password": DEMO_PASSWORD}
    )
    assert signed_in.status == 302
    refused = send(client, "GET", "/admin/pages/")
    assert refused.status == 302
    assert "/reauthenticate/" in refused.headers["Location"]
    client.close()
