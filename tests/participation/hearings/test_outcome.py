"""After the meeting: minutes, decisions, attendance and the published opinions with answers."""

from datetime import timedelta

import pytest
from django.utils import timezone

from participation.hearings import services
from participation.hearings.models import Opinion, OpinionGroup
from participation.residents.factories import BuildingFactory, UnitFactory, VerifiedResidentFactory

from .conftest import make_hearing

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(notice_page):
    now = timezone.now()
    return make_hearing(
        notice_page,
        opens_at=now - timedelta(days=10),
        closes_at=now - timedelta(days=3),
        starts_at=now - timedelta(days=2),
        ends_at=now - timedelta(days=2) + timedelta(hours=2),
        opinion_deadline=now - timedelta(days=3),
        minutes="<p>会议听取了停车方案说明。</p>",
        decisions="<p>方案提交居民代表会议票决。</p>",
    )


def opinion(hearing, text, **fields):
    author = fields.pop("author", None) or VerifiedResidentFactory(
        display_name="王阿姨", unit=UnitFactory(building=BuildingFactory(number="3", name="3栋"))
    )
    return Opinion.objects.create(module=hearing, author=author, text=text, **fields)


def test_page_shows_minutes_decisions_attendance_and_answered_opinions(client, held, staff):
    group = OpinionGroup.objects.create(hearing=held, title="收费标准")
    published = opinion(held, "建议公开停车收费明细。", show_name=True, group=group)
    services.publish_opinions(Opinion.objects.filter(pk=published.pk))
    services.answer_opinion(published, "采纳，每季度公示一次。")
    anonymous = opinion(held, "希望增加夜间巡逻。")
    services.publish_opinions(Opinion.objects.filter(pk=anonymous.pk))
    opinion(held, "这条没有公开。")
    text = client.get(held.page.url).text
    assert "会议听取了停车方案说明。" in text
    assert "方案提交居民代表会议票决。" in text
    assert "出席 0 人" in text
    assert "收费标准" in text
    assert "建议公开停车收费明细。" in text
    assert "采纳，每季度公示一次。" in text
    assert "3栋 王**" in text  # the public name the resident allowed, never the full one
    assert "王阿姨" not in text
    assert "希望增加夜间巡逻。" in text
    assert "匿名居民" in text
    assert "这条没有公开。" not in text


def test_attendance_counts_check_ins_unless_staff_enter_a_number(held, staff):
    held.closes_at = None
    held.opens_at = None
    held.starts_at = timezone.now() + timedelta(hours=1)
    held.ends_at = timezone.now() + timedelta(hours=3)
    held.save()
    for person in VerifiedResidentFactory.create_batch(2):
        registration = services.register(person, held)
        services.check_in(held, registration.code, staff)
    assert held.attendance_count() == 2
    held.attendance = 35
    assert held.attendance_count() == 35


def test_outcome_is_not_shown_before_the_meeting(client, hearing):
    hearing.minutes = "<p>草稿纪要</p>"
    hearing.save()
    published = opinion(hearing, "会前公开的意见不显示。")
    services.publish_opinions(Opinion.objects.filter(pk=published.pk))
    text = client.get(hearing.page.url).text
    assert "草稿纪要" not in text
    assert "会前公开的意见不显示。" not in text


def test_a_withdrawn_opinion_is_never_published(held):
    withdrawn = opinion(held, "已经撤回的意见。", status=Opinion.Status.WITHDRAWN)
    assert services.publish_opinions(Opinion.objects.filter(pk=withdrawn.pk)) == 0
    assert not Opinion.objects.public().exists()


def test_resident_text_is_escaped(client, held):
    published = opinion(held, '<script>alert("x")</script><b>粗体</b>')
    services.publish_opinions(Opinion.objects.filter(pk=published.pk))
    text = client.get(held.page.url).text
    assert "<script>alert" not in text
    assert "&lt;script&gt;" in text


def test_count_contributions_counts_published_opinions_per_page(held, notice_page):
    from plugins.registry import get_plugin

    published = opinion(held, "公开的意见一。")
    opinion(held, "没有公开的意见。")
    services.publish_opinions(Opinion.objects.filter(pk=published.pk))
    counts = get_plugin("participation_hearings").count_contributions([notice_page.pk])
    assert counts == {notice_page.pk: 1}


def test_outcome_query_count_does_not_grow_with_opinions(client, held):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    groups = [OpinionGroup.objects.create(hearing=held, title=f"分组{n}") for n in range(2)]

    def add(count):
        for n in range(count):
            item = opinion(
                held, f"意见{n}", show_name=True, group=groups[n % 3] if n % 3 < 2 else None
            )
            services.publish_opinions(Opinion.objects.filter(pk=item.pk))

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(held.page.url).status_code == 200
        return len(captured)

    add(5)
    queries()  # warm the per-process caches (site root paths, content types)
    few = queries()
    add(45)
    assert queries() == few
