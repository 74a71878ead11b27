"""No query or form parameter makes a list view fail: NUL, superscript and circled digits,
huge and negative numbers each give a page (or, in the admin, a way back), never a 500.

Run it on PostgreSQL too (``DATABASE_URL``): a NUL in a text filter is a psycopg ``DataError``
there, while SQLite takes it. The parameters walked are those each page links to or has a field
for (found in its HTML), plus the ones views read whatever the page shows.
"""

import re
from html import unescape
from urllib.parse import parse_qsl, urlencode

import pytest
from django.urls import reverse

from pages import factories
from participation.ballots.models import Ballot
from participation.residents.factories import UserFactory
from tests.core.admin_records import admin_model_views, one_record_of_each

pytestmark = pytest.mark.django_db

BAD_VALUES = ["a\x00b", "²", "①", "9" * 30, "-1"]
ADMIN_BAD_VALUES = ["a\x00b", "²", "9" * 30]
# Read by views whatever the page links to (an empty listing shows no year or building links).
READ_BY_PAGES = ["tag", "year", "month", "building", "kind", "feature", "category", "archive"]
READ_BY_PAGES += ["page", "q", "comments", "code"]
READ_BY_ADMIN_LISTS = ["q", "o", "p"]  # search, ordering and page of every record list
LINKED = re.compile(r'href="\?([^"]*)"')
FIELD = re.compile(r'<(?:input|select|textarea)[^>]*\sname="([^"]+)"')
NOT_PARAMETERS = {"csrfmiddlewaretoken"}


def linked_names(html):
    """The parameters a page links to (``href="?..."``) or has a field for."""
    names = {name for link in LINKED.findall(html) for name, _ in parse_qsl(unescape(link))}
    return (names | set(FIELD.findall(html))) - NOT_PARAMETERS


def failures_of(client, requests):
    """``(method, url, data)`` requests that raised or answered 5xx, described."""
    failed = []
    for method, url, data in requests:
        try:
            status = getattr(client, method)(url, data).status_code
        except Exception as error:  # noqa: BLE001 -- every failing request is reported
            failed.append(f"{method.upper()} {url} {data!r}: {error!r}")
        else:
            if status >= 500:
                failed.append(f"{method.upper()} {url} {data!r}: {status}")
    return failed


def walk(client, urls, values, read_anyway, filters_one_at_a_time=False):
    """Every parameter of every page in ``urls`` set to each of ``values``, all at once; in the
    admin, which stops at the first filter that does not fit, each found filter on its own."""
    requests = []
    for url in urls:
        found = sorted(linked_names(client.get(url).text) - set(read_anyway))
        groups = [[*read_anyway, *found]]
        if filters_one_at_a_time:
            groups = [list(read_anyway), *([name] for name in found)]
        for value in values:
            requests += [("get", f"{url}?{urlencode(dict.fromkeys(g, value))}", {}) for g in groups]
    return failures_of(client, requests)


@pytest.fixture
def listings(home_page):
    from participation.residents.factories import BuildingFactory

    blog = factories.publish_child(home_page, factories.BlogIndexPageFactory)
    factories.publish_child(blog, factories.BlogPageFactory)
    disclosures = factories.publish_child(home_page, factories.DisclosureIndexPageFactory)
    showcases = factories.publish_child(home_page, factories.ShowcaseIndexPageFactory)
    factories.publish_child(showcases, factories.ShowcasePageFactory, building=BuildingFactory())
    notices = factories.publish_child(home_page, factories.HearingIndexPageFactory)
    return [page.url for page in (home_page, blog, disclosures, showcases, notices)]


def test_public_listings_take_any_parameter(client, listings):
    failures = walk(client, [*listings, reverse("search")], BAD_VALUES, READ_BY_PAGES)
    assert not failures, "\n".join(failures)


@pytest.fixture
def staff_client(client, home_page):
    staff = UserFactory(is_staff=True, is_superuser=True)
    one_record_of_each(home_page, staff)
    client.force_login(staff)
    return client


def test_admin_lists_take_any_parameter(staff_client):
    lists = [
        reverse(name)
        for name, _model, _pk in admin_model_views()
        if name.endswith(("_modeladmin_index", ":list"))
    ]
    ballot = Ballot.objects.get()
    lists += [
        reverse("participation_ballots_admin:index"),
        reverse("participation_ballots_admin:roll", args=[ballot.pk]),
    ]
    failures = walk(
        staff_client, lists, ADMIN_BAD_VALUES, READ_BY_ADMIN_LISTS, filters_one_at_a_time=True
    )
    assert not failures, "\n".join(failures)


def test_staff_bulk_actions_take_any_ticked_value(staff_client):
    url = reverse("participation_comments_admin:bulk")
    failures = failures_of(
        staff_client,
        [
            ("post", url, {"action": "hide", "comment": value, "next": value})
            for value in BAD_VALUES
        ],
    )
    assert not failures, "\n".join(failures)
