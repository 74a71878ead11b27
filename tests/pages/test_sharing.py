"""Short lasting addresses (/p/<id>/, /d/<number>/) and what a shared link shows (Open Graph)."""

import pytest
from wagtail.models import PageViewRestriction

from pages import factories
from participation.core.links import absolute_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def disclosure(disclosure_index, category):
    page = factories.publish_child(
        disclosure_index, factories.DisclosurePageFactory, title="公益金使用", category=category
    )
    page.refresh_from_db()
    return page


def test_a_disclosure_number_leads_to_the_page_even_after_its_slug_changes(client, disclosure):
    short = f"/d/{disclosure.category.slug}-{disclosure.serial_year}-{disclosure.serial}/"
    assert disclosure.short_path() == short
    disclosure.slug = "renamed"
    disclosure.save_revision().publish()
    response = client.get(short)
    assert response.status_code == 302
    assert response["Location"] == "/disclosures/renamed/"
    assert client.get(f"/en{short}")["Location"] == "/en/disclosures/renamed/"


def test_the_disclosure_page_prints_its_short_address(client, disclosure):
    text = client.get(disclosure.url).text
    assert f"{absolute_url(disclosure.short_path())}</a>" in text


def test_a_page_id_leads_to_the_page(client, blog_index):
    topic = factories.publish_child(blog_index, factories.BlogPageFactory, slug="lift")
    assert client.get(f"/p/{topic.pk}/")["Location"] == "/blog/lift/"


@pytest.mark.parametrize("state", ["draft", "private", "missing"])
def test_short_addresses_never_reveal_a_draft_or_a_private_page(client, disclosure, state):
    if state == "draft":
        disclosure.unpublish()
    elif state == "private":
        PageViewRestriction.objects.create(page=disclosure, restriction_type="login")
    short = disclosure.short_path() if state != "missing" else "/d/nothing-2026-1/"
    assert client.get(short).status_code == 404
    page_id = disclosure.pk if state != "missing" else 999999
    assert client.get(f"/p/{page_id}/").status_code == 404


def test_a_shared_link_shows_title_summary_and_canonical_address(client, blog_index):
    topic = factories.publish_child(
        blog_index,
        factories.BlogPageFactory,
        slug="lift",
        title="加装电梯",
        summary="北侧还是南侧？",
    )
    text = client.get("/blog/lift/").text
    url = absolute_url(topic)
    assert f'<link rel="canonical" href="{url}">' in text
    assert '<meta property="og:title" content="加装电梯">' in text
    assert '<meta property="og:description" content="北侧还是南侧？">' in text
    assert '<meta property="og:type" content="article">' in text
    assert '<meta property="og:locale" content="zh_CN">' in text
    assert '<meta name="twitter:card" content="summary">' in text
    assert '<meta property="og:locale" content="en_US">' in client.get("/en/blog/lift/").text


def test_a_showcase_shares_its_cover_image(client, showcase_index):
    image = factories.ImageFactory()
    factories.publish_child(
        showcase_index, factories.ShowcasePageFactory, slug="garden", cover_image=image
    )
    text = client.get("/showcases/garden/").text
    rendition = image.get_rendition("fill-1200x630")
    assert f'<meta property="og:image" content="{absolute_url(rendition.url)}">' in text
    assert '<meta name="twitter:card" content="summary_large_image">' in text


def test_a_section_index_is_shared_as_a_website(client, showcase_index):
    assert '<meta property="og:type" content="website">' in client.get("/showcases/").text
