"""Hearing notices: state from dates, index order, iCalendar feeds."""

import datetime

import pytest
from django.utils import timezone
from icalendar import Calendar

from pages import factories
from pages.models import HearingNoticePage

pytestmark = pytest.mark.django_db
State = HearingNoticePage.State


def _notice(index, days, **fields):
    starts = timezone.now() + datetime.timedelta(days=days)
    return factories.publish_child(
        index,
        factories.HearingNoticePageFactory,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        **fields,
    )


def test_state_follows_from_dates_and_minutes():
    now = timezone.now()
    notice = HearingNoticePage(starts_at=now + datetime.timedelta(days=5))
    notice.ends_at = notice.starts_at + datetime.timedelta(hours=2)
    assert notice.state(now) == State.UPCOMING
    notice.registration_deadline = now + datetime.timedelta(days=3)
    assert notice.state(now) == State.REGISTRATION_OPEN
    assert notice.state(now + datetime.timedelta(days=4)) == State.UPCOMING
    assert notice.state(now + datetime.timedelta(days=6)) == State.HELD
    notice.minutes = "<p>纪要</p>"
    assert notice.state(now + datetime.timedelta(days=6)) == State.MINUTES_PUBLISHED


def test_index_lists_upcoming_soonest_first_then_past_latest_first(client, hearing_index):
    _notice(hearing_index, 20, title="二十天后")
    _notice(hearing_index, 3, title="三天后")
    _notice(hearing_index, -30, title="上个月", decisions="<p>决定增设车位</p>")
    _notice(hearing_index, -3, title="三天前")
    text = client.get(hearing_index.url).text
    order = [text.index(title) for title in ("三天后", "二十天后", "三天前", "上个月")]
    assert order == sorted(order)
    assert "决定增设车位" in text


def test_index_filters_by_kind_and_ignores_unknown_kinds(client, hearing_index):
    _notice(hearing_index, 3, title="通报会", kind="briefing")
    _notice(hearing_index, 4, title="听证", kind="hearing")
    text = client.get(hearing_index.url, {"kind": "briefing"}).text
    assert "通报会" in text
    assert "听证</a>" not in text
    response = client.get(hearing_index.url, {"kind": "nonsense", "page": "zz"})
    assert response.status_code == 200
    assert "通报会" in response.text


def test_each_notice_offers_an_icalendar_event(client, hearing_index):
    notice = _notice(hearing_index, 3, title="关于小区停车管理的听证会", venue="二楼会议室")
    page = client.get(notice.url).text
    assert 'type="text/calendar"' in page
    response = client.get(notice.url + "ics/")
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == 1
    assert "关于小区停车管理的听证会" in str(events[0]["summary"])
    assert str(events[0]["location"]) == "二楼会议室"
    assert events[0].decoded("dtstart") == notice.starts_at.replace(microsecond=0)


def test_index_calendar_lists_every_public_notice(client, hearing_index):
    _notice(hearing_index, 3, title="甲")
    _notice(hearing_index, -3, title="乙")
    assert 'type="text/calendar"' in client.get(hearing_index.url).text
    calendar = Calendar.from_ical(client.get(hearing_index.url + "ics/").content)
    assert len(calendar.walk("VEVENT")) == 2
