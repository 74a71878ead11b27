"""The hearings read their page only through the MeetingPage contract, and a hearing cannot be
put (or, when put by code, go unreported) on a page that lacks it."""

from datetime import timedelta

import pytest
from django.core.checks import run_checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.utils import timezone, translation

from home.models import HomePage
from participation.core.pages import Meeting, MeetingPage, meeting
from participation.hearings.models import Hearing
from participation.hearings.wagtail_hooks import HearingAdmin
from plugins.registry import get_plugin

from .conftest import make_hearing

pytestmark = pytest.mark.django_db
EMPTY = {"starts_at": None, "ends_at": None, "venue": "", "opinion_deadline": None}


@pytest.fixture
def plain_page(home_page):
    """A page type that announces no meeting."""
    return home_page.add_child(instance=HomePage(title="社区简介", slug="about"))


def contract_errors():
    return [e for e in run_checks(databases=["default"]) if e.id == "participation_core.E002"]


def hearing_form(page):
    form_class = HearingAdmin.edit_handler.bind_to_model(Hearing).get_form_class()
    data = {"title": "报名参加", "eligibility": "verified", "capacity": 30}
    data["page"] = page.pk if page else ""
    return form_class(data=data, instance=Hearing())


def test_the_hearings_plugin_needs_a_meeting_page():
    assert get_plugin("participation_hearings").page_contract is MeetingPage


def test_the_notice_page_announces_its_meeting(notice_page):
    deadline = timezone.now() + timedelta(days=2)
    notice_page.registration_deadline = deadline
    assert meeting(notice_page) == Meeting(
        starts_at=notice_page.starts_at,
        ends_at=notice_page.ends_at,
        venue="社区党群服务中心",
        registration_deadline=deadline,
        opinion_deadline=None,
    )


def test_empty_hearing_fields_come_from_the_notice_page(notice_page):
    hearing = make_hearing(notice_page, **EMPTY)
    hearing = Hearing.objects.get(pk=hearing.pk)  # the page as the database gives it
    assert hearing.meeting_starts_at == notice_page.starts_at
    assert hearing.meeting_ends_at == notice_page.ends_at
    assert hearing.meeting_venue == "社区党群服务中心"
    assert hearing.opinions_close_at == notice_page.starts_at


def test_a_page_without_the_contract_tells_the_hearing_nothing(plain_page):
    assert meeting(plain_page) is None
    hearing = make_hearing(plain_page, **EMPTY)
    hearing = Hearing.objects.get(pk=hearing.pk)
    assert (hearing.meeting_starts_at, hearing.meeting_venue) == (None, "")
    assert hearing.registration_closes_at is None
    assert not hearing.has_been_held()


def test_the_admin_refuses_a_page_that_is_not_a_meeting_page(plain_page):
    form = hearing_form(plain_page)
    assert not form.is_valid()
    assert "“听证会”模块只能放在这些类型的页面上：会议通知。" in form.errors["page"]
    with translation.override("en"):
        form = hearing_form(plain_page)
        assert not form.is_valid()
        assert "can only be placed on pages of these types" in str(form.errors["page"])


def test_the_page_chooser_offers_meeting_pages_only():
    assert hearing_form(None).fields["page"].widget.model_names == ["pages.hearingnoticepage"]


def test_the_admin_accepts_a_notice_page(notice_page):
    form = hearing_form(notice_page)
    assert form.is_valid(), form.errors


def test_the_check_reports_a_hearing_on_a_page_without_the_contract(plain_page, notice_page):
    make_hearing(notice_page, title="通知页上的听证会")
    misplaced = make_hearing(plain_page, title="放错页面的听证会")
    errors = contract_errors()
    assert len(errors) == 1  # the hearing on the notice page is fine
    message = errors[0].msg
    assert f"module {misplaced.pk} ('放错页面的听证会')" in message
    assert f"page {plain_page.pk} ('社区简介')" in message
    assert "participation.core.pages.MeetingPage" in message


def test_the_check_runs_with_the_database_option_only(plain_page):
    make_hearing(plain_page)
    call_command("check", "--tag", "database")  # without --database: not run, no error
    with pytest.raises(SystemCheckError, match="participation_core.E002"):
        call_command("check", "--tag", "database", "--database", "default")


def test_the_check_is_quiet_when_every_hearing_is_on_a_meeting_page(hearing):
    assert contract_errors() == []
