"""load_demo builds the sections and at least five items per page type, one in each state."""

import pytest
from django.core.management import call_command
from wagtail.models import Page

from pages.models import BlogPage, DisclosurePage, HearingNoticePage, ShowcasePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo")


def test_sections_and_contract_slugs(demo, client):
    for url in ("/blog/", "/disclosures/", "/hearings/", "/showcases/", "/search/?q=听证"):
        assert client.get(url).status_code == 200
    for slug in ("parking-motion", "democratic-evaluation-2026", "green-space-renovation"):
        assert BlogPage.objects.live().filter(slug=slug).exists()
    notice = HearingNoticePage.objects.get(slug="parking-management-hearing")
    assert notice.url_path.endswith("/hearings/parking-management-hearing/")
    assert notice.state() == HearingNoticePage.State.REGISTRATION_OPEN
    assert "关于小区停车管理的听证会" in client.get("/search/", {"q": "听证"}).text


def test_five_items_per_type_with_every_state(demo):
    for model in (BlogPage, DisclosurePage, HearingNoticePage, ShowcasePage):
        assert model.objects.live().count() >= 5
    assert {topic.state() for topic in BlogPage.objects.all()} == set(BlogPage.State)
    assert {notice.state() for notice in HearingNoticePage.objects.all()} == set(
        HearingNoticePage.State
    )
    items = DisclosurePage.objects.all()
    assert any(item.is_archived() for item in items)
    assert any(item.is_pending() for item in items)
    assert any(item.supersedes_id for item in items)
    assert ShowcasePage.objects.filter(live=False).exists()  # a volunteer's draft in review
    assert {showcase.kind for showcase in ShowcasePage.objects.live()} == set(ShowcasePage.Kind)


def test_load_demo_twice_changes_nothing(demo):
    before = (Page.objects.count(), list(DisclosurePage.objects.values_list("number", flat=True)))
    call_command("load_demo")
    after = (Page.objects.count(), list(DisclosurePage.objects.values_list("number", flat=True)))
    assert before == after


def test_showcases_link_to_the_posts_and_people_they_are_about(demo, client):
    text = client.get(ShowcasePage.objects.get(slug="model-building-8").url).text
    assert "相关岗位" in text
    assert ">治安巡逻岗</a>" in text
    assert text.count("（治安巡逻岗）</a>") == 2  # both demo volunteers on patrol, masked
    recycling = client.get(ShowcasePage.objects.get(slug="recycling-station").url).text
    assert ">环卫劝导岗</a>" in recycling
