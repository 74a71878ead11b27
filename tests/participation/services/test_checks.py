"""The committee's checks (专项检查) per month and cadre, their export, the sign-off, and the
public monthly summary (aggregates only, small cells hidden)."""

import csv
import io
from datetime import datetime, time, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from participation.residents.factories import UserFactory, VerifiedResidentFactory
from participation.services import services, stats
from participation.services.models import Booking, ServiceMonth

from .conftest import make_duty, this_month

pytestmark = pytest.mark.django_db


def staff_with(*codenames):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", *codenames]))
    return user


def handled(module, matter, duty, cadre, rating=None, hours=2):
    """A booking accepted, replied ``hours`` after it was made, done and rated."""
    booking = services.book(
        module,
        VerifiedResidentFactory(),
        services.Request(matter=matter, mode="visit", duty_id=duty.pk),
    )
    Booking.objects.filter(pk=booking.pk).update(
        created_at=booking.created_at - timedelta(hours=hours)
    )
    services.accept(booking.pk, cadre)
    services.reply(booking.pk, cadre, "已答复")
    services.complete(booking.pk, cadre)
    if rating:
        services.rate(booking.author, booking.pk, rating)
    return booking


@pytest.fixture
def month_of_work(module, matter, cadre, notifications):
    duty = make_duty(cadre, capacity=10)
    for hours, rating in [
        (1, "satisfied"),
        (2, "satisfied"),
        (3, "basically"),
        (5, "dissatisfied"),
    ]:
        handled(module, matter, duty, cadre, rating, hours)
    late = services.book(
        module,
        VerifiedResidentFactory(),
        services.Request(matter=matter, mode="visit", duty_id=duty.pk),
    )
    Booking.objects.filter(pk=late.pk).update(created_at=late.created_at - timedelta(days=4))
    return duty


def month_of(booking):
    return services.month_start(timezone.localdate(booking.created_at))


def test_checks_per_cadre(month_of_work, cadre):
    """Four handled (replied after 1, 2, 3, 5 hours) and one overdue entry, in whichever
    months they fall (the overdue one was made four days ago)."""
    months = {month_of(booking) for booking in Booking.objects.all()}
    rows = [row for month in months for row in stats.checks(month)["rows"]]
    assert {who for who, _figures in rows} == {cadre, None}
    total = stats.total(Booking.objects.all())
    assert (total.requests, total.replied, total.overdue) == (5, 4, 1)
    assert total.median_hours == pytest.approx(2.5, abs=0.1)
    assert total.rating("satisfied") == 2
    assert total.rating("dissatisfied") == 1


def test_the_checks_view_needs_its_permission(client, month_of_work):
    url = reverse("participation_services_admin:checks")
    client.force_login(staff_with())
    assert client.get(url).status_code == 302  # Wagtail's refusal, back to the dashboard
    client.force_login(staff_with("view_checks"))
    html = client.get(url).text
    assert "专项检查" in html
    assert "导出 CSV" not in html


def test_export_needs_its_own_permission(client, month_of_work):
    url = reverse("participation_services_admin:export_checks", args=["csv"])
    client.force_login(staff_with("view_checks"))
    assert client.get(url).status_code == 302
    client.force_login(staff_with("view_checks", "export_checks"))
    response = client.get(url)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "干部"
    assert rows[1][0] == "刘主任"
    assert rows[-1][0] == "合计"
    xlsx = client.get(reverse("participation_services_admin:export_checks", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["A2"].value == "刘主任"
    assert (
        client.get(reverse("participation_services_admin:export_checks", args=["pdf"])).status_code
        == 404
    )


def test_a_checker_signs_the_month_off_once(client, month_of_work):
    checker = staff_with("view_checks", "sign_off_month")
    client.force_login(checker)
    url = reverse("participation_services_admin:sign_off")
    month = f"{this_month():%Y-%m}"
    client.post(url, {"month": month, "note": "记录完整，按时答复。"})
    signed = ServiceMonth.objects.get(month=this_month())
    assert (signed.checked_by, signed.check_note) == (checker, "记录完整，按时答复。")
    again = client.post(url, {"month": month, "note": "再签"}, follow=True)
    assert "已经签署过了" in again.text
    assert ServiceMonth.objects.get(month=this_month()).check_note == "记录完整，按时答复。"


def test_signing_off_needs_its_permission(client, month_of_work):
    client.force_login(staff_with("view_checks"))
    client.post(
        reverse("participation_services_admin:sign_off"), {"month": f"{this_month():%Y-%m}"}
    )
    assert not ServiceMonth.objects.filter(checked_at__isnull=False).exists()


def test_the_duty_log_highlights_overdue_entries(client, month_of_work, cadre):
    late = Booking.objects.get(replied_at=None)
    client.force_login(cadre)
    url = reverse("participation_services_admin:log") + f"?month={month_of(late):%Y-%m}"
    html = client.get(url + "&overdue=1").text
    assert html.count('class="overdue"') == 1
    assert html.count("/admin/services/bookings/") == 1  # the one overdue entry only
    assert f"#{late.pk}<" in html


def test_the_public_summary_hides_small_cells(module, matter, delegable, cadre, notifications):
    duty = make_duty(cadre, capacity=10)
    for _n in range(3):
        handled(module, matter, duty, cadre, "satisfied")
    services.book(
        module, VerifiedResidentFactory(), services.Request(matter=delegable, mode="delegate")
    )
    summary = stats.public_summary(this_month(), matter.community_id)
    rows = {row["matter"]: row for row in summary["rows"]}
    assert rows["证明开具"]["requests"] == 3
    assert rows["社保代办"]["requests"] == "<3"
    assert summary["requests"] == 4
    assert dict(summary["ratings"]) == {"满意": 3, "基本满意": 0, "不满意": 0}
    assert summary["on_time_share"] == 75


def test_the_public_summary_names_nobody(client, module, matter, cadre, notifications):
    duty = make_duty(cadre, capacity=10)
    booking = handled(module, matter, duty, cadre, "satisfied")
    # the page shows last month's summary: move the entry there
    last_month = this_month() - timedelta(days=1)
    Booking.objects.filter(pk=booking.pk).update(
        created_at=timezone.make_aware(datetime.combine(last_month, time(19)))
    )
    html = client.get(module.page.url).text
    assert str(booking.author) not in html
    assert "&lt;3" in html
