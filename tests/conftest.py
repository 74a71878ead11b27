import pytest
from django.db import connection
from wagtail.models import Page, Site


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
