"""Household codes: stored only as a hash, work once, expire; verification is logged."""

import uuid
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from config.cache import cache_is_available
from config.env import cache_settings
from participation.residents import services
from participation.residents.factories import UnitFactory, UserFactory
from participation.residents.models import HouseholdCode, User, VerificationEvent
from tests.concurrency import run_in_parallel


@pytest.fixture
def building(db):
    unit = UnitFactory(building__number="7", number="1单元101")
    UnitFactory(building=unit.building, number="1单元102")
    return unit.building


@pytest.fixture
def staff(db):
    user = UserFactory(username="clerk", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="verify_resident"),
        Permission.objects.get(codename="access_admin"),
    )
    return user


def test_codes_are_generated_per_unit_and_stored_only_as_hashes(building, staff):
    batch, printed = services.generate_household_codes(building, staff)
    assert [item.unit.number for item in printed] == ["1单元101", "1单元102"]
    stored = list(HouseholdCode.objects.filter(batch=batch))
    assert len(stored) == 2
    for item in printed:
        plain = services.normalise_household_code(item.code)
        assert all(plain not in code.code_hash for code in stored)
        assert any(code.code_hash == services.hash_household_code(item.code) for code in stored)


def test_a_code_verifies_once_and_is_logged(building, staff):
    _batch, printed = services.generate_household_codes(building, staff)
    first, second = UserFactory(), UserFactory()
    # Full-width characters from a Chinese input method and lower case are forgiven.
    typed = printed[0].code.lower().replace("a", "ａ")
    unit = services.redeem_household_code(first, typed)
    first.refresh_from_db()
    assert first.is_verified
    assert first.unit == unit == printed[0].unit
    event = VerificationEvent.objects.get(resident=first)
    assert event.method == VerificationEvent.Method.HOUSEHOLD_CODE
    assert event.actor == first
    with pytest.raises(services.VerificationError, match="已被使用"):
        services.redeem_household_code(second, printed[0].code)
    second.refresh_from_db()
    assert not second.is_verified


def test_an_expired_code_is_refused(building, staff):
    _batch, printed = services.generate_household_codes(building, staff, timedelta(days=1))
    HouseholdCode.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    user = UserFactory()
    with pytest.raises(services.VerificationError, match="已过期"):
        services.redeem_household_code(user, printed[0].code)


def test_guessing_is_limited(building, staff, unverified):
    for _ in range(services.MAX_CODE_ATTEMPTS):
        with pytest.raises(services.VerificationError):
            services.redeem_household_code(unverified, "ABCDE-FGHJK")
    with pytest.raises(services.VerificationError, match="尝试次数过多"):
        services.redeem_household_code(unverified, "ABCDE-FGHJK")


def test_resident_enters_a_code_on_the_public_page(client, building, staff, unverified):
    _batch, printed = services.generate_household_codes(building, staff)
    client.force_login(unverified)
    bad = client.post(reverse("participation_residents:verify"), {"code": "nonsense"})
    assert "认证码应为 10 位" in bad.content.decode()
    good = client.post(reverse("participation_residents:verify"), {"code": printed[1].code})
    assert good.status_code == 302
    unverified.refresh_from_db()
    assert unverified.is_verified
    assert unverified.unit == printed[1].unit


def test_staff_print_a_sheet_with_codes_and_qr_codes(client, building, staff):
    client.force_login(staff)
    response = client.post(
        reverse("participation_residents_admin:generate_codes"),
        {"building": building.pk, "valid_days": 30},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert html.count('src="data:image/svg+xml') == 2
    assert "1单元101" in html
    assert "1单元102" in html


def test_staff_verify_and_revoke_with_a_log(client, staff, unverified, unit):
    client.force_login(staff)
    client.post(
        reverse("participation_residents_admin:verify", args=[unverified.pk]),
        {"unit": unit.pk, "real_name": "张三", "note": "持身份证到服务大厅"},
    )
    unverified.refresh_from_db()
    assert unverified.is_verified
    assert unverified.real_name == "张三"
    client.post(
        reverse("participation_residents_admin:revoke", args=[unverified.pk]), {"note": "已搬离"}
    )
    unverified.refresh_from_db()
    assert unverified.verification == User.Verification.REVOKED
    assert not unverified.is_verified
    log = list(VerificationEvent.objects.order_by("created_at").values_list("action", "actor"))
    assert log == [("verified", staff.pk), ("revoked", staff.pk)]


def test_staff_without_the_permission_cannot_verify(client, unverified, unit):
    clerk = UserFactory(username="nobody", is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(clerk)
    response = client.post(
        reverse("participation_residents_admin:verify", args=[unverified.pk]), {"unit": unit.pk}
    )
    assert response.status_code in (302, 403)  # Wagtail's admin redirects a PermissionDenied
    unverified.refresh_from_db()
    assert not unverified.is_verified


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_code_used_twice_in_parallel_verifies_one_account(building, staff):
    _batch, printed = services.generate_household_codes(building, staff)
    users = [UserFactory(username=f"racer{n}") for n in range(2)]
    clients = []
    for user in users:
        c = Client()
        c.force_login(user)
        clients.append(c)

    def enter(c):
        return c.post(
            reverse("participation_residents:verify"), {"code": printed[0].code}
        ).status_code

    statuses = run_in_parallel(enter, [(c,) for c in clients])
    assert sorted(statuses) == [200, 302]
    assert User.objects.filter(verification=User.Verification.VERIFIED).count() == 1
    assert VerificationEvent.objects.count() == 1


@pytest.fixture(params=["locmem", "redis"])
def counter_cache(request, settings):
    """The attempts counter in local memory (tests) and in Redis (production), db 1."""
    if request.param == "redis":
        settings.CACHES, _engine = cache_settings("redis://127.0.0.1:6379/1")
        settings.CACHES["default"]["KEY_PREFIX"] = f"test-codes-{uuid.uuid4().hex}"
        if not cache_is_available():
            pytest.skip("no Redis at 127.0.0.1:6379")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_thirty_parallel_wrong_codes_from_one_account_evaluate_at_most_ten(counter_cache):
    guesser = UserFactory(username="guesser")
    clients = []
    for _ in range(30):
        c = Client()
        c.force_login(guesser)
        clients.append(c)

    def guess(c):
        return c.post(reverse("participation_residents:verify"), {"code": "ABCDE-FGHJK"}).text

    pages = run_in_parallel(guess, [(c,) for c in clients])
    evaluated = sum("认证码无效" in page for page in pages)
    refused = sum("尝试次数过多" in page for page in pages)
    assert (evaluated, refused) == (services.MAX_CODE_ATTEMPTS, 30 - services.MAX_CODE_ATTEMPTS)


def test_a_new_batch_voids_the_unused_codes_of_the_previous_one(building, staff):
    _old, old_codes = services.generate_household_codes(building, staff)
    first = UserFactory()
    services.redeem_household_code(first, old_codes[0].code)
    _new, new_codes = services.generate_household_codes(building, staff)
    with pytest.raises(services.VerificationError, match="已过期"):
        services.redeem_household_code(UserFactory(), old_codes[1].code)
    services.redeem_household_code(UserFactory(username="later"), new_codes[1].code)
    assert HouseholdCode.objects.filter(used_at__isnull=False).count() == 2


def test_batches_list_shows_use_not_codes(client, building, staff):
    services.generate_household_codes(building, staff)
    client.force_login(staff)
    html = client.get(reverse("participation_residents_householdcodebatch_modeladmin_index"))
    assert "0 / 2" in html.content.decode()
