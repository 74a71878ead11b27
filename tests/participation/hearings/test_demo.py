"""The demo loader attaches the hearing to the parking notice and registers the demo resident."""

import pytest
from django.core.management import call_command
from wagtail.models import Page

from participation.hearings import demo
from participation.hearings.models import Hearing, Opinion, Registration

pytestmark = pytest.mark.django_db


def test_loader_skips_missing_pages():
    demo.load()
    assert not Hearing.objects.exists()


def demo_hearings():
    parking = Page.objects.get(url_path=demo.PARKING_HEARING_PATH).specific
    held = demo.find_held_notice()
    return Hearing.objects.get(page=parking), Hearing.objects.get(page=held)


def test_demo_attaches_the_parking_hearing_and_a_held_one(settings):
    settings.DEBUG = True
    call_command("load_demo")
    hearing, past = demo_hearings()

    assert (hearing.capacity, hearing.waiting_list, hearing.registration_is_open()) == (
        30,
        True,
        True,
    )
    registration = Registration.objects.get(module=hearing)
    assert registration.author.username == "resident"
    assert registration.status == Registration.Status.CONFIRMED
    embedded = [b.value.pk for b in hearing.page.specific.body if b.block_type == "participation"]
    assert embedded == [hearing.pk]

    assert past.has_been_held()
    assert past.minutes
    assert past.meeting_ends_at == past.page.specific.ends_at  # the page's date applies
    assert not past.registration_is_open()
    assert Opinion.objects.public().filter(module=past).exclude(answer="").count() == 2


def test_load_demo_twice_changes_no_hearing(settings):
    settings.DEBUG = True
    call_command("load_demo")
    counts = (Hearing.objects.count(), Registration.objects.count(), Opinion.objects.count())
    revisions = {
        hearing.page_id: hearing.page.latest_revision_id for hearing in Hearing.objects.all()
    }
    call_command("load_demo")
    assert (
        Hearing.objects.count(),
        Registration.objects.count(),
        Opinion.objects.count(),
    ) == counts
    assert {h.page_id: h.page.latest_revision_id for h in Hearing.objects.all()} == revisions
    assert counts[0] == 3  # the parking hearing, the held one, the second community's


def test_embedding_a_plugin_subclass_twice_embeds_it_once(notice_page):
    from participation.core.embedding import embed_module

    from .conftest import make_hearing

    hearing = make_hearing(notice_page)  # embeds it once
    embed_module(hearing)
    notice_page.refresh_from_db()
    embedded = [b.value.pk for b in notice_page.body if b.block_type == "participation"]
    assert embedded == [hearing.pk]
