"""Choosing a post: verified residents apply with a skill, a pending application holds a place,
staff approve or decline, one post per person."""

import pytest
from django.urls import reverse

from participation.posts import services
from participation.posts.models import PostApplication
from participation.residents.factories import UserFactory, VerifiedResidentFactory

from .conftest import holder_of, make_duty, make_post, staff_with

pytestmark = pytest.mark.django_db
Status = PostApplication.Status


def apply_url(post):
    return reverse("participation_posts:apply", args=[post.pk])


def test_a_verified_resident_applies_with_a_skill(client, post, resident):
    client.force_login(resident)
    response = client.post(apply_url(post), {"skill": "会修电器", "show_name": "on"})
    assert response.status_code == 302
    application = PostApplication.objects.get(person=resident)
    assert (application.skill, application.show_name, application.status) == (
        "会修电器",
        True,
        Status.PENDING,
    )


def test_an_unverified_account_may_not_apply(client, post):
    user = UserFactory()
    client.force_login(user)
    response = client.post(apply_url(post), {"skill": "会修电器"}, follow=True)
    assert "只有已认证的居民可以申请岗位" in response.content.decode()
    assert not PostApplication.objects.exists()


def test_an_empty_skill_is_refused_with_a_clear_message(client, post, resident):
    client.force_login(resident)
    response = client.post(apply_url(post), {"skill": "  "})
    assert response.status_code == 400
    assert "请写下您愿意贡献的一技之长" in response.content.decode()
    assert not PostApplication.objects.exists()


def test_a_too_long_skill_is_refused_and_kept(client, post, resident):
    client.force_login(resident)
    response = client.post(apply_url(post), {"skill": "长" * 101})
    assert "100 个字以内" in response.content.decode()
    assert "长" * 101 in response.content.decode()


def test_one_post_per_person(post, resident):
    other = make_post(name="政策宣传岗", slug="policy")
    services.apply(resident, post, "巡逻")
    with pytest.raises(services.PostsError, match="每人选择一岗"):
        services.apply(resident, other, "宣传")


def test_pending_applications_hold_places_until_the_post_is_full(post):
    services.apply(VerifiedResidentFactory(), post, "巡逻")
    services.apply(VerifiedResidentFactory(), post, "巡逻")
    with pytest.raises(services.PostsError, match="名额已满"):
        services.apply(VerifiedResidentFactory(), post, "巡逻")


def test_a_declined_application_frees_its_place_and_the_applicant_may_apply_again(post):
    first = VerifiedResidentFactory()
    application = services.apply(first, post, "巡逻")
    services.apply(VerifiedResidentFactory(), post, "巡逻")
    services.decide(application.pk, None, approve=False)
    services.apply(VerifiedResidentFactory(), post, "巡逻")
    assert post.applications.filter(status__in=PostApplication.HOLDING).count() == 2


def test_staff_approve_and_the_applicant_is_told(client, post, resident, monkeypatch):
    told = []
    monkeypatch.setattr(services, "notify", lambda kind, users, **kw: told.append((kind, users)))
    application = services.apply(resident, post, "巡逻")
    client.force_login(staff_with("change_postapplication"))
    url = reverse("participation_posts:decide", args=[application.pk])
    assert client.post(url, {"action": "approve"}).status_code == 302
    application.refresh_from_db()
    assert application.status == Status.APPROVED
    assert told == [("participation_posts.application_decided", [resident])]


def test_deciding_twice_is_refused(post, resident):
    application = services.apply(resident, post, "巡逻")
    services.decide(application.pk, None, approve=True)
    with pytest.raises(services.PostsError, match="已经审核过了"):
        services.decide(application.pk, None, approve=False)


def test_an_unknown_action_changes_nothing(client, post, resident):
    application = services.apply(resident, post, "巡逻")
    client.force_login(staff_with("change_postapplication"))
    url = reverse("participation_posts:decide", args=[application.pk])
    response = client.post(url, {"action": "nonsense"}, follow=True)
    assert "请选择通过、不通过或离岗" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.PENDING


def test_removing_a_member_frees_their_future_shifts_and_tells_them(post, monkeypatch):
    told = []
    monkeypatch.setattr(services, "notify", lambda kind, users, **kw: told.append(kind))
    person = holder_of(post)
    future, past = make_duty(post, days=4), make_duty(post, days=-1)
    future_signup = services.sign_up(person, future)
    past_signup = past.signups.create(person=person)
    application = PostApplication.objects.get(person=person)
    freed = services.leave_post(application.pk)
    assert [signup.pk for signup in freed] == [future_signup.pk]
    future_signup.refresh_from_db()
    past_signup.refresh_from_db()
    assert future_signup.status == "cancelled"
    assert past_signup.status == "signed_up"
    assert told.count("participation_posts.shift_freed") == 1


def test_a_removed_members_place_goes_to_those_waiting_and_they_are_told(post, monkeypatch):
    told = []
    monkeypatch.setattr(services, "notify", lambda kind, users, **kw: told.append((kind, users)))
    post.places = 5
    post.save()
    duty = make_duty(post, places=1)
    leaving, waiting = holder_of(post), holder_of(post)
    services.sign_up(leaving, duty)
    services.sign_up(waiting, duty)
    services.leave_post(PostApplication.objects.get(person=leaving).pk)
    assert duty.signups.get(person=waiting).status == "signed_up"
    assert ("participation_posts.promoted", [waiting]) in told
