"""Check-in at the door: a typed code or a scanned QR code; valid, used, unknown, elsewhere."""

import pytest
from django.urls import reverse

from participation.hearings import services
from participation.hearings.models import Registration
from participation.hearings.services import CheckIn
from participation.residents.factories import UserFactory, VerifiedResidentFactory

from .conftest import make_hearing

pytestmark = pytest.mark.django_db


def check_in(client, staff, hearing, code):
    client.force_login(staff)
    return client.post(
        reverse("participation_hearings:check_in", args=[hearing.pk]), {"code": code}
    )


def test_a_valid_code_checks_the_resident_in(client, hearing, resident, staff):
    registration = services.register(resident, hearing)
    response = check_in(client, staff, hearing, registration.code)
    assert "有效：签到成功。" in response.text
    assert "已签到 1 / 1 人" in response.text
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    assert registration.checked_in_by == staff


def test_a_scanned_code_in_lower_case_with_spaces_is_accepted(hearing, resident, staff):
    registration = services.register(resident, hearing)
    scanned = f"  {registration.code[:4].lower()} {registration.code[4:].lower()}\n"
    assert services.check_in(hearing, scanned, staff).outcome is CheckIn.VALID


def test_a_code_used_twice_is_refused_the_second_time(client, hearing, resident, staff):
    registration = services.register(resident, hearing)
    check_in(client, staff, hearing, registration.code)
    first_time = Registration.objects.get().checked_in_at
    response = check_in(client, staff, hearing, registration.code)
    assert "此报名码已经使用过。" in response.text
    assert Registration.objects.get().checked_in_at == first_time


def test_an_unknown_code(client, hearing, staff):
    response = check_in(client, staff, hearing, "ZZZZ2222")
    assert "无效：没有这个报名码。" in response.text


def test_a_code_of_another_hearing(client, hearing, notice_page, resident, staff):
    other = make_hearing(notice_page, title="另一场会议")
    registration = services.register(resident, other)
    response = check_in(client, staff, hearing, registration.code)
    assert "无效：此报名码属于另一场会议。" in response.text
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_waiting_and_cancelled_codes_do_not_enter(client, notice_page, staff):
    hearing = make_hearing(notice_page, capacity=1)
    first = services.register(VerifiedResidentFactory(), hearing)
    waiting = services.register(VerifiedResidentFactory(), hearing)
    assert (
        "无效：此报名未确认（候补或已取消）。"
        in check_in(client, staff, hearing, waiting.code).text
    )
    services.cancel(first.author, first.pk)
    assert (
        "无效：此报名未确认（候补或已取消）。" in check_in(client, staff, hearing, first.code).text
    )
    assert Registration.objects.filter(checked_in_at__isnull=False).count() == 0


def test_residents_and_plain_staff_cannot_open_the_check_in_page(client, hearing, resident):
    registration = services.register(resident, hearing)
    url = reverse("participation_hearings:check_in", args=[hearing.pk])
    client.force_login(resident)
    assert client.post(url, {"code": registration.code}).status_code == 403
    client.force_login(UserFactory(is_staff=True))
    assert client.get(url).status_code == 403
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_staff_with_the_hearing_permission_may_check_in(client, hearing, resident):
    from django.contrib.auth.models import Permission

    clerk = UserFactory(is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="change_registration"))
    registration = services.register(resident, hearing)
    assert "有效：签到成功。" in check_in(client, clerk, hearing, registration.code).text


def test_a_checked_in_resident_cannot_cancel(hearing, resident, staff):
    registration = services.register(resident, hearing)
    services.check_in(hearing, registration.code, staff)
    with pytest.raises(services.HearingError):
        services.cancel(resident, registration.pk)


def test_check_in_page_loads_its_script_from_a_file(client, hearing, staff):
    client.force_login(staff)
    text = client.get(reverse("participation_hearings:check_in", args=[hearing.pk])).text
    assert "participation_hearings/check-in.js" in text
    assert "<script>" not in text
    assert " onclick=" not in text
