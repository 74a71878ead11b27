"""Browser tests: Debian's Chromium driven by Playwright over a live server of the demo site.

The demo is loaded once per session into the test database and served by Django's
LiveServerThread (threaded, free port, static and media files). Tests never change the demo's
records: each creates its own people (unique names) through the factories, so tests stay
independent of each other and of their order. One browser per session, a new context per test.
"""

import datetime
import os
import shutil
import uuid

import pytest
from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.test.testcases import LiveServerThread
from django.test.utils import setup_databases, teardown_databases
from django.utils import timezone

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Every test under tests/browser carries the ``browser`` marker (deselected by default)."""
    for item in items:
        if "tests/browser/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


def _in_memory(connection):
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


@pytest.fixture(scope="session")
def django_db_setup(django_test_environment, django_db_blocker):
    """The test database, created for the session: these tests carry no django_db mark, since
    they commit what they create (the server must see it), so pytest-django would create none."""
    with django_db_blocker.unblock():
        databases = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    yield
    with django_db_blocker.unblock():
        teardown_databases(databases, verbosity=0)


@pytest.fixture(scope="session")
def live_url(django_db_setup, django_db_blocker):
    """The demo site, served for the whole session; its base URL (no trailing slash)."""
    with django_db_blocker.unblock():
        call_command("load_demo", "--force", verbosity=0)
        # An in-memory SQLite database exists only in this connection: the server shares it.
        shared = {alias: conn for alias in connections if _in_memory(conn := connections[alias])}
        for conn in shared.values():
            conn.inc_thread_sharing()
        thread = LiveServerThread("127.0.0.1", StaticFilesHandler, connections_override=shared)
        thread.daemon = True
        thread.start()
        thread.is_ready.wait()
        if thread.error:
            raise thread.error
        try:
            yield f"http://127.0.0.1:{thread.port}"
        finally:
            thread.terminate()
            for conn in shared.values():
                conn.dec_thread_sharing()


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install it (apt-get install chromium) "
            "or set CHROMIUM to its path. Browser tests never skip.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls that tests make
    # between browser steps are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def context(live_url, browser):
    context = browser.new_context(base_url=live_url, viewport=DESKTOP, locale="zh-CN")
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def open_page(live_url, browser):
    """``open_page(viewport, **options)``: a page in a new context of its own (a phone's when
    the viewport is PHONE), e.g. with the ``storage_state`` of a role; closed after the test."""
    contexts = []

    def open_(viewport=DESKTOP, **options):
        if viewport == PHONE:
            options.update(device_scale_factor=2, is_mobile=True, has_touch=True)
        context = browser.new_context(base_url=live_url, viewport=viewport, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def phone(open_page):
    return open_page(PHONE)


@pytest.fixture
def unique():
    """A short unique suffix for names this test creates."""
    return uuid.uuid4().hex[:8]


def session_cookie(user) -> dict:
    """A session cookie of ``user`` for the live server (no round trip through the form)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    return {"name": cookie.key, "value": cookie.value, "domain": "127.0.0.1", "path": "/"}


def site_path(page) -> str:
    """The page's path on its own site (the live server's base URL goes in front): ``page.url``
    is a full URL of the Site record's host once the demo has several communities."""
    return page.get_url_parts()[2]


def demo_section(model):
    """The demo community's section of ``model`` (the second community has one of each too)."""
    from wagtail.models import Site

    root = Site.objects.get(is_default_site=True).root_page
    return model.objects.descendant_of(root).get()


def sign_in(context, user):
    """Give the browser context a session of ``user``."""
    context.add_cookies([session_cookie(user)])


def sign_in_with_code(browser, live_url, person, secret) -> dict:
    """Sign ``person`` in through the real pages, the password then a current code from the
    authenticator app enrolled with ``secret``; the browser's storage state afterwards."""
    from participation.residents.factories import DEMO_PASSWORD
    from tests.second_factor import totp_code

    context = browser.new_context(base_url=live_url, viewport=DESKTOP, locale="zh-CN")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/accounts/login/?next=/admin/")
    form = page.locator("main form:has([name=password])")
    form.locator("[name=login]").fill(person.username)
    form.locator("[name=password]").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        form.locator("[type=submit]").last.click()
    assert page.url.split("?")[0].endswith("/accounts/2fa/authenticate/"), page.url
    form = page.locator("main form:has([name=code])")
    form.locator("[name=code]").fill(totp_code(secret))
    with page.expect_navigation():
        form.locator("[type=submit]").last.click()
    assert page.url.split("?")[0].endswith("/admin/"), page.url
    state = context.storage_state()
    context.close()
    return state


