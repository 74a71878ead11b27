import pytest

from pages import factories


@pytest.fixture
def blog_index(home_page):
    return factories.publish_child(home_page, factories.BlogIndexPageFactory)


@pytest.fixture
def disclosure_index(home_page):
    return factories.publish_child(home_page, factories.DisclosureIndexPageFactory)


@pytest.fixture
def hearing_index(home_page):
    return factories.publish_child(home_page, factories.HearingIndexPageFactory)


@pytest.fixture
def showcase_index(home_page):
    return factories.publish_child(home_page, factories.ShowcaseIndexPageFactory)


@pytest.fixture
def category(db):
    from pages.models import DisclosureCategory

    return DisclosureCategory.objects.get(slug="residents-affairs")
