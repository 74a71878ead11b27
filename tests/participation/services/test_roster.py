"""The roster kept ahead of the calendar, and each cadre's duties as a calendar feed."""

from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from participation.services import services
from participation.services.models import Duty, DutyPattern, ServiceMonth
from participation.services.roster import keep_roster_ahead

from .conftest import make_duty, this_month

pytestmark = pytest.mark.django_db


@pytest.fixture
def weekly_turn(cadre):
    return DutyPattern.objects.create(
        cadre=cadre, weekday=5, starts_at="08:30", ends_at="12:00", valid_from=date(2026, 1, 1)
    )


def test_the_job_builds_two_months_and_publishes_next_one_only_in_its_last_week(weekly_turn):
    made, published = keep_roster_ahead(today=date(2026, 12, 10))
    assert made == 4 + 5  # Saturdays of December 2026 and January 2027
    assert [month.month for month in published] == [date(2026, 12, 1)]
    assert not ServiceMonth.objects.get(month=date(2027, 1, 1)).roster_published_at
    _made, published = keep_roster_ahead(today=date(2026, 12, 26))
    assert [month.month for month in published] == [date(2027, 1, 1)]
    assert keep_roster_ahead(today=date(2026, 12, 27)) == (0, [])


def test_the_job_is_a_scheduled_command(weekly_turn):
    from plugins.registry import get_plugin

    commands = {job.command for job in get_plugin("participation_services").scheduled_jobs}
    assert "build_service_roster" in commands
    call_command("build_service_roster")
    assert Duty.objects.filter(pattern=weekly_turn).exists()


def test_a_cadres_published_duties_as_a_calendar(client, module, cadre):
    duty = make_duty(cadre, days=0, hour=23)
    url = reverse("participation_services:cadre_calendar", args=[module.pk, cadre.pk])
    assert client.get(url).status_code == 404  # nothing published yet
    services.publish_roster(this_month())
    response = client.get(url)
    assert response["Content-Type"].startswith("text/calendar")
    assert f"service-duty-{duty.pk}@" in response.content.decode()
    assert response.content.decode().count("BEGIN:VEVENT") == 1
