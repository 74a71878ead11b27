"""Pairings and visits: only the paired member and staff with the permission; forged ids answer
404 and are logged; every look is in the access log; erased with the household."""

import logging
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from participation.core.models import AccessLogEntry
from participation.core.personal_data import delete_account
from participation.posts.models import Pairing, PartyMember, Visit
from participation.posts.pairings import half_year_start
from participation.residents.factories import VerifiedResidentFactory

from .conftest import staff_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(db):
    return PartyMember.objects.create(
        name="示例党员", kind="registered", user=VerifiedResidentFactory()
    )


@pytest.fixture
def household(db):
    return VerifiedResidentFactory()


@pytest.fixture
def pairing(member, household):
    return Pairing.objects.create(
        household="3栋 2单元 示例户", category="hardship", member=member, resident=household
    )


def visit_data(**fields):
    data = {
        "visited_on": timezone.localdate().isoformat(),
        "learnt": "屋顶漏水",
        "promised": "联系物业",
    }
    data.update(fields)
    return data


def test_the_paired_member_logs_a_visit(client, member, pairing):
    client.force_login(member.user)
    url = reverse("participation_posts:pairing", args=[pairing.pk])
    assert client.post(url, visit_data()).status_code == 302
    visit = Visit.objects.get()
    assert (visit.learnt, visit.promised, visit.recorded_by) == (
        "屋顶漏水",
        "联系物业",
        member.user,
    )
    response = client.post(
        reverse("participation_posts:visit", args=[visit.pk]), visit_data(follow_up="已修好")
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.follow_up == "已修好"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"visited_on": ""}, "请填写走访日期"),
        ({"visited_on": "昨天"}, "2026-03-01 的格式"),
        ({"visited_on": "2999-01-01"}, "不能晚于今天"),
        ({"learnt": ""}, "请写下了解到的情况"),
        ({"learnt": "长" * 2001}, "2000 个字以内"),
    ],
)
def test_bad_visits_are_refused_with_a_clear_message(client, member, pairing, fields, message):
    client.force_login(member.user)
    url = reverse("participation_posts:pairing", args=[pairing.pk])
    response = client.post(url, visit_data(**fields))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Visit.objects.exists()


def test_someone_elses_pairing_and_visit_are_404_and_logged(client, pairing, caplog):
    visit = Visit.objects.create(pairing=pairing, visited_on=timezone.localdate(), learnt="秘密")
    other_member = PartyMember.objects.create(
        name="别的党员", kind="registered", user=VerifiedResidentFactory()
    )
    Pairing.objects.create(household="别户", category="newcomer", member=other_member)
    for user in (other_member.user, pairing.resident, staff_with("view_partymember")):
        client.force_login(user)
        with caplog.at_level(logging.WARNING, logger="participation.posts.security"):
            for url in (
                reverse("participation_posts:pairing", args=[pairing.pk]),
                reverse("participation_posts:visit", args=[visit.pk]),
            ):
                response = client.post(url, visit_data(follow_up="伪造"))
                assert response.status_code == 404
                assert "秘密" not in response.content.decode()
    assert sum("not theirs" in record.message for record in caplog.records) == 6
    visit.refresh_from_db()
    assert visit.follow_up == ""


def test_the_list_is_404_for_residents_without_pairings(client, household):
    client.force_login(household)
    assert client.get(reverse("participation_posts:pairings")).status_code == 404


def test_staff_with_the_permission_see_every_pairing_and_are_logged(client, pairing):
    client.force_login(staff_with("view_pairing"))
    response = client.get(reverse("participation_posts:pairings"))
    assert "3栋 2单元 示例户" in response.content.decode()
    entry = AccessLogEntry.objects.get()
    assert entry.what == "结对联系"
    assert set(entry.subjects.values_list("resident_id", flat=True)) == {pairing.resident_id}


def test_the_half_year_overview_shows_households_not_visited(client, member, pairing):
    visited = Pairing.objects.create(household="已走访户", category="newcomer", member=member)
    Visit.objects.create(pairing=visited, visited_on=timezone.localdate(), learnt="好")
    since = half_year_start(timezone.localdate())
    Visit.objects.create(pairing=pairing, visited_on=since - timedelta(days=1), learnt="旧")
    client.force_login(member.user)
    not_visited = client.get(reverse("participation_posts:pairings")).context["not_visited"]
    assert [p.household for p in not_visited] == ["3栋 2单元 示例户"]


def test_the_admin_list_needs_its_own_permission(client, pairing):
    client.force_login(staff_with("view_partymember", "view_dutysignup"))
    response = client.get("/admin/participation_posts/pairing/")
    assert response.status_code in (302, 403)
    assert "示例户" not in response.content.decode()
    client.force_login(staff_with("view_pairing"))
    assert "示例户" in client.get("/admin/participation_posts/pairing/").content.decode()


def test_pairing_and_visits_are_erased_with_the_household(pairing, household):
    Visit.objects.create(pairing=pairing, visited_on=timezone.localdate(), learnt="情况")
    delete_account(household)
    assert not Pairing.objects.exists()
    assert not Visit.objects.exists()


def test_the_member_finds_their_pairings_from_their_record(client, member, pairing, household):
    pairings = reverse("participation_posts:pairings")
    client.force_login(member.user)
    assert pairings in client.get(reverse("participation_posts:mine")).content.decode()
    client.force_login(household)
    assert pairings not in client.get(reverse("participation_posts:mine")).content.decode()
