"""A security key (WebAuthn) as a staff member's second factor, in Chromium with its virtual
authenticator: enrolled on the page the admin forces new staff to, then used to sign in.

WebAuthn wants a domain as the relying party's id (allauth takes the request's host), never an
IP address, so the live server (listening on 127.0.0.1) is opened as http://localhost:<port>,
which Chromium counts as a secure context.
"""

import uuid

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.urls import reverse

from participation.residents.factories import DEMO_PASSWORD, UserFactory
from participation.residents.models import User
from tests.browser.conftest import DESKTOP

AUTHENTICATOR = {
    "protocol": "ctap2",
    "transport": "internal",
    "hasResidentKey": True,
    "hasUserVerification": True,
    "isUserVerified": True,
    "automaticPresenceSimulation": True,
}


@pytest.fixture
def localhost_url(live_url):
    """The live server by name. Over plain http, allauth's MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN is
    not needed for localhost (python-fido2 accepts http://localhost, a secure context), and
    staying off it keeps the check of each response's origin, as in production."""
    return live_url.replace("127.0.0.1", "localhost")


@pytest.fixture
def new_editor(live_url):
    """A staff member in the demo editor's groups, with a confirmed address (allauth adds no
    second factor while an address is unconfirmed) and no second factor yet."""
    person = UserFactory(username=f"key-{uuid.uuid4().hex[:8]}", is_staff=True)
    person.groups.set(User.objects.get(username="editor").groups.all())
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    return person


@pytest.fixture
def page_with_key(browser, localhost_url):
    """``page_with_key(credentials)``: a page in a new browser context that has a security key
    (Chromium's virtual authenticator) holding ``credentials``, and a function that reads the
    key's credentials back; the contexts close after the test."""
    contexts = []

    def open_(credentials=()):
        context = browser.new_context(base_url=localhost_url, viewport=DESKTOP, locale="zh-CN")
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("WebAuthn.enable")
        key = {
            "authenticatorId": cdp.send(
                "WebAuthn.addVirtualAuthenticator", {"options": AUTHENTICATOR}
            )["authenticatorId"]
        }
        for credential in credentials:
            cdp.send("WebAuthn.addCredential", {**key, "credential": credential})
        return page, lambda: cdp.send("WebAuthn.getCredentials", key)["credentials"]

    yield open_
    for context in contexts:
        context.close()


def sign_in_with_password(page, person):
    page.goto("/accounts/login/?next=/admin/")
    form = page.locator("main form:has([name=password])")
    form.locator("[name=login]").fill(person.username)
    form.locator("[name=password]").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        form.locator("[type=submit]").last.click()


def path_of(page) -> str:
    return "/" + page.url.split("/", 3)[3].split("?")[0]


def open_admin(page):
    response = page.goto("/admin/")
    assert response.status == 200
    assert path_of(page) == "/admin/"
    assert page.locator(".w-dashboard").count() == 1


def test_staff_enrol_a_security_key_and_sign_in_with_it(page_with_key, new_editor):
    page, credentials_on_key = page_with_key()
    sign_in_with_password(page, new_editor)
    assert path_of(page) == reverse("mfa_index")  # no second factor yet: enrolment first

    with page.expect_navigation():
        page.locator(f"main a[href='{reverse('mfa_add_webauthn')}']").click()
    # allauth asks for the password again before a device is added.
    assert path_of(page) == reverse("account_reauthenticate")
    form = page.locator("main form:has([name=password])")
    form.locator("[name=password]").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        form.locator("[type=submit]").first.click()
    assert path_of(page) == reverse("mfa_add_webauthn"), page.locator("main").inner_text()
    with page.expect_navigation():
        page.click("#mfa_webauthn_add")  # the browser asks the key to make a credential
    assert path_of(page) == reverse("mfa_view_recovery_codes")
    security_key = Authenticator.objects.get(user=new_editor, type=Authenticator.Type.WEBAUTHN)
    assert security_key.last_used_at is None
    open_admin(page)  # enrolling the key completed this sign-in

    # The same key in another browser: a new context, its credential carried over.
    credentials = credentials_on_key()
    assert len(credentials) == 1
    page, _ = page_with_key(credentials)
    sign_in_with_password(page, new_editor)
    assert path_of(page) == reverse("mfa_authenticate")  # the password alone is not enough
    with page.expect_navigation():
        page.click("#mfa_webauthn_authenticate")  # the key signs the server's challenge
    assert path_of(page) == "/admin/"
    security_key.refresh_from_db()
    assert security_key.last_used_at is not None  # this key, not another factor, signed in
    open_admin(page)
