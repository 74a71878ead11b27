"""Exact capacity under real parallel requests (PostgreSQL; SQLite serialises writers)."""

import pytest
from django.test import Client
from django.urls import reverse

from participation.posts import services
from participation.posts.models import DutySignup, PostApplication
from participation.residents.factories import VerifiedResidentFactory
from tests.concurrency import run_in_parallel

from .conftest import holder_of, make_duty, make_post

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def post_as(user, url, data=None):
    client = Client()
    client.force_login(user)
    return client.post(url, data or {}).status_code


def test_40_residents_apply_at_once_for_10_places(db):
    post = make_post(places=10)
    residents = VerifiedResidentFactory.create_batch(40)
    url = reverse("participation_posts:apply", args=[post.pk])
    statuses = run_in_parallel(post_as, [(r, url, {"skill": "巡逻"}) for r in residents])
    assert statuses == [302] * 40
    assert PostApplication.objects.filter(post=post, status="pending").count() == 10


def test_one_resident_applying_for_eight_posts_at_once_holds_one(db):
    posts = [make_post(name=f"岗位{n}", slug=f"post-{n}", places=5) for n in range(8)]
    resident = VerifiedResidentFactory()
    calls = [
        (resident, reverse("participation_posts:apply", args=[post.pk]), {"skill": "x"})
        for post in posts
    ]
    run_in_parallel(post_as, calls)
    assert PostApplication.objects.filter(person=resident).count() == 1


def test_30_holders_sign_up_at_once_for_a_duty_day_of_6_places(db):
    post = make_post(places=40)
    holders = [holder_of(post) for _n in range(30)]
    duty = make_duty(post, places=6)
    url = reverse("participation_posts:sign_up", args=[duty.pk])
    assert run_in_parallel(post_as, [(holder, url) for holder in holders]) == [302] * 30
    assert DutySignup.objects.filter(duty=duty, status="signed_up").count() == 6
    assert DutySignup.objects.filter(duty=duty, status="waiting").count() == 24


def test_one_holder_clicking_many_times_signs_up_once(db):
    post = make_post(places=5)
    holder = holder_of(post)
    duty = make_duty(post, places=6)
    url = reverse("participation_posts:sign_up", args=[duty.pk])
    run_in_parallel(post_as, [(holder, url)] * 10)
    assert DutySignup.objects.filter(duty=duty, person=holder).count() == 1


def test_parallel_cancellations_promote_exactly_as_many_as_leave(db):
    post = make_post(places=40)
    holders = [holder_of(post) for _n in range(20)]
    duty = make_duty(post, places=5)
    signups = [services.sign_up(holder, duty) for holder in holders]
    calls = [
        (signup.person, reverse("participation_posts:cancel", args=[signup.pk]))
        for signup in signups[:5]
    ]
    assert run_in_parallel(post_as, calls) == [302] * 5
    active = DutySignup.objects.filter(duty=duty, status="signed_up").order_by("created_at")
    assert [s.pk for s in active] == [s.pk for s in signups[5:10]]
