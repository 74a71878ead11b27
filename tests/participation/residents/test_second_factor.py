"""Second factor for every account that may enter the admin: forced enrolment, codes at sign-in,
recovery codes used once, wrong codes toward the lock-out, and a superuser's logged reset."""

import io
import uuid

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, UUIDConverter

from participation.residents.factories import DEMO_PASSWORD, UserFactory, VerifiedResidentFactory
from participation.residents.middleware import ALWAYS_URL_NAMES, ENROL_URL_NAMES, VERIFY_URL_NAMES
from participation.residents.models import SecondFactorReset
from tests.core.admin_records import admin_model_views, admin_urls, one_record_of_each
from tests.second_factor import (
    confirm_code,
    enrol,
    login_without_second_factor,
    recovery_codes,
    totp_code,
)

pytestmark = pytest.mark.django_db


def _routes(patterns, namespaces=()):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from _routes(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield ":".join((*namespaces, pattern.name)), pattern


def _sample(converter) -> object:
    if isinstance(converter, IntConverter):
        return 1
    if isinstance(converter, UUIDConverter):
        return uuid.UUID(int=1)
    return "x"


def every_url() -> dict[str, str]:
    """Every named URL of the site (the admin, plugin admin views, the public pages), with sample
    arguments: the check runs before any view, so the records need not exist."""
    urls = {}
    for name, pattern in _routes(get_resolver().url_patterns):
        converters = getattr(pattern.pattern, "converters", {})
        kwargs = {key: _sample(converter) for key, converter in converters.items()}
        for key in pattern.pattern.regex.groupindex:
            kwargs.setdefault(key, "1")
        try:
            urls[reverse(name, kwargs=kwargs)] = name.split(":")[-1]
        except Exception:  # noqa: BLE001, S112 -- a regex that refuses the samples; counted below
            continue
    return urls


def refused_urls(client, urls, allowed_names, target) -> list[str]:
    failures = []
    for url, name in urls.items():
        if name in allowed_names | ALWAYS_URL_NAMES:
            continue
        response = client.get(url)
        if response.status_code != 302 or not response["Location"].startswith(target):
            failures.append(f"{url}: {response.status_code} {response.get('Location')}")
    return failures


@pytest.fixture
def superuser():
    return UserFactory(username="chief", is_staff=True, is_superuser=True)


def test_staff_with_only_a_password_reach_no_page_but_enrolment(client, home_page, superuser):
    one_record_of_each(home_page, superuser)
    urls = every_url()
    admin_paths = [url for url in urls if url.startswith("/admin/")]
    assert len(admin_paths) > 300, len(admin_paths)  # the whole admin, not a sample of it
    for url in admin_urls(admin_model_views()):  # modeladmin and snippet views on real records
        urls.setdefault(url, "")
    login_without_second_factor(client, superuser)
    failures = refused_urls(client, urls, ENROL_URL_NAMES, reverse("mfa_index"))
    assert not failures, "\n".join(failures)
    assert start_enrolment(client).status_code == 200
    # The same account after the second factor: the admin opens.
    client.force_login(superuser)
    assert client.get("/admin/").status_code == 200


def test_enrolled_staff_signed_in_by_password_alone_may_only_give_a_code(client, superuser):
    """Wagtail's own sign-in form takes a password only: every page then asks for the code, and
    the password alone cannot remove or replace the device."""
    enrol(superuser)
    response = client.post("/admin/login/", {"username": "chief", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    failures = refused_urls(client, every_url(), VERIFY_URL_NAMES, reverse("mfa_reauthenticate"))
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("kind", ["is_staff", "access_admin"])
def test_every_kind_of_admin_access_needs_the_second_factor(client, kind):
    user = UserFactory(is_staff=kind == "is_staff")
    if kind == "access_admin":
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    login_without_second_factor(client, user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_index")


def test_residents_are_never_asked_for_a_second_factor(client):
    login_without_second_factor(client, VerifiedResidentFactory())
    assert client.get(reverse("participation_residents:profile")).status_code == 200
    assert client.get("/").status_code == 200


def sign_in(client, username, password=DEMO_PASSWORD):
    return client.post(reverse("account_login"), {"login": username, "password": password})


def start_enrolment(client):
    """The authenticator app's page; allauth first asks for the password again."""
    asked = client.get(reverse("mfa_activate_totp"))
    assert asked["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": DEMO_PASSWORD})
    return client.get(reverse("mfa_activate_totp"))


def test_sign_in_asks_enrolled_staff_for_a_current_code(client, superuser):
    secret = enrol(superuser)
    response = sign_in(client, "chief")
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get("/admin/").status_code == 302  # not signed in yet
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    assert wrong.context["form"].errors
    right = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert right.status_code == 302
    assert client.get("/admin/").status_code == 200


# allauth signals the enrolment after the commit, which a test transaction never makes.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_forced_enrolment_leads_into_the_admin(client, superuser):
    sign_in(client, "chief")
    assert client.get("/admin/pages/")["Location"] == reverse("mfa_index")
    secret = start_enrolment(client).context["form"].secret
    enrolled = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert enrolled["Location"] == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=superuser, type="totp").exists()
    assert client.get("/admin/pages/").status_code == 200


def test_a_recovery_code_works_once(superuser):
    enrol(superuser)
    code = recovery_codes(superuser)[0]
    first = Client()
    sign_in(first, "chief")
    assert first.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    assert first.get("/admin/").status_code == 200
    again = Client()
    sign_in(again, "chief")
    refused = again.post(reverse("mfa_authenticate"), {"code": code})
    assert refused.status_code == 200
    assert refused.context["form"].errors
    assert again.get("/admin/").status_code == 302


def test_a_used_totp_code_does_not_work_twice(superuser):
    secret = enrol(superuser)
    code = totp_code(secret)
    first = Client()
    sign_in(first, "chief")
    assert first.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    again = Client()
    sign_in(again, "chief")
    assert again.post(reverse("mfa_authenticate"), {"code": code}).status_code == 200


def test_wrong_codes_count_toward_the_lock_out(client, settings, superuser):
    """django-axes: wrong codes are failed sign-ins of the account from that address; once it is
    locked, neither the password nor a right code gets in."""
    secret = enrol(superuser)
    sign_in(client, "chief")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(reverse("mfa_authenticate"), {"code": "000000"}).status_code == 200
    locked = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert locked.status_code == 429
    refused = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert refused.status_code in (200, 429)
    assert client.get("/admin/").status_code == 302
    again = Client()
    assert sign_in(again, "chief").status_code == 429


def test_wrong_codes_after_a_wagtail_sign_in_count_too(client, settings, superuser):
    secret = enrol(superuser)
    client.post("/admin/login/", {"username": "chief", "password": DEMO_PASSWORD})
    for _ in range(settings.AXES_FAILURE_LIMIT):
        confirm_code(client, "000000")
    assert confirm_code(client, totp_code(secret)).status_code in (200, 429)
    assert client.get("/admin/").status_code == 302


def test_a_superuser_resets_a_lost_device_and_it_is_logged(superuser):
    editor = UserFactory(username="editor1", is_staff=True, is_superuser=True)
    enrol(editor)
    session = Client()
    session.force_login(editor)
    assert session.get("/admin/").status_code == 200
    call_command("reset_second_factor", "editor1", "--by", "chief", stdout=io.StringIO())
    assert not Authenticator.objects.filter(user=editor).exists()
    entry = SecondFactorReset.objects.get()
    assert (entry.account, entry.reset_by) == (editor, superuser)
    assert (entry.account_username, entry.reset_by_username) == ("editor1", "chief")
    assert entry.reset_at is not None
    # The editor's sessions ended; the next sign-in enrols afresh.
    assert "/admin/login/" in session.get("/admin/")["Location"]
    fresh = Client()
    sign_in(fresh, "editor1")
    assert fresh.get("/admin/")["Location"] == reverse("mfa_index")


def test_only_a_superuser_may_reset_and_not_their_own(superuser):
    UserFactory(username="clerk", is_staff=True)
    UserFactory(username="other", is_staff=True)
    with pytest.raises(CommandError):
        call_command("reset_second_factor", "other", "--by", "clerk")
    with pytest.raises(CommandError):
        call_command("reset_second_factor", "chief", "--by", "chief")
    assert not SecondFactorReset.objects.exists()


def test_residents_may_turn_it_on_for_themselves(client):
    resident = VerifiedResidentFactory(username="li")
    client.force_login(resident)
    profile = client.get(reverse("participation_residents:profile"))
    assert reverse("mfa_index") in profile.text
    secret = start_enrolment(client).context["form"].secret
    client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    other = Client()
    assert sign_in(other, "li")["Location"] == reverse("mfa_authenticate")


def test_a_superuser_resets_from_the_admin_and_it_is_logged(client, superuser):
    editor = UserFactory(username="editor2", is_staff=True)
    enrol(editor)
    client.force_login(superuser)
    url = reverse("participation_residents_admin:reset_second_factor", args=[editor.pk])
    listing = client.get(reverse("wagtailusers_users:index"))
    assert url in listing.text
    assert client.get(url).status_code == 200
    assert Authenticator.objects.filter(user=editor).exists()  # a GET only asks
    response = client.post(url)
    assert response["Location"] == reverse("wagtailusers_users:index")
    assert not Authenticator.objects.filter(user=editor).exists()
    entry = SecondFactorReset.objects.get()
    assert (entry.account, entry.reset_by) == (editor, superuser)
    assert "editor2" in client.get(url).text  # the earlier reset, on the next visit


def test_only_superusers_see_and_use_the_reset(client, superuser):
    clerk = UserFactory(is_staff=True)
    clerk.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "change_user", "view_user"])
    )
    url = reverse("participation_residents_admin:reset_second_factor", args=[superuser.pk])
    client.force_login(clerk)
    assert url not in client.get(reverse("wagtailusers_users:index")).text
    refused = client.post(url)  # Wagtail's admin answers a refusal with its dashboard
    assert refused.status_code == 302
    assert refused["Location"] == "/admin/"
    client.force_login(superuser)
    assert client.post(url).status_code == 302  # their own: refused the same way
    assert not SecondFactorReset.objects.exists()


def test_staff_with_an_unconfirmed_address_may_confirm_it_to_enrol(client):
    from allauth.account.models import EmailAddress

    staff = UserFactory(is_superuser=True, email="new@example.org")
    EmailAddress.objects.create(user=staff, email="new@example.org", verified=False)
    login_without_second_factor(client, staff)
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.get(reverse("account_email")).status_code == 200
    assert client.get("/admin/")["Location"] == reverse("mfa_index")
