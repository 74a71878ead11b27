"""Random ballots through the real services: what the box and the paper count say is the result."""

from collections import Counter

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from participation.ballots import casting, results
from participation.ballots.models import Ballot
from participation.residents.factories import UserFactory, VerifiedResidentFactory

from .conftest import close

pytestmark = pytest.mark.django_db

votes = st.lists(st.sampled_from(["for", "against", "abstain"]), max_size=8)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(online=votes, paper=votes, absent=st.integers(0, 4), quorum=st.sampled_from([0, 1, 2]))
def test_motion_result_equals_the_ballots_cast(make_ballot, online, paper, absent, quorum):
    with transaction.atomic():
        ballot = make_ballot(
            quorum_numerator=quorum,
            quorum_denominator=3,
            threshold=Ballot.Threshold.TWO_THIRDS_OF_VOTES,
        )
        people = VerifiedResidentFactory.create_batch(len(online) + len(paper) + absent)
        officer = UserFactory(is_staff=True)
        for person, vote in zip(people, online, strict=False):
            casting.cast_vote(ballot, person, {"vote": vote})
        for person in people[len(online) : len(online) + len(paper)]:
            casting.mark_voted_in_person(ballot, person, officer)
        close(ballot)
        results.enter_paper_tally(ballot, len(paper), dict(Counter(paper)), officer)
        result = results.compute_result(ballot)

        cast = Counter(online) + Counter(paper)
        assert {row["key"]: row["votes"] for row in result["rows"]} == {
            vote: cast[vote] for vote in ("for", "against", "abstain")
        }
        voted, electorate = len(online) + len(paper), len(people)
        assert (result["voted"], result["electorate"], result["ballots"]) == (
            voted,
            electorate,
            voted,
        )
        assert result["receipts"] == len(online)
        quorum_met = quorum == 0 or (electorate > 0 and 3 * voted >= quorum * electorate)
        passed = cast["for"] > 0 and 3 * cast["for"] >= 2 * voted
        expected = "void" if not quorum_met else ("passed" if passed else "rejected")
        assert result["outcome"] == expected
        transaction.set_rollback(True)
