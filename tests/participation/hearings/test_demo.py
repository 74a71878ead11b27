"""The demo loader attaches the hearing to the parking notice and registers the demo resident."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from home.models import HomePage
from participation.hearings import demo
from participation.hearings.models import Hearing, Opinion, Registration

from .conftest import add_page

pytestmark = pytest.mark.django_db


def test_loader_skips_missing_pages():
    demo.load()
    assert not Hearing.objects.exists()


def test_loader_attaches_hearings_and_is_idempotent(home_page, settings, monkeypatch):
    settings.DEBUG = True
    call_command("load_demo")  # the community and accounts (no pages in this branch)
    section = add_page(home_page, "听证会", "hearings")
    parking = add_page(section, "关于小区停车管理的听证会", "parking-management-hearing")
    held = add_page(section, "关于物业服务收费的听证会", "property-fee-hearing")
    # A notice page's end of meeting, as the content-pages app's notice page carries it.
    ended = timezone.now() - timedelta(days=30)
    monkeypatch.setattr(HomePage, "ends_at", ended, raising=False)

    demo.load()
    demo.load()

    hearing = Hearing.objects.get(page=parking)
    assert (hearing.capacity, hearing.waiting_list, hearing.registration_is_open()) == (
        30,
        True,
        True,
    )
    registration = Registration.objects.get(module=hearing)
    assert registration.author.username == "resident"
    assert registration.status == Registration.Status.CONFIRMED
    parking.refresh_from_db()
    assert [block.value.pk for block in parking.body] == [hearing.pk]

    past = Hearing.objects.get(page=held)
    assert past.ends_at is None and past.meeting_ends_at == ended  # the page's date applies
    assert past.has_been_held() and past.minutes
    assert not past.registration_is_open()
    assert Opinion.objects.public().filter(module=past).exclude(answer="").count() == 2


def test_load_demo_runs_the_plugin_loader_twice_without_change(home_page, settings):
    settings.DEBUG = True
    call_command("load_demo")
    section = add_page(home_page, "听证会", "hearings")
    add_page(section, "关于小区停车管理的听证会", "parking-management-hearing")
    call_command("load_demo")
    counts = (Hearing.objects.count(), Registration.objects.count())
    call_command("load_demo")
    assert (Hearing.objects.count(), Registration.objects.count()) == counts == (1, 1)
