"""Staff sessions end after idle time and on a password change; any account signs out everywhere."""

import os
import time
import uuid

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from config.env import cache_settings
from participation.residents.factories import DEMO_PASSWORD, UserFactory, VerifiedResidentFactory
from participation.residents.middleware import LAST_SEEN_KEY

pytestmark = pytest.mark.django_db


def idle_for(client, minutes):
    session = client.session
    session[LAST_SEEN_KEY] = time.time() - minutes * 60
    session.save()


def signed_out(client) -> bool:
    """The next admin page asks to sign in again (Wagtail sends to its sign-in form)."""
    response = client.get("/admin/")
    return response.status_code == 302 and "login" in response["Location"]


@pytest.fixture
def staff_client():
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_a_staff_session_ends_after_the_idle_time(staff_client, settings):
    assert settings.STAFF_IDLE_MINUTES == 30  # the default
    assert staff_client.get("/admin/").status_code == 200
    idle_for(staff_client, 29)
    assert staff_client.get("/admin/").status_code == 200  # activity keeps it alive
    idle_for(staff_client, 31)
    response = staff_client.get("/admin/")
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in staff_client.session


def test_the_idle_time_is_a_setting(staff_client, settings):
    settings.STAFF_IDLE_MINUTES = 5
    staff_client.get("/admin/")
    idle_for(staff_client, 6)
    assert staff_client.get("/admin/").status_code == 302


def test_residents_sessions_have_no_idle_limit():
    resident = Client()
    resident.force_login(VerifiedResidentFactory())
    idle_for(resident, 600)
    assert resident.get(reverse("participation_residents:profile")).status_code == 200


@pytest.mark.parametrize(
    "engine", ["django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db"]
)
def test_sign_out_everywhere_ends_every_session_of_the_account(settings, engine):
    settings.SESSION_ENGINE = engine
    user = UserFactory(is_superuser=True)
    phone, office, bystander = Client(), Client(), Client()
    phone.force_login(user)
    office.force_login(user)
    bystander.force_login(UserFactory(is_superuser=True))
    assert office.get("/admin/").status_code == 200
    profile = phone.get(reverse("participation_residents:profile"))
    assert reverse("participation_residents:sign_out_everywhere") in profile.text
    response = phone.post(reverse("participation_residents:sign_out_everywhere"))
    assert response["Location"] == reverse("account_login")
    for client in (phone, office):
        assert signed_out(client)
    assert bystander.get("/admin/").status_code == 200


REDIS_FOR_TESTS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def test_sign_out_everywhere_with_sessions_in_redis(settings):
    """Production's engine: cached_db over Redis, where each session lives in both stores."""
    settings.CACHES, settings.SESSION_ENGINE = cache_settings(REDIS_FOR_TESTS)
    settings.CACHES["default"]["KEY_PREFIX"] = f"test-{uuid.uuid4().hex[:8]}"
    if not caches["default"].is_available():
        pytest.skip(f"no Redis at {REDIS_FOR_TESTS}")
    user = UserFactory(is_superuser=True)
    phone, office = Client(), Client()
    phone.force_login(user)
    office.force_login(user)
    assert office.get("/admin/").status_code == 200
    phone.post(reverse("participation_residents:sign_out_everywhere"))
    assert signed_out(office)
    assert signed_out(phone)
    caches["default"].clear()


def test_sign_out_everywhere_takes_a_post():
    client = Client()
    client.force_login(VerifiedResidentFactory())
    assert client.get(reverse("participation_residents:sign_out_everywhere")).status_code == 405


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one():
    user = UserFactory(is_superuser=True)
    here, elsewhere = Client(), Client()
    here.force_login(user)
    elsewhere.force_login(user)
    new = "Another-long-passphrase-2026"
    response = here.post(
        reverse("account_change_password"),
        {"oldpassword": DEMO_PASSWORD, "password1": new, "password2": new},
    )
    assert response.status_code == 302
    assert here.get("/admin/").status_code == 200
    assert signed_out(elsewhere)


def test_sessions_made_before_any_sign_out_everywhere_stay_valid():
    """Generation 0 keeps Django's own hash, so deploying this signs no one out."""
    from django.contrib.auth.base_user import AbstractBaseUser

    user = UserFactory()
    assert user.get_session_auth_hash() == AbstractBaseUser.get_session_auth_hash(user)
