"""Permission checks only read; a cast judges eligibility once; each refusal is worded once."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from participation.ballots import casting, roll
from participation.ballots.models import Ballot, RollEntry
from participation.ballots.refusals import MESSAGES, Reason, VoteRefused
from participation.residents.factories import VerifiedResidentFactory

pytestmark = pytest.mark.django_db

# Writes to the ballots' tables (the first request also creates site settings, not ours).
WRITES = re.compile(r"^\s*(INSERT INTO|UPDATE|DELETE FROM) \S*participation_ballots_", re.I)
PLUGIN = Path(casting.__file__).parent


def writes_during(action) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        action()
    return [query["sql"] for query in queries if WRITES.match(query["sql"])]


def test_rendering_the_ballot_page_writes_nothing(client, motion, voter):
    client.force_login(voter)
    pages = []
    writes = writes_during(lambda: pages.append(client.get(motion.page.url)))
    assert writes == []
    assert pages[0].context["can_vote"] is True  # eligible, judged from the electorate
    motion.refresh_from_db()
    assert motion.roll_frozen_at is None
    assert not RollEntry.objects.exists()


def test_the_cast_rule_reads_and_never_writes(motion, voter, make_ballot, unverified):
    scheduled = make_ballot(opens_at=timezone.now() + timedelta(hours=1))
    answers = {}

    def ask():
        answers["eligible"] = voter.has_perm("participation_ballots.cast_vote", motion)
        answers["unverified"] = unverified.has_perm("participation_ballots.cast_vote", motion)
        answers["scheduled"] = voter.has_perm("participation_ballots.cast_vote", scheduled)

    assert writes_during(ask) == []
    assert answers == {"eligible": True, "unverified": False, "scheduled": False}
    assert not Ballot.objects.filter(roll_frozen_at__isnull=False).exists()
    assert writes_during(lambda: roll.freeze_roll(motion))  # what a write looks like here
    casting.cast_vote(motion, voter, {"vote": "for"})
    assert writes_during(lambda: voter.has_perm("participation_ballots.cast_vote", motion)) == []
    assert not voter.has_perm("participation_ballots.cast_vote", motion)  # has voted


@pytest.fixture
def judgements(monkeypatch):
    """Every call of the one eligibility judgement of a cast (the conditional mark of the roll),
    and every call of the explanation of a refusal (``roll.refusal_to_vote``)."""
    calls = {"judged": [], "explained": []}
    judge, explain = casting._judge_and_mark, roll.refusal_to_vote

    def judged(*args, **kwargs):
        calls["judged"].append(args)
        return judge(*args, **kwargs)

    def explained(*args, **kwargs):
        calls["explained"].append(args)
        return explain(*args, **kwargs)

    monkeypatch.setattr(casting, "_judge_and_mark", judged)
    monkeypatch.setattr(roll, "refusal_to_vote", explained)
    return calls


def test_a_vote_through_the_form_is_judged_once(client, motion, voter, judgements):
    client.force_login(voter)
    paper = casting.issue_paper(motion, voter)
    data = {
        f"ballot{motion.pk}-vote": "for",
        f"ballot{motion.pk}-confirm": "on",
        f"ballot{motion.pk}-paper": paper,
    }
    response = client.post(reverse("participation_ballots:vote", args=[motion.pk]), data)
    assert response.status_code == 200
    assert response.context["receipt_code"]
    assert len(judgements["judged"]) == 1
    assert judgements["explained"] == []  # nothing to explain: the view asks no rule first


def test_every_kind_of_cast_is_judged_once(motion, voters, officer, judgements):
    casting.cast_vote(motion, voters[0], {"vote": "for"})
    casting.cast_vote(
        motion, voters[1], {"vote": "against"}, recorded_by=officer, consent_note="签字"
    )
    casting.mark_voted_in_person(motion, voters[2], officer)
    assert len(judgements["judged"]) == 3
    assert judgements["explained"] == []


def test_a_refused_cast_is_judged_once_and_explained_once(motion, voter, judgements):
    casting.cast_vote(motion, voter, {"vote": "for"})
    with pytest.raises(VoteRefused, match="已经投过票"):
        casting.cast_vote(motion, voter, {"vote": "against"})
    assert len(judgements["judged"]) == 2
    assert len(judgements["explained"]) == 1


def test_the_page_and_the_cast_give_the_same_refusal(client, motion, voter):
    """One judgement in one form: what the page says is what the cast answers."""
    roll.freeze_roll(motion)
    casting.cast_vote(motion, voter, {"vote": "for"})
    latecomer = VerifiedResidentFactory()
    for person, reason in (
        (latecomer, Reason.ELIGIBLE_SINCE_FREEZE),
        (voter, Reason.ALREADY_VOTED),
    ):
        client.force_login(person)
        shown = client.get(motion.page.url).context["refusal"]
        with pytest.raises(VoteRefused) as refusal:
            casting.cast_vote(motion, person, {"vote": "for"})
        assert (refusal.value.reason, refusal.value.message) == (reason, shown)


def test_each_refusal_is_worded_once_in_the_plugin():
    source = "\n".join(path.read_text(encoding="utf-8") for path in PLUGIN.rglob("*.py"))
    with translation.override("zh-hans"):
        for reason, wording in MESSAGES.items():
            opening = str(wording)[:16]
            assert source.count(opening) == 1, reason