@pytest.fixture(scope="session")
def staff_state(live_url, browser):
    """``staff_state(role)``: the storage state of a staff member new to this session, in the
    groups of the demo account named ``role`` (editor, reviewer, volunteer), made once per role
    and reused by every test; copying the demo account's groups keeps the tests true to the
    roles whatever the groups are called. Each signs in as staff do: password, then a code
    from the authenticator app enrolled for them."""
    from participation.residents.factories import UserFactory
    from participation.residents.models import User
    from tests.second_factor import enrol

    states = {}

    def state(role):
        if role not in states:
            demo = User.objects.get(username=role)
            person = UserFactory(username=f"{role}-{uuid.uuid4().hex[:8]}", is_staff=True)
            person.groups.set(demo.groups.all())
            states[role] = sign_in_with_code(browser, live_url, person, enrol(person))
        return states[role]

    return state


@pytest.fixture
def resident(live_url, unique):
    """A verified resident of a demo unit, new for this test."""
    from participation.residents.factories import VerifiedResidentFactory
    from participation.residents.models import Unit

    unit = Unit.objects.filter(building__number="4").order_by("number").first()
    return VerifiedResidentFactory(
        username=f"r-{unique}", display_name=f"居民{unique[:4]}", unit=unit
    )


def publish_topic(**fields):
    """A new blog topic, published as editors do (through a revision): one with an
    ``opinions_open_until`` gets its comments block on publish."""
    from pages import factories
    from pages.models import BlogIndexPage

    unique = uuid.uuid4().hex[:8]
    fields = {"title": f"议题 {unique}", "slug": f"topic-{unique}", **fields}
    return factories.publish_child(demo_section(BlogIndexPage), factories.BlogPageFactory, **fields)


@pytest.fixture
def topic(live_url):
    """A new topic asking for opinions for a week, with its comments block."""
    return publish_topic(opinions_open_until=timezone.now() + datetime.timedelta(days=7))


@pytest.fixture
def hearing(live_url):
    """A new hearing notice open for registration and opinions, with its hearing block."""
    from pages import factories
    from pages.models import HearingIndexPage
    from participation.core.embedding import embed_module
    from participation.hearings.models import Hearing

    unique = uuid.uuid4().hex[:8]
    notice = factories.publish_child(
        demo_section(HearingIndexPage),
        factories.HearingNoticePageFactory,
        title=f"听证会 {unique}",
        slug=f"hearing-{unique}",
    )
    now = timezone.now()
    module = Hearing.objects.create(
        page=notice,
        title="报名参加听证会",
        capacity=30,
        opens_at=now - datetime.timedelta(days=1),
        opinion_deadline=now + datetime.timedelta(days=7),
    )
    embed_module(module)
    return module


@pytest.fixture
def make_ballot_page(live_url):
    """A new blog topic holding a new open ballot of all verified residents (own roll, so no
    other test's votes freeze it): ``make_ballot_page(ballot_type, options)``."""
    from pages import factories
    from pages.models import BlogIndexPage
    from participation.ballots.factories import BallotFactory, BallotOptionFactory
    from participation.core.embedding import embed_module

    def make(ballot_type="motion", options=()):
        unique = uuid.uuid4().hex[:8]
        blog = demo_section(BlogIndexPage)
        topic = factories.publish_child(
            blog, factories.BlogPageFactory, title=f"票决议题 {unique}", slug=f"ballot-{unique}"
        )
        ballot = BallotFactory(page=topic, ballot_type=ballot_type, opens_at=None, closes_at=None)
        for order, label in enumerate(options):
            BallotOptionFactory(ballot=ballot, label=label, sort_order=order)
        ballot.opens_at = timezone.now() - datetime.timedelta(minutes=1)
        ballot.closes_at = ballot.opens_at + datetime.timedelta(days=7)
        ballot.save()
        embed_module(ballot.module_ptr)
        return site_path(topic), ballot

    return make
