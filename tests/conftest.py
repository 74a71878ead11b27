import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import translation
from hypothesis import settings as hypothesis_settings
from wagtail.models import Page, Site

from tests.second_factor import force_login_with_second_factor

# Property tests are judged on what they find, never on how fast a shared CI machine runs them.
hypothesis_settings.register_profile("community", deadline=None, print_blob=True)
hypothesis_settings.load_profile("community")


def pytest_collection_modifyitems(config, items):
    """Concurrency proofs need PostgreSQL: SQLite serialises writers and would hide races."""
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: SQLite serialises writers and hides races")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def site(db):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def home_page(site):
    return site.root_page.specific


@pytest.fixture
def root_page(db):
    return Page.objects.get(depth=1)


@pytest.fixture(autouse=True)
def default_language():
    """A test that renders /en/ leaves English active in its thread (and reverse() would prefix
    /en/): every test starts in the site's default language."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate limits and lock-outs live in the cache: every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def signed_in_with_second_factor(monkeypatch):
    """``client.force_login(user)`` stands for a completed sign-in, which for staff includes the
    second factor: the session records one, so tests that sign staff in reach the admin as
    staff do after the code page. Tests of the second factor itself use
    ``tests.second_factor.login_without_second_factor`` or the real forms."""
    monkeypatch.setattr(Client, "force_login", force_login_with_second_factor)
