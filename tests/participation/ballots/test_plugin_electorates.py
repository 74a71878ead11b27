"""Ballots and hearings admit an electorate another plugin declares (the posts plugin's
党员和居民代表), through the contract, without importing that plugin."""

import pytest

from participation.ballots import casting, roll
from participation.ballots.models import Ballot
from participation.ballots.refusals import VoteRefused
from participation.hearings.models import Hearing
from participation.hearings.predicates import is_eligible
from participation.posts.models import PartyMember
from participation.residents.factories import RepresentativeFactory, VerifiedResidentFactory

pytestmark = pytest.mark.django_db

MEMBERS_AND_REPRESENTATIVES = "participation_posts.members_and_representatives"


@pytest.fixture
def people():
    member, neighbour = VerifiedResidentFactory(), VerifiedResidentFactory()
    PartyMember.objects.create(name="党员甲", kind=PartyMember.Kind.REGISTERED, user=member)
    representative = RepresentativeFactory().user
    return member, representative, neighbour


def test_the_declared_electorate_is_offered_to_ballots_and_hearings():
    assert MEMBERS_AND_REPRESENTATIVES in dict(Ballot._meta.get_field("electorate").choices)
    assert MEMBERS_AND_REPRESENTATIVES in dict(Hearing._meta.get_field("eligibility").choices)


def test_a_ballot_for_members_and_representatives_admits_them_only(make_ballot, people):
    member, representative, neighbour = people
    ballot = make_ballot(electorate=MEMBERS_AND_REPRESENTATIVES)
    assert set(roll.eligible_voters(ballot)) == {member, representative}
    casting.cast_vote(ballot, member, {"vote": "for"})
    with pytest.raises(VoteRefused):
        casting.cast_vote(ballot, neighbour, {"vote": "for"})


def test_a_hearing_for_members_and_representatives_admits_them_only(people, home_page):
    member, representative, neighbour = people
    hearing = Hearing(eligibility=MEMBERS_AND_REPRESENTATIVES, page=home_page)
    assert is_eligible(member, hearing)
    assert is_eligible(representative, hearing)
    assert not is_eligible(neighbour, hearing)


def test_an_electorate_whose_plugin_is_gone_admits_nobody(make_ballot, people, home_page):
    ballot = make_ballot(electorate="participation_gone.members")
    assert list(roll.eligible_voters(ballot)) == []
    hearing = Hearing(eligibility="participation_gone.members", page=home_page)
    assert not is_eligible(people[0], hearing)
