"""What throttles and lock-outs are keyed to: the client's address behind a proxy, the account
whichever of its logins is typed; and a refused sign-in costs the same for every login."""

import pytest
from allauth.account.adapter import get_adapter
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client, RequestFactory
from django.urls import reverse

from participation.residents.factories import DEMO_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"


@pytest.fixture
def li(db):
    return UserFactory(username="li", email="li@example.com", phone="+8613800138000")


def sign_in(client, login, password, **headers):
    return client.post(reverse("account_login"), {"login": login, "password": password}, **headers)


def lock_out(client, login, settings, **headers):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, login, "wrong", **headers)


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "6.6.6.6", PROXY),  # no proxy configured: the header is anyone's to forge
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # the client typed the left part
        (2, "6.6.6.6, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (1, "", PROXY),
        (1, "not-an-address", PROXY),
    ],
)
def test_client_ip_trusts_only_what_the_proxies_appended(settings, count, forwarded, expected):
    from participation.residents.security import client_ip

    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
    assert get_adapter().get_client_ip(request) == expected  # allauth's rate limits


def test_behind_a_proxy_one_clients_failures_do_not_lock_out_another(li, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client_a = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    client_b = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.5"}
    lock_out(Client(), "li@example.com", settings, **client_a)
    assert sign_in(Client(), "li@example.com", DEMO_PASSWORD, **client_a).status_code == 429
    assert sign_in(Client(), "li@example.com", DEMO_PASSWORD, **client_b).status_code == 302


def test_without_a_proxy_a_forged_header_does_not_escape_the_lock_out(li, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    attacker = "203.0.113.66"
    lock_out(
        Client(), "li@example.com", settings, REMOTE_ADDR=attacker, HTTP_X_FORWARDED_FOR="1.1.1.1"
    )
    forged = sign_in(
        Client(),
        "li@example.com",
        DEMO_PASSWORD,
        REMOTE_ADDR=attacker,
        HTTP_X_FORWARDED_FOR="198.51.100.5",
    )
    assert forged.status_code == 429


@pytest.mark.parametrize(
    "other_login", ["13800138000", "+86 138 0013 8000", "li", "LI@Example.com"]
)
def test_a_lock_out_holds_whichever_login_of_the_account_is_typed(li, settings, other_login):
    client = Client()
    lock_out(client, "li@example.com", settings)
    assert sign_in(client, other_login, DEMO_PASSWORD).status_code == 429


def test_an_unknown_login_is_locked_in_all_its_spellings(settings):
    client = Client()
    lock_out(client, "13900139000", settings)
    assert sign_in(client, "+86 139 0013 9000", "guess").status_code == 429


@pytest.mark.parametrize(
    "login",
    ["li@example.com", "nobody@example.com", "13800138000", "13900139000", "li", "nobody"],
)
def test_every_refused_sign_in_checks_exactly_one_password_hash(li, monkeypatch, login):
    """Known and unknown logins cost the same: one hash (allauth's dummy for the unknown)."""
    hashes = []
    encode = MD5PasswordHasher.encode

    def counting_encode(self, password, salt):
        hashes.append(salt)
        return encode(self, password, salt)

    monkeypatch.setattr(MD5PasswordHasher, "encode", counting_encode)
    response = sign_in(Client(), login, "wrong")
    assert response.status_code == 200
    assert len(hashes) == 1
