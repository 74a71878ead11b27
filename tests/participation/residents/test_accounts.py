"""Sign-up, sign-in and brute-force protection on the public site (django-allauth, axes)."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse

from participation.residents.factories import DEMO_PASSWORD, UserFactory
from participation.residents.models import User
from tests.second_factor import confirm_code, enrol, totp_code

PASSWORD = "Qiao-bei-2026!"


def signup_data(unit, **overrides):
    data = {
        "display_name": "张大爷",
        "phone": "13800138000",
        "email": "",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "building": unit.building.pk,
        "unit_number": unit.number,
        "website": "",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_sign_up_with_a_mobile_number_creates_an_unverified_resident(client, unit):
    response = client.post(reverse("account_signup"), signup_data(unit))
    assert response.status_code == 302
    user = User.objects.get(phone="+8613800138000")
    assert user.display_name == "张大爷"
    assert user.unit == unit
    assert user.verification == User.Verification.UNVERIFIED
    assert not user.is_verified


@pytest.mark.django_db
def test_sign_up_needs_a_phone_or_an_email(client, unit):
    response = client.post(reverse("account_signup"), signup_data(unit, phone=""))
    assert response.status_code == 200
    assert "请填写手机号码或电子邮箱" in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"unit_number": "9单元999"}, "没有“9单元999”这一户"),
        ({"display_name": "居委会小王"}, "不能冒充社区工作人员"),
        ({"phone": "12345"}, "手机号码"),
    ],
)
def test_sign_up_refuses_bad_input_with_a_clear_message(client, unit, overrides, message):
    response = client.post(reverse("account_signup"), signup_data(unit, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_sign_up_honeypot_stores_nothing(client, unit):
    client.post(reverse("account_signup"), signup_data(unit, website="http://spam.example"))
    assert not User.objects.exists()


@pytest.mark.django_db
@override_settings(ACCOUNT_RATE_LIMITS={"signup": "2/h/ip"})
def test_sign_up_is_rate_limited(client, unit):
    for n in range(2):
        client.post(reverse("account_signup"), signup_data(unit, phone=f"1380013800{n}"))
        client.logout()
    response = client.post(reverse("account_signup"), signup_data(unit, phone="13800138009"))
    assert response.status_code == 429
    assert User.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("login", ["13900139000", "+86 139 0013 9000", "li@example.com"])
def test_sign_in_with_phone_or_email(client, login):
    UserFactory(username="li", email="li@example.com", phone="+8613900139000")
    response = client.post(reverse("account_login"), {"login": login, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.session.get("_auth_user_id")


@pytest.mark.django_db
def test_sign_in_does_not_reveal_whether_an_account_exists(client):
    UserFactory(username="li", email="li@example.com", phone="+8613900139000")
    wrong_password = client.post(
        reverse("account_login"), {"login": "li@example.com", "password": "wrong-one"}
    )
    unknown = client.post(
        reverse("account_login"), {"login": "nobody@example.com", "password": "wrong-one"}
    )
    unknown_phone = client.post(
        reverse("account_login"), {"login": "13700137000", "password": "wrong-one"}
    )
    errors = [
        r.context["form"].non_field_errors() for r in (wrong_password, unknown, unknown_phone)
    ]
    assert errors[0] == errors[1] == errors[2] == ["账号或密码不正确。"]


@pytest.mark.django_db
def test_repeated_failures_lock_out_that_login_from_that_address(client, settings):
    UserFactory(username="li", email="li@example.com")
    url = reverse("account_login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"login": "li@example.com", "password": "wrong"})
    locked = client.post(url, {"login": "li@example.com", "password": DEMO_PASSWORD})
    assert locked.status_code == 429
    assert "暂时无法登录" in locked.content.decode()
    assert not client.session.get("_auth_user_id")
    other_address = client.post(
        url, {"login": "li@example.com", "password": DEMO_PASSWORD}, REMOTE_ADDR="10.0.0.9"
    )
    assert other_address.status_code == 302


@pytest.mark.django_db
def test_wagtail_admin_login_still_works_for_staff(client):
    secret = enrol(UserFactory(username="staffer", is_superuser=True, is_staff=True))
    response = client.post("/admin/login/", {"username": "staffer", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert confirm_code(client, totp_code(secret)).status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_sign_in_page_in_english(client):
    response = client.get("/en" + reverse("account_login"))
    assert response.status_code == 200
    assert "Mobile number or e-mail" in response.content.decode()


@pytest.mark.django_db
def test_login_url_is_the_public_sign_in_page(client):
    response = client.get(reverse("participation_residents:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_sign_up_with_a_registered_email_is_refused_clearly(client, unit):
    UserFactory(username="li", email="li@example.com")
    response = client.post(
        reverse("account_signup"), signup_data(unit, phone="", email="li@example.com")
    )
    errors = response.context["form"].errors
    assert list(errors) == ["email"]
    assert User.objects.filter(email="li@example.com").count() == 1


@pytest.mark.django_db
def test_the_admin_sign_in_is_protected_too(client, settings):
    UserFactory(username="staffer", is_superuser=True, is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "staffer", "password": "wrong"})
    locked = client.post("/admin/login/", {"username": "staffer", "password": DEMO_PASSWORD})
    assert locked.status_code == 429
    assert not client.session.get("_auth_user_id")


HAN = re.compile(r"[\u4e00-\u9fff]")
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")


def in_language(text: str, language: str) -> bool:
    """Chinese text has no English words; English text has no Han characters."""
    if language == "zh-hans":
        return bool(HAN.search(text)) and not ENGLISH_WORD.search(text)
    return bool(ENGLISH_WORD.search(text)) and not HAN.search(text)


def error_texts(response) -> list[str]:
    form = response.context["form"]
    return [str(e) for errors in form.errors.values() for e in errors]


def message_texts(response, name="张大爷") -> list[str]:
    """The messages, with the resident's own name taken out (it is in no language)."""
    return [str(m).replace(name, "") for m in response.context["messages"]]


@pytest.mark.django_db
@pytest.mark.parametrize(("prefix", "language"), [("", "zh-hans"), ("/en", "en")])
def test_password_errors_speak_the_residents_language(client, unit, prefix, language):
    weak = signup_data(unit, password1="123", password2="123")
    response = client.post(f"{prefix}/accounts/signup/", weak)
    errors = error_texts(response)
    assert len(errors) == 3  # too short, too common, entirely numeric
    assert all(in_language(error, language) for error in errors), errors


@pytest.mark.django_db
@pytest.mark.parametrize(("prefix", "language"), [("", "zh-hans"), ("/en", "en")])
def test_sign_up_sign_out_and_sign_in_messages_name_the_resident(client, unit, prefix, language):
    response = client.post(f"{prefix}/accounts/signup/", signup_data(unit), follow=True)
    user = User.objects.get()
    assert "张大爷" in str(list(response.context["messages"])[0])
    messages = message_texts(response)
    assert messages
    assert all(in_language(m, language) for m in messages), messages
    assert user.username not in messages[0]

    response = client.post(f"{prefix}/accounts/logout/", follow=True)
    messages = message_texts(response)
    assert messages
    assert all(in_language(m, language) for m in messages), messages

    login = {"login": "13800138000", "password": PASSWORD}
    response = client.post(f"{prefix}/accounts/login/", login, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert "张大爷" in messages[0]
    assert user.username not in messages[0]
