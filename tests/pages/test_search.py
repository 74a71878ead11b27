"""Site search finds Chinese words inside titles and bodies, and never a draft or private page."""

import pytest
from wagtail.models import PageViewRestriction

from pages import factories
from pages.search import query_terms, search_terms

pytestmark = pytest.mark.django_db


def test_terms_are_han_unigrams_and_bigrams_plus_other_words():
    assert search_terms("听证会 Parking") == "听 证 会 听证 证会 parking"
    assert query_terms("停车管理") == "停车 车管 管理"
    assert query_terms("会") == "会"


@pytest.fixture
def hearing(hearing_index):
    return factories.publish_child(
        hearing_index,
        factories.HearingNoticePageFactory,
        title="关于小区停车管理的听证会",
        slug="parking-management-hearing",
    )


def test_searching_a_word_inside_a_chinese_title_finds_the_page(client, hearing):
    response = client.get("/search/", {"q": "听证"})
    assert response.status_code == 200
    assert "关于小区停车管理的听证会" in response.text
    assert "听证会与恳谈会" in response.text  # the hit's section is shown


def test_search_needs_every_bigram(client, hearing):
    assert "关于小区停车管理的听证会" in client.get("/search/", {"q": "停车管理"}).text
    assert "关于小区停车管理的听证会" not in client.get("/search/", {"q": "停车收费"}).text


def test_search_finds_body_text(client, blog_index):
    factories.publish_child(
        blog_index,
        factories.BlogPageFactory,
        title="绿地改造",
        body=[("paragraph", "<p>楼前绿地种植桂花树</p>")],
    )
    assert "绿地改造" in client.get("/search/", {"q": "桂花"}).text


def test_search_never_lists_drafts_or_private_pages(client, hearing_index, hearing):
    draft = factories.HearingNoticePageFactory.build(title="内部听证草稿", slug="draft")
    draft.live = False
    hearing_index.add_child(instance=draft)
    draft.save_revision()
    private = factories.publish_child(
        hearing_index, factories.HearingNoticePageFactory, title="党员内部听证", slug="private"
    )
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    text = client.get("/search/", {"q": "听证"}).text
    assert "关于小区停车管理的听证会" in text
    assert "内部听证草稿" not in text
    assert "党员内部听证" not in text


def test_search_results_are_paginated(client, blog_index):
    for n in range(12):
        factories.publish_child(blog_index, factories.BlogPageFactory, title=f"垃圾分类议题{n}")
    first = client.get("/search/", {"q": "垃圾分类"}).text
    assert "12" in first
    assert 'rel="next"' in first
    second = client.get("/search/", {"q": "垃圾分类", "page": "2"})
    assert second.status_code == 200
    assert 'rel="prev"' in second.text


def test_empty_or_odd_queries_do_not_fail(client, hearing):
    for query in ["", "   ", "!!!", "a" * 500, "<script>"]:
        assert client.get("/search/", {"q": query, "page": "x"}).status_code == 200


def test_search_finds_table_cells_and_disclosure_numbers(client, disclosure_index, category):
    table = {
        "first_row_is_table_header": True,
        "first_col_is_header": False,
        "data": [["项目", "支出"], ["健身器材维修", "12400"]],
    }
    item = factories.publish_child(
        disclosure_index,
        factories.DisclosurePageFactory,
        title="经费收支情况",
        category=category,
        body=[("table", table)],
    )
    assert "经费收支情况" in client.get("/search/", {"q": "健身器材"}).text
    assert "经费收支情况" in client.get("/search/", {"q": item.number}).text
