"""The read-only API: only what an anonymous visitor may see, rate limited, readable anywhere."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.models import Collection, PageViewRestriction

from pages import factories
from participation.residents.factories import VerifiedResidentFactory

pytestmark = pytest.mark.django_db


def _ids(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {item["title"] for item in response.json()["items"]}


def _draft(parent, page_factory, **fields):
    page = page_factory.build(live=False, **fields)
    parent.add_child(instance=page)
    return page


def _document(title):
    document = get_document_model()(title=title, collection=Collection.get_first_root_node())
    document.file.save(f"{title}.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    return document


@pytest.fixture
def board(disclosure_index, category):
    public = factories.publish_child(
        disclosure_index, factories.DisclosurePageFactory, title="公开事项", category=category
    )
    public.attachments.create(document=_document("公开附件"))
    public.save_revision().publish()
    private = factories.publish_child(
        disclosure_index, factories.DisclosurePageFactory, title="内部事项", category=category
    )
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    private.attachments.create(document=_document("内部附件"))
    private.save_revision().publish()
    draft = _draft(
        disclosure_index, factories.DisclosurePageFactory, title="草稿事项", category=category
    )
    draft.attachments.create(document=_document("草稿附件"))
    draft.save_revision()
    _document("未使用的附件")
    return public


def test_pages_are_only_the_live_public_ones_even_for_a_signed_in_resident(board):
    resident = Client()
    resident.force_login(VerifiedResidentFactory())
    for client in (Client(), resident):
        titles = _ids(client.get("/api/v2/pages/?type=pages.DisclosurePage"))
        assert titles == {"公开事项"}
    private = board.get_parent().get_children().get(title="内部事项")
    assert Client().get(f"/api/v2/pages/{private.pk}/").status_code == 404


def test_a_disclosure_has_its_number_category_and_validity(board):
    board.refresh_from_db()
    response = Client().get(f"/api/v2/pages/{board.pk}/")
    data = response.json()
    assert data["number"] == board.number
    assert data["valid_from"] == board.valid_from.isoformat()
    assert data["meta"]["html_url"].endswith(board.url)


def test_documents_are_only_those_public_pages_use(board):
    assert _ids(Client().get("/api/v2/documents/")) == {"公开附件"}


def test_images_are_only_those_public_pages_use(showcase_index):
    shown, hidden, unused = (
        factories.ImageFactory(title=t) for t in ("公开图片", "草稿图片", "闲置图片")
    )
    factories.publish_child(showcase_index, factories.ShowcasePageFactory, cover_image=shown)
    _draft(showcase_index, factories.ShowcasePageFactory, cover_image=hidden).save_revision()
    assert unused.pk
    assert _ids(Client().get("/api/v2/images/")) == {"公开图片"}


def test_any_origin_may_read(board):
    response = Client().get("/api/v2/pages/", HTTP_ORIGIN="https://news.example")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_client_asking_too_often_is_told_to_wait(board, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "api": "3/minute"},
    }
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    api_settings.reload()
    SimpleRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    try:
        statuses = [Client().get("/api/v2/pages/").status_code for _ in range(4)]
        other = Client(REMOTE_ADDR="192.0.2.7").get("/api/v2/pages/").status_code
    finally:
        api_settings.reload()
        SimpleRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    assert statuses == [200, 200, 200, 429]
    assert other == 200  # each address has its own allowance


def test_hearing_notices_and_topics_say_where_they_stand(hearing_index, blog_index):
    notice = factories.publish_child(hearing_index, factories.HearingNoticePageFactory)
    topic = factories.publish_child(blog_index, factories.BlogPageFactory)
    fields = "?fields=state,venue"
    assert Client().get(f"/api/v2/pages/{notice.pk}/{fields}").json()["state"] == "upcoming"
    assert Client().get(f"/api/v2/pages/{topic.pk}/").json()["state"] == topic.state().value
