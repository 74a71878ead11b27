"""The ballots admin of staff of one community (the desk, rolls, certification and the
ballots' definitions): that community's ballots only; another's ids read as missing. The
superuser sees both; the district reads both desks and results and runs nothing."""

import pytest
from django.urls import reverse

from pages import roles
from participation.ballots.factories import BallotFactory
from participation.ballots.models import Ballot, PaperTally
from tests.communities import make_community
from tests.staff_communities import (
    community_staff,
    district_user,
    shows,
    shows_none,
    superuser,
)

pytestmark = pytest.mark.django_db

DEFINE = [f"participation_ballots.{action}_ballot" for action in ("add", "change", "delete")]


@pytest.fixture
def ballots(site):
    second = make_community()
    return {
        key: BallotFactory(page=community.root_page, title=title)
        for key, community, title in (("a", site, "甲票决"), ("b", second, "乙票决"))
    }


def desk(ballot, name="desk"):
    return reverse(f"participation_ballots_admin:{name}", args=[ballot.pk])


def test_a_communitys_editors_and_reviewers_run_and_certify_its_ballots(client, site, ballots):
    officer = community_staff(site, roles.EDITORS)
    reviewer = community_staff(site, roles.REVIEWERS)
    assert officer.has_perm("participation_ballots.run_desk")
    assert reviewer.has_perm("participation_ballots.certify_results")
    for user in (officer, reviewer):
        client.force_login(user)
        assert client.get(desk(ballots["a"])).status_code == 200


def test_the_desk_shows_and_acts_on_the_staff_members_community_only(client, site, ballots):
    officer = community_staff(site, roles.EDITORS)
    officer.groups.add(roles.create_community_groups(site)[roles.REVIEWERS])
    client.force_login(officer)
    index = reverse("participation_ballots_admin:index")
    assert shows(client, index, "甲票决")
    assert shows_none(client, index, "乙票决")
    theirs = ballots["b"]
    for name in ("desk", "roll"):
        assert client.get(desk(theirs, name)).status_code == 404
    for name in ("in_person", "assisted", "paper", "certify"):
        assert client.post(desk(theirs, name), {"ballots_counted": 1}).status_code == 404
    assert not PaperTally.objects.exists()


def test_the_definitions_show_and_open_the_staff_members_community_only(client, site, ballots):
    client.force_login(community_staff(site, roles.EDITORS, permissions=DEFINE))
    snippets = reverse("wagtailsnippets_participation_ballots_ballot:list")
    assert shows(client, snippets, "甲票决")
    assert shows_none(client, snippets, "乙票决")
    for view in ("edit", "delete"):
        url = reverse(
            f"wagtailsnippets_participation_ballots_ballot:{view}", args=[ballots["b"].pk]
        )
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert Ballot.objects.filter(pk=ballots["b"].pk).exists()


def test_the_superuser_sees_both_communities(client, ballots):
    client.force_login(superuser())
    assert shows(client, reverse("participation_ballots_admin:index"), "甲票决", "乙票决")


def test_the_district_reads_every_desk_and_runs_nothing(client, ballots):
    client.force_login(district_user())
    assert shows(client, reverse("participation_ballots_admin:index"), "甲票决", "乙票决")
    for ballot in ballots.values():
        assert client.get(desk(ballot)).status_code == 200
        assert client.post(desk(ballot, "certify")).status_code in (302, 403, 404)
        assert client.get(desk(ballot, "roll")).status_code in (302, 403)
        ballot.refresh_from_db()
        assert ballot.certified_at is None
