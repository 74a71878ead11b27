"""The district overview: every community with its latest public disclosures and its open
participation, nothing private or unpublished, in as many queries for 5 communities as for 2."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from home.communities import create_community
from home.models import DistrictHomePage
from pages import factories
from participation.core.models import Module
from plugins.models import PluginSettings

pytestmark = pytest.mark.django_db

DISTRICT_HOST = "district.test"
KIND = "raise_hand"  # the dummy plugin's (tests/dummy_plugin)


@pytest.fixture
def district(root_page):
    page = root_page.add_child(instance=DistrictHomePage(title="示例街道（虚构）", slug="district"))
    return Site.objects.create(hostname=DISTRICT_HOST, port=80, root_page=page, site_name="街道")


def _community(number):
    return create_community(f"虚构社区{number}", f"c{number}.test")


def _disclosure(community, title, days_ago=0, **fields):
    page = factories.DisclosurePageFactory(
        parent=community.sections["disclosures"], title=title, **fields
    )
    published = timezone.now() - datetime.timedelta(days=days_ago)
    Page.objects.filter(pk=page.pk).update(first_published_at=published)
    return page


def _open_module(page, title, **fields):
    closes = timezone.now() + datetime.timedelta(days=3)
    return Module.objects.create(page=page, kind=KIND, title=title, closes_at=closes, **fields)


def _overview(client):
    response = client.get("/", HTTP_HOST=DISTRICT_HOST)
    assert response.status_code == 200
    return response.content.decode()


def test_it_lists_each_community_with_its_disclosures_and_open_participation(client, district):
    first, second = _community(1), _community(2)
    _disclosure(first, "第一社区的公示")
    _disclosure(second, "第二社区的公示")
    topic = factories.BlogPageFactory(parent=second.sections["blog"], title="第二社区的议题")
    _open_module(topic, "举手")

    html = _overview(client)
    assert "虚构社区1" in html
    assert "虚构社区2" in html
    assert "第一社区的公示" in html
    assert "第二社区的公示" in html
    assert "第二社区的议题" in html
    assert 'href="http://c2.test/"' in html
    first_part, second_part = html.split("虚构社区2</a>", 1)
    assert "第二社区的议题" in second_part
    assert "第二社区的议题" not in first_part.split("虚构社区1</a>", 1)[1]


def test_only_the_latest_three_current_disclosures_of_each_community(client, district):
    community = _community(1)
    for days_ago in range(1, 5):
        _disclosure(community, f"公示{days_ago}天前", days_ago=days_ago)
    today = timezone.localdate()
    _disclosure(
        community,
        "已过期的公示",
        valid_from=today - datetime.timedelta(days=10),
        valid_until=today - datetime.timedelta(days=1),
    )

    html = _overview(client)
    assert all(f"公示{days}天前" in html for days in (1, 2, 3))
    assert "公示4天前" not in html
    assert "已过期的公示" not in html


def test_nothing_private_unpublished_closed_or_switched_off(client, district):
    community = _community(1)
    board = community.sections["disclosures"]
    draft = _disclosure(community, "草稿公示")
    draft.unpublish()
    private_blog = community.sections["blog"]
    PageViewRestriction.objects.create(
        page=private_blog, restriction_type=PageViewRestriction.LOGIN
    )
    private = factories.BlogPageFactory(parent=private_blog, title="内部议题")
    _open_module(private, "内部举手")
    notice = factories.HearingNoticePageFactory(parent=community.sections["hearings"], title="会议")
    closed = timezone.now() - datetime.timedelta(days=1)
    Module.objects.create(
        page=notice,
        kind=KIND,
        title="已结束",
        opens_at=closed - datetime.timedelta(1),
        closes_at=closed,
    )
    unpublished = factories.DisclosurePageFactory(parent=board, title="未发布页的模块")
    _open_module(unpublished, "未发布页的举手")
    unpublished.unpublish()

    _disclosure(community, "公开的公示")
    _open_module(notice, "公开的举手")

    html = _overview(client)
    assert "公开的公示" in html
    assert html.count(">会议</a>") == 1  # its open module, not the closed one
    for hidden in ("草稿公示", "内部议题", "已结束", "未发布页的模块"):
        assert hidden not in html


def test_a_plugin_switched_off_for_a_community_lists_none_of_its_modules(client, district):
    on, off = _community(1), _community(2)
    for community in (on, off):
        page = factories.BlogPageFactory(
            parent=community.sections["blog"], title=f"{community.site.hostname}议题"
        )
        _open_module(page, "举手")
    PluginSettings.objects.filter(site=off.site).update(disabled_plugins=["tests_dummy"])

    html = _overview(client)
    assert "c1.test议题" in html
    assert "c2.test议题" not in html


def _populate(community, number):
    _disclosure(community, f"社区{number}公示一")
    _disclosure(community, f"社区{number}公示二")
    topic = factories.BlogPageFactory(parent=community.sections["blog"], title=f"社区{number}议题")
    _open_module(topic, "举手")


def _queries(client) -> int:
    _overview(client)  # the first request builds the cached site data
    with CaptureQueriesContext(connection) as queries:
        _overview(client)
    return len(queries)


def test_the_same_number_of_queries_for_two_and_for_five_communities(
    client, district, django_assert_max_num_queries
):
    for number in (1, 2):
        _populate(_community(number), number)
    two = _queries(client)
    for number in (3, 4, 5):
        _populate(_community(number), number)
    _overview(client)
    with django_assert_max_num_queries(two):
        html = _overview(client)
    assert all(f"社区{number}议题" in html for number in range(1, 6))


def test_a_community_on_two_host_names_is_listed_once(client, district):
    community = _community(1)
    Site.objects.create(hostname="www.c1.test", port=80, root_page=community.home)
    assert _overview(client).count(">虚构社区1</a>") == 1
