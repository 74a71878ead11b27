"""Disclosure numbering, archive by validity, corrections, filters, printing, no deletion."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from pages import factories
from pages.models import DisclosureCategory, DisclosurePage
from tests.pages.conftest import post_edit

pytestmark = pytest.mark.django_db


def _item(board, category, **fields):
    return factories.publish_child(
        board, factories.DisclosurePageFactory, category=category, **fields
    )


def test_numbers_follow_in_sequence_per_category_and_year(disclosure_index, category):
    finances = DisclosureCategory.objects.get(slug="finances")
    year = timezone.localdate().year
    first, second = _item(disclosure_index, category), _item(disclosure_index, category)
    other = _item(disclosure_index, finances)
    assert first.number == f"居务〔{year}〕1号"
    assert second.number == f"居务〔{year}〕2号"
    assert other.number == f"财务〔{year}〕1号"


def test_drafts_get_no_number_until_first_published(disclosure_index, category):
    draft = factories.DisclosurePageFactory.build(category=category, live=False)
    disclosure_index.add_child(instance=draft)
    draft.save_revision()
    draft.refresh_from_db()
    assert draft.number == ""
    draft.get_latest_revision().publish()
    draft.refresh_from_db()
    assert draft.number.endswith("〕1号")


def test_number_never_changes_on_republish_or_unpublish(disclosure_index, category):
    item = _item(disclosure_index, category)
    number = item.number
    item.title = "更新后的标题"
    item.save_revision().publish()
    item.unpublish()
    item.refresh_from_db()
    item.get_latest_revision().publish()
    item.refresh_from_db()
    assert item.number == number
    assert item.title == "更新后的标题"


def test_numbers_are_never_reused_after_an_item_is_deleted(disclosure_index, category):
    item = _item(disclosure_index, category)
    DisclosurePage.objects.filter(pk=item.pk).delete()  # only possible outside the admin
    assert _item(disclosure_index, category).serial == 2


def test_a_copy_gets_a_new_number(disclosure_index, category):
    item = _item(disclosure_index, category)
    copy = item.copy(update_attrs={"slug": "copy", "title": "副本"}, keep_live=True)
    assert copy.specific.serial == 2


def test_database_refuses_a_duplicate_number(disclosure_index, category):
    item = _item(disclosure_index, category)
    other = _item(disclosure_index, category)
    with pytest.raises(IntegrityError), transaction.atomic():
        DisclosurePage.objects.filter(pk=other.pk).update(serial=item.serial)


def test_items_past_their_validity_go_to_the_archive(client, disclosure_index, category):
    today = timezone.localdate()
    current = _item(disclosure_index, category, title="当前事项", valid_until=today)
    old = _item(
        disclosure_index,
        category,
        title="过期事项",
        valid_from=today - datetime.timedelta(days=30),
        valid_until=today - datetime.timedelta(days=1),
    )
    board = client.get(disclosure_index.url).text
    archive = client.get(disclosure_index.url, {"archive": "1"}).text
    assert current.title in board
    assert old.title not in board
    assert old.title in archive
    assert current.title not in archive
    assert DisclosurePage.objects.filter(pk=old.pk).exists()


def test_a_correction_links_to_the_item_it_supersedes(client, disclosure_index, category):
    original = _item(disclosure_index, category, title="原公示")
    correction = _item(disclosure_index, category, title="更正公示", supersedes=original)
    assert original.url in client.get(correction.url).text
    assert correction.url in client.get(original.url).text


def test_board_filters_by_category_year_and_month(client, disclosure_index, category):
    finances = DisclosureCategory.objects.get(slug="finances")
    _item(disclosure_index, category, title="居务事项")
    _item(disclosure_index, finances, title="财务事项")
    now = timezone.localtime()
    text = client.get(disclosure_index.url, {"category": "finances"}).text
    assert "财务事项" in text
    assert "居务事项" not in text
    text = client.get(disclosure_index.url, {"year": now.year, "month": now.month}).text
    assert "财务事项" in text
    assert "居务事项" in text
    text = client.get(disclosure_index.url, {"year": now.year - 1}).text
    assert "财务事项" not in text


@pytest.mark.parametrize(
    "params",
    [{"category": "nope"}, {"year": "abc"}, {"month": "13"}, {"year": "99999999"}, {"page": "-1"}],
)
def test_unknown_filter_values_give_the_unfiltered_list(client, disclosure_index, category, params):
    _item(disclosure_index, category, title="居务事项")
    response = client.get(disclosure_index.url, params)
    assert response.status_code == 200


def test_item_page_loads_the_a4_print_stylesheet(client, disclosure_index, category):
    item = _item(disclosure_index, category)
    text = client.get(item.url).text
    assert 'media="print"' in text
    assert "css/print.css" in text
    assert item.number in text


def test_published_disclosures_cannot_be_deleted_in_the_admin(
    client, admin_user, disclosure_index, category
):
    item = _item(disclosure_index, category)
    client.force_login(admin_user)
    response = client.post(reverse("wagtailadmin_pages:delete", args=[item.pk]))
    assert response.status_code == 302
    assert DisclosurePage.objects.filter(pk=item.pk).exists()
    response = client.post(reverse("wagtailadmin_pages:delete", args=[disclosure_index.pk]))
    assert DisclosurePage.objects.filter(pk=item.pk).exists()


def test_number_is_not_editable_in_the_admin(client, admin_user, disclosure_index, category):
    item = _item(disclosure_index, category)
    client.force_login(admin_user)
    response = post_edit(client, item, publish=True, number="伪造〔2000〕1号", title="改标题")
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "改标题"
    assert item.number.startswith("居务〔")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_publishes_take_consecutive_numbers(home_page):
    from tests.concurrency import run_in_parallel

    board = factories.publish_child(home_page, factories.DisclosureIndexPageFactory)
    category = DisclosureCategory.objects.get(slug="residents-affairs")
    drafts = []
    for n in range(20):
        draft = factories.DisclosurePageFactory.build(category=category, slug=f"d{n}", live=False)
        board.add_child(instance=draft)
        drafts.append(draft.save_revision())

    def publish(revision_id):
        from wagtail.models import Revision

        Revision.objects.get(pk=revision_id).publish()

    run_in_parallel(publish, [(revision.pk,) for revision in drafts], workers=10)
    serials = sorted(DisclosurePage.objects.values_list("serial", flat=True))
    assert serials == list(range(1, 21))


def test_each_community_numbers_its_own_board(client, disclosure_index, category):
    from tests.communities import SECOND_HOST, make_community

    second = make_community()
    their_board = factories.publish_child(second.root_page, factories.DisclosureIndexPageFactory)
    ours, theirs = _item(disclosure_index, category), _item(their_board, category)
    year = timezone.localdate().year
    assert ours.number == theirs.number == f"居务〔{year}〕1号"
    assert _item(their_board, category).serial == 2
    short = theirs.short_path()
    assert client.get(short, HTTP_HOST=SECOND_HOST)["Location"].endswith(f"/{theirs.slug}/")
    assert client.get(short)["Location"].endswith(f"/{ours.slug}/")
