"""Pledges (五个一), ideas, the personal service record and the year's public totals."""

import pytest
from django.urls import reverse
from django.utils import timezone

from participation.posts import services
from participation.posts.models import Pledge, Suggestion
from participation.residents.factories import VerifiedResidentFactory

from .conftest import holder_of, make_duty, make_post

pytestmark = pytest.mark.django_db
MINE = "/participate/participation_posts/mine/"


def pledge_data(**fields):
    data = {"pledge": "1", "year": "2026", "kind": "deed", "text": "为楼道装灯", "is_public": "on"}
    data.update(fields)
    return data


def test_a_member_records_a_pledge_and_marks_it_done(client, resident):
    client.force_login(resident)
    assert client.post(MINE, pledge_data()).status_code == 302
    pledge = Pledge.objects.get(person=resident)
    assert (pledge.year, pledge.kind, pledge.is_public, pledge.done_at) == (
        2026,
        "deed",
        True,
        None,
    )
    client.post(reverse("participation_posts:pledge_done", args=[pledge.pk]))
    pledge.refresh_from_db()
    assert pledge.done_at is not None
    client.post(reverse("participation_posts:pledge_done", args=[pledge.pk]), {"done": "0"})
    pledge.refresh_from_db()
    assert pledge.done_at is None


def test_the_same_pledge_kind_twice_in_a_year_changes_the_first(client, resident):
    client.force_login(resident)
    client.post(MINE, pledge_data())
    client.post(MINE, pledge_data(text="修自行车棚"))
    assert list(Pledge.objects.values_list("text", flat=True)) == ["修自行车棚"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("year", "abc", "年度请填写四位数字"),
        ("year", "1990", "2000 到 2100"),
        ("kind", "fly", "请选择承诺事项"),
        ("text", "", "请写下承诺内容"),
        ("text", "长" * 201, "200 个字以内"),
    ],
)
def test_bad_pledges_are_refused_with_a_clear_message(client, resident, field, value, message):
    client.force_login(resident)
    response = client.post(MINE, pledge_data(**{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Pledge.objects.exists()


def test_one_may_not_mark_someone_elses_pledge(client, resident):
    pledge = services.record_pledge(VerifiedResidentFactory(), 2026, "deed", "装灯", True)
    client.force_login(resident)
    assert (
        client.post(reverse("participation_posts:pledge_done", args=[pledge.pk])).status_code == 404
    )
    pledge.refresh_from_db()
    assert pledge.done_at is None


def test_only_public_pledges_of_people_who_show_their_name_appear_on_the_post(client, post):
    year = timezone.localdate().year
    person = holder_of(post)
    services.record_pledge(person, year, "deed", "公开的承诺", True)
    services.record_pledge(person, year, "care", "私下的承诺", False)
    page = client.get(post.get_absolute_url()).content.decode()
    assert "公开的承诺" in page
    assert "私下的承诺" not in page


def test_an_idea_is_handed_in_and_bad_ideas_are_refused(client, resident):
    client.force_login(resident)
    response = client.post(MINE, {"idea": "1", "title": "", "text": "内容"})
    assert "请用一句话写下您的主意" in response.content.decode()
    assert client.post(MINE, {"idea": "1", "title": "楼道装灯", "text": "建议…"}).status_code == 302
    assert Suggestion.objects.get().person == resident


def test_staff_adopt_an_idea_as_a_blog_topic(client, resident):
    from participation.residents.factories import UserFactory

    idea = Suggestion.objects.create(person=resident, title="楼道装灯", text="建议")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = f"/admin/participation_posts/suggestion/edit/{idea.pk}/"
    assert client.post(url, {"status": "adopted", "staff_note": "下月话题"}).status_code == 302
    idea.refresh_from_db()
    assert (idea.status, idea.title) == ("adopted", "楼道装灯")


def test_hours_show_on_the_record_and_in_the_posts_public_totals(client, post):
    person = holder_of(post)
    other_post = make_post(name="政策宣传岗", slug="policy")
    duty = make_duty(post, days=0)
    services.check_in(services.sign_up(person, duty).pk, None, 3)
    services.sign_up(holder_of(post), make_duty(post, days=1))  # not served yet
    client.force_login(person)
    assert "服务 1 次，共 3.0 小时" in client.get(MINE).content.decode()
    client.logout()
    totals = client.get(reverse("participation_posts:totals", args=[duty.date.year]))
    rows = {row["post"].pk: (row["services"], row["hours"]) for row in totals.context["rows"]}
    assert rows[post.pk] == (1, 3)
    assert rows[other_post.pk] == (0, 0)


def test_the_certificate_shows_only_the_persons_own_served_hours(client, post):
    person = holder_of(post, first_name="三", last_name="张")
    duty = make_duty(post, days=0)
    services.check_in(services.sign_up(person, duty).pk, None, 2)
    other = holder_of(post, first_name="四", last_name="李")
    services.check_in(services.sign_up(other, make_duty(post, days=0)).pk, None, 5)
    client.force_login(person)
    page = client.get(reverse("participation_posts:certificate", args=[duty.date.year]))
    text = page.content.decode()
    assert "张三" in text
    assert "累计 2.0 小时" in text
    assert "李四" not in text
    assert client.get(reverse("participation_posts:certificate", args=[1999])).status_code == 404
