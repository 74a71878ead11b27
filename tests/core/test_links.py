"""Every absolute link that leaves a request starts from the site's configured root
(WAGTAILADMIN_BASE_URL), never from localhost or the request's Host header."""

import datetime

import pytest
from django.core import mail
from django.core.checks import run_checks
from django.test import override_settings
from django.utils import timezone
from icalendar import Calendar

from pages import factories
from participation.core.links import absolute_url
from participation.residents.factories import UserFactory
from tests.pages.conftest import *  # noqa: F403 -- the section fixtures

ROOT = "https://liubeiqiao.example"
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("public_root")]


@pytest.fixture
def public_root(settings):
    settings.WAGTAILADMIN_BASE_URL = ROOT


def test_absolute_url_puts_a_page_a_path_or_a_stray_host_under_the_root(home_page):
    assert absolute_url(home_page) == f"{ROOT}/"
    assert absolute_url("/blog/?page=2#top") == f"{ROOT}/blog/?page=2#top"
    assert absolute_url("http://localhost/blog/") == f"{ROOT}/blog/"


def test_calendar_feed_links_to_the_public_site(client, hearing_index):
    starts = timezone.now() + datetime.timedelta(days=3)
    notice = factories.publish_child(
        hearing_index,
        factories.HearingNoticePageFactory,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
    )
    calendar = Calendar.from_ical(client.get(hearing_index.url + "ics/").content)
    [event] = calendar.walk("VEVENT")
    assert str(event["url"]) == f"{ROOT}{notice.url}"


def test_sitemap_lists_public_addresses(client, blog_index):
    xml = client.get("/sitemap.xml").content.decode()
    assert f"<loc>{ROOT}{blog_index.url}</loc>" in xml
    assert "localhost" not in xml
    assert "testserver" not in xml


def test_printed_disclosure_shows_the_public_address(client, disclosure_index, category):
    page = factories.publish_child(
        disclosure_index, factories.DisclosurePageFactory, category=category
    )
    assert f"{ROOT}{page.url}" in client.get(page.url).text


def test_password_reset_mail_links_to_the_public_site(client):
    UserFactory(email="wang@example.com")
    client.post("/accounts/password/reset/", {"email": "wang@example.com"})
    [message] = mail.outbox
    assert f"{ROOT}/accounts/password/reset/key/" in message.body
    assert "testserver" not in message.body + message.subject
    assert "柳背桥社区" in message.subject


@override_settings(DEBUG=False, WAGTAILADMIN_BASE_URL="")
def test_production_refuses_to_run_without_the_public_root():
    """Wagtail's own admin e-mails use the same setting: without it they named a fixed host."""
    errors = [e for e in run_checks() if e.id == "participation_core.E001"]
    assert errors
    assert "WAGTAILADMIN_BASE_URL" in errors[0].msg


def test_a_page_of_another_community_is_under_that_communitys_own_address(home_page):
    from tests.communities import make_community

    second = make_community(hostname="erqu.liubeiqiao.example", port=443)
    topic = second.root_page.add_child(instance=type(home_page)(title="议题", slug="topic"))
    assert absolute_url(topic) == "https://erqu.liubeiqiao.example/topic/"
    assert absolute_url(home_page) == f"{ROOT}/"
