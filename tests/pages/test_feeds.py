"""Every section has RSS and Atom feeds, announced on its index, listing only live public pages."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from pages import factories
from pages.models import DisclosureCategory

pytestmark = pytest.mark.django_db

SECTIONS = [
    ("blog_index", factories.BlogPageFactory, {}),
    ("disclosure_index", factories.DisclosurePageFactory, {}),
    ("hearing_index", factories.HearingNoticePageFactory, {}),
    ("showcase_index", factories.ShowcasePageFactory, {}),
]


def _titles(response) -> list[str]:
    assert response.status_code == 200
    tree = ET.fromstring(response.content)  # noqa: S314 -- our own feed, not untrusted input
    rss = [item.findtext("title") for item in tree.iter("item")]
    atom_entry = "{http://www.w3.org/2005/Atom}entry"
    atom = [entry.findtext("{http://www.w3.org/2005/Atom}title") for entry in tree.iter(atom_entry)]
    return rss + atom


def _draft(parent, page_factory, **fields):
    page = page_factory.build(live=False, **fields)
    parent.add_child(instance=page)
    page.save_revision()


@pytest.fixture
def section(request, category):
    fixture, page_factory, fields = request.param
    index = request.getfixturevalue(fixture)
    extra = {"category": category} if fixture == "disclosure_index" else {}
    factories.publish_child(index, page_factory, title="公开一", **extra)
    factories.publish_child(index, page_factory, title="公开二", **extra)
    private = factories.publish_child(index, page_factory, title="内部", **extra)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    _draft(index, page_factory, title="草稿", **extra)
    return index


@pytest.mark.parametrize("section", SECTIONS, indirect=True, ids=[s[0] for s in SECTIONS])
@pytest.mark.parametrize("feed", ["rss", "atom"])
def test_a_section_feed_lists_its_live_public_pages_newest_first(client, section, feed):
    response = client.get(f"{section.url}{feed}/")
    assert response["Content-Type"].startswith(f"application/{feed}+xml")
    assert _titles(response) == ["公开二", "公开一"]


@pytest.mark.parametrize("section", SECTIONS, indirect=True, ids=[s[0] for s in SECTIONS])
def test_a_section_index_announces_its_feeds(client, section):
    text = client.get(section.url).text
    assert (
        f'type="application/rss+xml" title="{section.title} (RSS)" href="{section.url}rss/"' in text
    )
    assert (
        f'type="application/atom+xml" title="{section.title} (Atom)" href="{section.url}atom/"'
        in text
    )
    assert f'<a href="{section.url}rss/" type="application/rss+xml">RSS</a>' in text


def test_the_disclosure_feed_narrows_to_one_category(client, disclosure_index, category):
    other = DisclosureCategory.objects.exclude(pk=category.pk).first()
    factories.publish_child(
        disclosure_index, factories.DisclosurePageFactory, title="居务事项", category=category
    )
    factories.publish_child(
        disclosure_index, factories.DisclosurePageFactory, title="财务事项", category=other
    )
    assert _titles(client.get(f"/disclosures/rss/?category={other.slug}")) == ["财务事项"]
    assert set(_titles(client.get("/disclosures/rss/"))) == {"居务事项", "财务事项"}
    text = client.get("/disclosures/").text
    link = f'title="{disclosure_index.title} · {other.name} (RSS)"'
    assert f'{link} href="/disclosures/rss/?category={other.slug}"' in text


def test_a_disclosure_item_in_the_feed_carries_its_number_and_category(
    client, disclosure_index, category
):
    page = factories.publish_child(
        disclosure_index, factories.DisclosurePageFactory, title="居务事项", category=category
    )
    page.refresh_from_db()
    item = next(ET.fromstring(client.get("/disclosures/rss/").content).iter("item"))  # noqa: S314
    assert page.number
    assert item.findtext("description").startswith(page.number)
    assert item.findtext("category") == category.name


def test_a_hearing_notice_in_the_feed_says_when_and_where(client, hearing_index):
    notice = factories.publish_child(
        hearing_index, factories.HearingNoticePageFactory, title="停车听证"
    )
    item = next(ET.fromstring(client.get("/hearings/rss/").content).iter("item"))  # noqa: S314
    assert notice.venue in item.findtext("description")
    assert item.findtext("category") == str(notice.get_kind_display())


def test_feeds_speak_english_titles_under_en(client, showcase_index):
    showcase_index.title_en = "Showcases"
    showcase_index.save_revision().publish()
    tree = ET.fromstring(client.get("/en/showcases/rss/").content)  # noqa: S314
    assert tree.find("channel").findtext("title") == "Showcases"


def _decided_topic(blog_index, title, outcome="<p>北侧加装电梯。</p>"):
    past = timezone.now() - datetime.timedelta(days=3)
    return factories.publish_child(
        blog_index,
        factories.BlogPageFactory,
        title=title,
        published_on=timezone.localdate() - datetime.timedelta(days=10),
        opinions_open_until=past,
        outcome=outcome,
    )


def _met(hearing_index, title, **fields):
    held = timezone.now() - datetime.timedelta(days=2)
    return factories.publish_child(
        hearing_index,
        factories.HearingNoticePageFactory,
        title=title,
        starts_at=held,
        ends_at=held + datetime.timedelta(hours=2),
        **fields,
    )


@pytest.fixture
def decided(blog_index, hearing_index):
    _decided_topic(blog_index, "加装电梯")
    _decided_topic(blog_index, "未汇总", outcome="<p></p>")
    factories.publish_child(blog_index, factories.BlogPageFactory, title="征求中")
    hidden = _decided_topic(blog_index, "内部议题")
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    _met(hearing_index, "停车听证", minutes="<p>纪要全文</p>", decisions="<p>增设夜间车位。</p>")
    _met(hearing_index, "未出纪要")


@pytest.mark.parametrize("feed", ["rss", "atom"])
def test_the_outcomes_feed_lists_what_was_decided(client, decided, feed):
    response = client.get(f"/outcomes/{feed}/")
    assert response["Content-Type"].startswith(f"application/{feed}+xml")
    assert _titles(response) == ["停车听证", "加装电梯"]
    assert "增设夜间车位。" in response.text  # the decisions rather than the whole minutes
    assert "北侧加装电梯。" in response.text


def test_the_outcomes_feed_speaks_english_under_en_and_is_announced(client, decided):
    assert _titles(client.get("/en/outcomes/rss/")) == ["停车听证", "加装电梯"]
    assert 'href="/outcomes/rss/"' in client.get("/").text
