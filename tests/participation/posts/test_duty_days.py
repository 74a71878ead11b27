"""Duty days: holders sign up and cancel, staff check in and record hours, reminders go once,
the monthly roster prints."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from participation.posts import services
from participation.posts.models import DutySignup
from participation.residents.factories import VerifiedResidentFactory

from .conftest import holder_of, make_duty, staff_with

pytestmark = pytest.mark.django_db


def test_a_holder_signs_up_and_cancels(client, post):
    person = holder_of(post)
    duty = make_duty(post)
    client.force_login(person)
    assert client.post(reverse("participation_posts:sign_up", args=[duty.pk])).status_code == 302
    signup = DutySignup.objects.get(person=person)
    assert signup.status == "signed_up"
    client.post(reverse("participation_posts:cancel", args=[signup.pk]))
    signup.refresh_from_db()
    assert signup.status == "cancelled"
    assert client.post(reverse("participation_posts:sign_up", args=[duty.pk])).status_code == 302
    assert DutySignup.objects.filter(person=person, status="signed_up").count() == 1


def test_someone_not_on_the_post_may_not_sign_up(client, post):
    duty = make_duty(post)
    client.force_login(VerifiedResidentFactory())
    response = client.post(reverse("participation_posts:sign_up", args=[duty.pk]), follow=True)
    assert "只有这个岗位的在岗人员可以报名服务日" in response.content.decode()
    assert not DutySignup.objects.exists()


def test_a_full_duty_day_puts_people_on_the_waiting_list(client, post):
    post.places = 5
    post.save()
    duty = make_duty(post, places=1)
    services.sign_up(holder_of(post), duty)
    late = holder_of(post)
    client.force_login(late)
    response = client.post(reverse("participation_posts:sign_up", args=[duty.pk]), follow=True)
    assert "您已进入候补名单" in response.content.decode()
    assert DutySignup.objects.get(person=late).status == "waiting"
    with pytest.raises(services.PostsError, match="已经报名"):
        services.sign_up(late, duty)


def test_a_cancelled_place_goes_to_the_first_waiting_who_is_told(post, monkeypatch):
    told = []
    monkeypatch.setattr(services, "notify", lambda kind, users, **kw: told.append((kind, users)))
    post.places = 5
    post.save()
    duty = make_duty(post, places=1)
    first = holder_of(post)
    taken = services.sign_up(first, duty)
    second, third = holder_of(post), holder_of(post)
    services.sign_up(second, duty)
    services.sign_up(third, duty)
    services.cancel_signup(first, taken.pk)
    statuses = dict(DutySignup.objects.values_list("person_id", "status"))
    assert statuses == {first.pk: "cancelled", second.pk: "signed_up", third.pk: "waiting"}
    assert ("participation_posts.promoted", [second]) in told
    assert not any(users == [third] for kind, users in told if kind.endswith("promoted"))


def test_cancelling_a_waiting_place_promotes_nobody(post):
    post.places = 5
    post.save()
    duty = make_duty(post, places=1)
    services.sign_up(holder_of(post), duty)
    waiting = holder_of(post)
    signup = services.sign_up(waiting, duty)
    services.cancel_signup(waiting, signup.pk)
    assert list(duty.signups.values_list("status", flat=True).order_by("pk")) == [
        "signed_up",
        "cancelled",
    ]


def test_a_past_duty_day_refuses_sign_up(post):
    with pytest.raises(services.PostsError, match="已经过去"):
        services.sign_up(holder_of(post), make_duty(post, days=-1))


def test_one_may_not_cancel_someone_elses_signup(client, post):
    signup = services.sign_up(holder_of(post), make_duty(post))
    client.force_login(VerifiedResidentFactory())
    assert client.post(reverse("participation_posts:cancel", args=[signup.pk])).status_code == 404
    signup.refresh_from_db()
    assert signup.status == "signed_up"


def test_staff_check_in_records_the_duty_length_by_default(client, post):
    signup = services.sign_up(holder_of(post), make_duty(post))
    client.force_login(staff_with("change_dutysignup"))
    url = reverse("participation_posts:check_in", args=[signup.duty_id])
    assert client.get(url).status_code == 200
    assert client.post(url, {"signup": signup.pk, "hours": ""}).status_code == 302
    signup.refresh_from_db()
    assert signup.hours == Decimal("2.5")
    assert signup.checked_in_at is not None


def test_staff_may_record_other_hours(client, post):
    signup = services.sign_up(holder_of(post), make_duty(post))
    client.force_login(staff_with("change_dutysignup"))
    client.post(
        reverse("participation_posts:check_in", args=[signup.duty_id]),
        {"signup": signup.pk, "hours": "3.5"},
    )
    signup.refresh_from_db()
    assert signup.hours == Decimal("3.5")


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("abc", "请填写数字"),
        ("0", "0.1 到 24 小时"),
        ("25", "0.1 到 24 小时"),
        ("1.25", "一位小数"),
    ],
)
def test_bad_hours_are_refused_with_a_clear_message(client, post, hours, message):
    signup = services.sign_up(holder_of(post), make_duty(post))
    client.force_login(staff_with("change_dutysignup"))
    response = client.post(
        reverse("participation_posts:check_in", args=[signup.duty_id]),
        {"signup": signup.pk, "hours": hours},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    signup.refresh_from_db()
    assert signup.checked_in_at is None


def test_checking_in_twice_is_refused_and_after_check_in_one_may_not_cancel(post):
    person = holder_of(post)
    signup = services.sign_up(person, make_duty(post))
    services.check_in(signup.pk, None)
    with pytest.raises(services.PostsError, match="已经签到过了"):
        services.check_in(signup.pk, None)
    with pytest.raises(services.PostsError, match="不能再取消"):
        services.cancel_signup(person, signup.pk)


def test_a_forged_signup_id_on_another_duty_is_404(client, post):
    signup = services.sign_up(holder_of(post), make_duty(post))
    other = make_duty(post, days=5)
    client.force_login(staff_with("change_dutysignup"))
    url = reverse("participation_posts:check_in", args=[other.pk])
    assert client.post(url, {"signup": signup.pk}).status_code == 404


def test_reminders_go_to_tomorrows_signups_once(post, monkeypatch):
    told = []
    monkeypatch.setattr(services, "notify", lambda kind, users, **kw: told.append((kind, users)))
    person = holder_of(post)
    services.sign_up(person, make_duty(post, days=1))
    services.sign_up(person, make_duty(post, days=2))
    assert services.send_reminders() == 1
    assert services.send_reminders() == 0
    reminders = [entry for entry in told if entry[0] == "participation_posts.duty_reminder"]
    assert reminders == [("participation_posts.duty_reminder", [person])]


def test_the_reminder_kinds_are_declared_for_the_core_notify(post):
    person = holder_of(post)
    services.sign_up(person, make_duty(post, days=1))
    assert services.send_reminders() == 1  # notify raises on an undeclared kind


def test_the_monthly_roster_lists_who_serves(client, post):
    person = holder_of(post, first_name="三", last_name="张")
    duty = make_duty(post)
    services.sign_up(person, duty)
    client.force_login(staff_with("view_dutysignup"))
    url = reverse("participation_posts:roster", args=[post.pk, duty.date.year, duty.date.month])
    page = client.get(url).content.decode()
    assert "张三" in page
    assert duty.date.strftime("%Y-%m-%d") in page


def test_a_roster_of_an_impossible_month_is_404(client, post):
    client.force_login(staff_with("view_dutysignup"))
    url = reverse("participation_posts:roster", args=[post.pk, 2026, 13])
    assert client.get(url).status_code == 404


def test_length_in_hours(post):
    assert make_duty(post).length_in_hours == Decimal("2.5")
    assert timezone.localdate() + timedelta(days=3) == make_duty(post).date
