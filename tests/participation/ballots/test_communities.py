"""Ballots never cross communities: the roll holds only residents of the community whose tree
holds the ballot's page, whatever the electorate, and no one else casts a paper."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from participation.ballots import casting, roll
from participation.ballots.casting import issue_paper
from participation.ballots.models import Ballot, BoxEntry, RollEntry
from participation.ballots.refusals import Reason, VoteRefused
from participation.residents.factories import RepresentativeFactory, VerifiedResidentFactory
from tests.communities import SECOND_HOST, make_community, unit_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def second(db):
    return make_community()


@pytest.fixture
def outsider(second):
    """A verified resident of the second community."""
    return VerifiedResidentFactory(unit=unit_in(second, building="8"))


def roll_of(ballot):
    roll.freeze_roll(ballot)
    return set(RollEntry.objects.filter(ballot=ballot).values_list("voter_id", flat=True))


def vote(client, ballot, voter, **extra):
    prefix = f"ballot{ballot.pk}"
    data = {f"{prefix}-paper": issue_paper(ballot, voter), f"{prefix}-vote": "for"}
    data[f"{prefix}-confirm"] = "on"
    url = reverse("participation_ballots:vote", args=[ballot.pk])
    return client.post(url, data, follow=True, **extra)


def test_the_roll_of_all_residents_is_the_ballots_community(motion, voter, outsider):
    assert roll_of(motion) == {voter.pk}
    assert motion.electorate_size == 1


def test_a_representative_of_another_community_is_not_on_a_representatives_roll(
    make_ballot, outsider
):
    ours = RepresentativeFactory().user
    RepresentativeFactory(user=outsider)
    ballot = make_ballot(electorate=Ballot.Electorate.REPRESENTATIVES)
    assert roll_of(ballot) == {ours.pk}


def test_buildings_of_another_community_put_none_of_its_residents_on_the_roll(
    make_ballot, outsider
):
    ballot = make_ballot(
        electorate=Ballot.Electorate.BUILDINGS, opens_at=timezone.now() + timedelta(hours=1)
    )
    ballot.buildings.set([outsider.unit.building])
    ballot.save()
    Ballot.objects.filter(pk=ballot.pk).update(opens_at=timezone.now() - timedelta(minutes=1))
    ballot.refresh_from_db()
    assert roll_of(ballot) == set()


@pytest.mark.parametrize("host", ["localhost", SECOND_HOST])
def test_a_resident_of_another_community_cannot_vote(client, motion, voter, outsider, host):
    client.force_login(outsider)
    response = vote(client, motion, outsider, HTTP_HOST=host)
    assert not BoxEntry.objects.exists()
    assert not outsider.has_perm("participation_ballots.cast_vote", motion)
    if host == "localhost":
        assert "本次票决属于其他社区，只有该社区的居民可以投票。" in response.text
    with pytest.raises(VoteRefused) as refused:
        casting.cast_vote(motion, outsider, {"vote": "for"})
    assert refused.value.reason == Reason.OTHER_COMMUNITY
    assert not RollEntry.objects.filter(voter=outsider).exists()
    assert not BoxEntry.objects.exists()


def test_a_ballot_of_the_second_community_is_voted_by_its_residents_only(second, outsider, voter):
    from participation.ballots.factories import BallotFactory

    ballot = BallotFactory(page=second.root_page)
    assert roll_of(ballot) == {outsider.pk}
    casting.cast_vote(ballot, outsider, {"vote": "for"})
    assert BoxEntry.objects.filter(ballot=ballot).count() == 1
    with pytest.raises(VoteRefused):
        casting.cast_vote(ballot, voter, {"vote": "for"})
