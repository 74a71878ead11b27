"""The disclosure register as open data: CSV and JSON per year, public items only, licensed."""

import csv
import datetime
import io
import json

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from home.models import CommunityInfo
from pages import factories
from participation.core.links import absolute_url

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def _body(response) -> str:
    assert response.status_code == 200
    assert response.streaming  # never the whole register in memory
    return b"".join(response.streaming_content).decode()


@pytest.fixture
def register(disclosure_index, category):
    public = factories.publish_child(
        disclosure_index, factories.DisclosurePageFactory, title="公益金使用", category=category
    )
    factories.publish_child(
        disclosure_index,
        factories.DisclosurePageFactory,
        title='长期公开, 含 "引号"',
        category=category,
        valid_until=None,
    )
    private = factories.publish_child(
        disclosure_index, factories.DisclosurePageFactory, title="内部事项", category=category
    )
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    draft = factories.DisclosurePageFactory.build(live=False, title="草稿事项", category=category)
    disclosure_index.add_child(instance=draft)
    last_year = factories.publish_child(
        disclosure_index, factories.DisclosurePageFactory, title="去年事项", category=category
    )
    moved = timezone.now() - datetime.timedelta(days=366)
    type(last_year).objects.filter(pk=last_year.pk).update(first_published_at=moved)
    public.refresh_from_db()
    return public


def test_the_csv_register_lists_the_years_public_items(client, register):
    response = client.get(f"/open-data/disclosures-{YEAR}.csv")
    text = _body(response)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="disclosures-{YEAR}.csv"'
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [row["title"] for row in rows] == ["公益金使用", '长期公开, 含 "引号"']
    first = rows[0]
    assert first["number"] == register.number
    assert first["category"] == register.category.name
    assert first["published"] == timezone.localdate().isoformat()
    assert first["url"] == absolute_url(register)
    assert rows[1]["valid_until"] == ""


def test_the_json_register_carries_the_sites_licence(client, register, site):
    info = CommunityInfo.for_site(site)
    info.open_data_licence = "CC0 1.0"
    info.open_data_licence_url = "https://creativecommons.org/publicdomain/zero/1.0/"
    info.save()
    response = client.get(f"/open-data/disclosures-{YEAR}.json")
    data = json.loads(_body(response))
    assert response["Link"] == '<https://creativecommons.org/publicdomain/zero/1.0/>; rel="license"'
    assert data["licence"] == "CC0 1.0"
    assert data["schema_version"] == 1
    assert data["fields"] == [
        "number",
        "title",
        "category",
        "published",
        "valid_from",
        "valid_until",
        "url",
    ]
    assert [item["title"] for item in data["items"]] == ["公益金使用", '长期公开, 含 "引号"']
    assert data["items"][1]["valid_until"] is None


def test_each_year_has_its_own_file(client, register):
    last = json.loads(_body(client.get(f"/open-data/disclosures-{YEAR - 1}.json")))
    assert [item["title"] for item in last["items"]] == ["去年事项"]
    assert json.loads(_body(client.get("/open-data/disclosures-1999.json")))["items"] == []


def test_an_unknown_format_is_not_found(client, register):
    assert client.get(f"/open-data/disclosures-{YEAR}.xml").status_code == 404


def test_the_open_data_page_lists_years_fields_licence_and_feeds(client, register, blog_index):
    text = client.get("/open-data/").text
    assert f'href="/open-data/disclosures-{YEAR}.csv"' in text
    assert f'href="/open-data/disclosures-{YEAR - 1}.json"' in text
    assert 'rel="license">CC BY 4.0</a>' in text
    assert "<code>valid_until</code>" in text
    assert 'href="/blog/rss/"' in text
    assert 'href="/outcomes/atom/"' in text
    assert 'href="/open-data/"' in client.get("/").text  # from every footer
