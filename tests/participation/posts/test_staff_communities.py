"""The posts admin of staff of one community (ideas, applications and their decisions): that
community's residents' only; another's ids read as missing. The superuser sees both; the
district decides nothing. Posts, duty days, the roster of members and pairings are scoped by
their community once they have one."""

import pytest
from django.urls import reverse

from participation.posts.models import Post, PostApplication, Suggestion
from participation.residents.factories import VerifiedResidentFactory
from tests.communities import make_community, unit_in
from tests.staff_communities import (
    community_staff,
    district_user,
    shows,
    shows_none,
    superuser,
)

pytestmark = pytest.mark.django_db

RIGHTS = [
    f"participation_posts.{action}_{model}"
    for model in ("suggestion", "postapplication")
    for action in ("change", "view")
]
IDEAS = "participation_posts_suggestion_modeladmin_index"


@pytest.fixture
def records(site):
    second = make_community()
    made = {}
    for key, community, name in (("a", site, "甲"), ("b", second, "乙")):
        post = Post.objects.create(
            community=community, name="楼道长", slug="louzhang", description="楼道", duties="巡查"
        )
        person = VerifiedResidentFactory(
            unit=unit_in(community, building=name), display_name=f"{name}申请人"
        )
        idea = Suggestion.objects.create(
            community=community, person=person, title=f"{name}金点子", text="内容"
        )
        made[key] = {
            "idea": idea,
            "application": PostApplication.objects.create(
                post=post, person=person, skill=f"{name}修理"
            ),
        }
    return made


def decide(application):
    return reverse("participation_posts:decide", args=[application.pk])


def test_ideas_and_applications_of_the_staff_members_community_only(client, site, records):
    client.force_login(community_staff(site, permissions=RIGHTS))
    assert shows(client, reverse(IDEAS), "甲金点子")
    assert shows_none(client, reverse(IDEAS), "乙金点子")
    applications = reverse("participation_posts:applications")
    assert shows(client, applications, "甲修理")
    assert shows_none(client, applications, "乙修理")


def test_another_communitys_idea_or_application_cannot_be_acted_on(client, site, records):
    client.force_login(community_staff(site, permissions=RIGHTS))
    theirs = records["b"]
    edit = reverse("participation_posts_suggestion_modeladmin_edit", args=[theirs["idea"].pk])
    assert client.get(edit).status_code == 404
    draft = reverse("participation_posts:draft_topic", args=[theirs["idea"].pk])
    assert client.get(draft).status_code == 404
    assert client.post(decide(theirs["application"]), {"action": "approve"}).status_code == 404
    theirs["application"].refresh_from_db()
    assert theirs["application"].status == PostApplication.Status.PENDING
    client.post(decide(records["a"]["application"]), {"action": "approve"})
    records["a"]["application"].refresh_from_db()
    assert records["a"]["application"].status == PostApplication.Status.APPROVED


def test_the_superuser_sees_both_communities(client, records):
    client.force_login(superuser())
    assert shows(client, reverse(IDEAS), "甲金点子", "乙金点子")


def test_the_district_decides_nothing(client, records):
    client.force_login(district_user(permissions=RIGHTS))
    assert shows(client, reverse(IDEAS), "甲金点子", "乙金点子")
    for made in records.values():
        assert client.post(decide(made["application"]), {"action": "approve"}).status_code == 404
        made["application"].refresh_from_db()
        assert made["application"].status == PostApplication.Status.PENDING
