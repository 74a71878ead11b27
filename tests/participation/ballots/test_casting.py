"""Casting a vote: the rules the service enforces, each refusal changes nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from participation.ballots import casting, refusals, results, roll
from participation.ballots.models import Ballot, BoxEntry, Channel, RollEntry
from participation.residents.factories import VerifiedResidentFactory

from .conftest import close

pytestmark = pytest.mark.django_db


def nothing_stored(ballot):
    return (
        not BoxEntry.objects.filter(ballot=ballot).exists()
        and not RollEntry.objects.filter(ballot=ballot, voted_at__isnull=False).exists()
    )


def test_cast_marks_the_roll_and_fills_the_box_and_returns_a_receipt(motion, voter):
    code = casting.cast_vote(motion, voter, {"vote": "for"})
    entry = RollEntry.objects.get(ballot=motion, voter=voter)
    assert entry.voted_at is not None
    assert entry.channel == Channel.ONLINE
    box = BoxEntry.objects.get(ballot=motion)
    assert box.choices == {"vote": "for"}
    assert box.receipt_hash == casting.receipt_hash(motion.pk, code)
    assert code not in box.receipt_hash
    assert len(code) == 14
    assert entry.public_choices is None  # secret ballot: nothing about the choice on the roll


def test_receipt_codes_are_random_and_normalised_for_checking(motion):
    codes = {casting.new_receipt_code() for _i in range(200)}
    assert len(codes) == 200
    code = next(iter(codes))
    assert casting.receipt_hash(1, code) == casting.receipt_hash(1, code.lower().replace("-", " "))
    assert casting.receipt_hash(1, code) != casting.receipt_hash(2, code)


def test_second_vote_is_refused_and_the_first_stays(motion, voter):
    casting.cast_vote(motion, voter, {"vote": "for"})
    with pytest.raises(refusals.VoteRefused, match="已经投过票"):
        casting.cast_vote(motion, voter, {"vote": "against"})
    assert list(BoxEntry.objects.values_list("choices", flat=True)) == [{"vote": "for"}]


def test_voting_before_opening_is_refused(make_ballot, voter):
    ballot = make_ballot(opens_at=timezone.now() + timedelta(hours=1))
    with pytest.raises(refusals.VoteRefused, match="尚未开始"):
        casting.cast_vote(ballot, voter, {"vote": "for"})
    assert nothing_stored(ballot)
    assert ballot.roll_frozen_at is None


def test_voting_after_closing_is_refused(motion, voter):
    roll.freeze_roll(motion)
    close(motion)
    with pytest.raises(refusals.VoteRefused, match="已截止"):
        casting.cast_vote(motion, voter, {"vote": "for"})
    assert nothing_stored(motion)


def test_window_is_checked_against_the_database_clock(motion, voter, monkeypatch):
    """A wrong application clock does not open a closed ballot: the database decides."""
    roll.freeze_roll(motion)
    close(motion)
    monkeypatch.setattr(Ballot, "state", lambda self, now=None: Ballot.State.OPEN)
    with pytest.raises(refusals.VoteRefused, match="已截止"):
        casting.cast_vote(motion, voter, {"vote": "for"})
    assert nothing_stored(motion)


def test_unverified_account_cannot_vote(motion, unverified):
    with pytest.raises(refusals.VoteRefused, match="已认证"):
        casting.cast_vote(motion, unverified, {"vote": "for"})
    assert nothing_stored(motion)


def test_revoked_verification_after_opening_cannot_vote(motion, voter):
    roll.freeze_roll(motion)
    voter.verification = voter.Verification.REVOKED
    voter.save()
    with pytest.raises(refusals.VoteRefused, match="已认证"):
        casting.cast_vote(motion, voter, {"vote": "for"})
    assert nothing_stored(motion)


def test_resident_verified_after_opening_is_not_on_the_roll(motion, voter):
    roll.freeze_roll(motion)
    latecomer = VerifiedResidentFactory()
    with pytest.raises(refusals.VoteRefused, match="名册"):
        casting.cast_vote(motion, latecomer, {"vote": "for"})
    assert nothing_stored(motion)
    motion.refresh_from_db()
    assert motion.electorate_size == 1


def test_ineligible_resident_of_representatives_ballot_is_refused(
    make_ballot, voter, representative
):
    ballot = make_ballot(electorate=Ballot.Electorate.REPRESENTATIVES)
    with pytest.raises(refusals.VoteRefused, match="名册"):
        casting.cast_vote(ballot, voter, {"vote": "for"})
    casting.cast_vote(ballot, representative, {"vote": "against"})
    assert BoxEntry.objects.filter(ballot=ballot).count() == 1


@pytest.mark.parametrize("raw", [{}, {"vote": "maybe"}, {"vote": ""}, {"options": [1]}])
def test_motion_with_a_bad_answer_is_refused(motion, voter, raw):
    with pytest.raises(refusals.VoteRefused):
        casting.cast_vote(motion, voter, raw)
    assert nothing_stored(motion)


def test_option_of_another_ballot_is_refused(choice, make_ballot, voter):
    other = make_ballot(options=["别的选项", "另一个"], ballot_type=Ballot.Type.CHOICE)
    foreign = other.options.first().pk
    with pytest.raises(refusals.VoteRefused, match="不属于"):
        casting.cast_vote(choice, voter, {"options": [foreign]})
    assert nothing_stored(choice)


def test_more_choices_than_allowed_are_refused(choice, voter):
    ids = list(choice.options.values_list("pk", flat=True))
    with pytest.raises(refusals.VoteRefused, match="最多"):
        casting.cast_vote(choice, voter, {"options": ids})
    assert nothing_stored(choice)


def test_duplicate_options_count_once(choice, voter):
    first = choice.options.first().pk
    casting.cast_vote(choice, voter, {"options": [first, first, str(first)]})
    assert BoxEntry.objects.get(ballot=choice).choices == {"options": [first]}


def test_blank_choice_ballot_is_an_abstention(choice, voter):
    casting.cast_vote(choice, voter, {"options": []})
    assert BoxEntry.objects.get(ballot=choice).choices == {"options": []}


def test_evaluation_needs_a_valid_rating_for_every_item(evaluation, voter):
    ids = [str(pk) for pk in evaluation.options.values_list("pk", flat=True)]
    with pytest.raises(refusals.VoteRefused, match="每一位"):
        casting.cast_vote(evaluation, voter, {"ratings": {ids[0]: "satisfied"}})
    with pytest.raises(refusals.VoteRefused, match="满意"):
        casting.cast_vote(evaluation, voter, {"ratings": dict.fromkeys(ids, "excellent")})
    assert nothing_stored(evaluation)
    casting.cast_vote(evaluation, voter, {"ratings": {ids[0]: "satisfied", ids[1]: "basic"}})
    assert BoxEntry.objects.filter(ballot=evaluation).count() == 1


def test_open_ballot_publishes_the_choice_on_the_roll(make_ballot, voter):
    ballot = make_ballot(is_secret=False)
    casting.cast_vote(ballot, voter, {"vote": "against"})
    assert RollEntry.objects.get(ballot=ballot, voter=voter).public_choices == {"vote": "against"}


def test_box_failure_rolls_back_the_roll_mark(motion, voter, monkeypatch):
    """The roll mark and the box entry are one transaction: both or neither."""

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(BoxEntry.objects, "create", broken)
    with pytest.raises(RuntimeError):
        casting.cast_vote(motion, voter, {"vote": "for"})
    assert nothing_stored(motion)
    monkeypatch.undo()
    casting.cast_vote(motion, voter, {"vote": "for"})  # the voter can still vote afterwards


def test_deleted_account_keeps_its_vote_and_the_roll_size(motion, voters):
    casting.cast_vote(motion, voters[0], {"vote": "for"})
    voters[0].delete()
    entry = RollEntry.objects.get(ballot=motion, voted_at__isnull=False)
    assert entry.voter is None
    assert BoxEntry.objects.filter(ballot=motion).count() == 1
    assert RollEntry.objects.filter(ballot=motion).count() == 5
    close(motion)
    assert results.compute_result(motion)["voted"] == 1


def test_assisted_vote_needs_consent_and_is_counted_by_channel(motion, voters, officer):
    with pytest.raises(refusals.VoteRefused, match="同意"):
        casting.cast_vote(motion, voters[0], {"vote": "for"}, recorded_by=officer, consent_note=" ")
    assert nothing_stored(motion)
    code = casting.cast_vote(
        motion, voters[0], {"vote": "for"}, recorded_by=officer, consent_note="本人口述，签字确认"
    )
    assert code
    entry = RollEntry.objects.get(ballot=motion, voter=voters[0])
    assert (entry.channel, entry.recorded_by, entry.consent_note) == (
        Channel.ASSISTED,
        officer,
        "本人口述，签字确认",
    )
    casting.cast_vote(motion, voters[1], {"vote": "against"})
    close(motion)
    result = results.compute_result(motion)
    assert result["channels"] == {"online": 1, "paper": 0, "assisted": 1}


def test_in_person_voter_cannot_vote_online_afterwards(motion, voter, officer):
    casting.mark_voted_in_person(motion, voter, officer)
    with pytest.raises(refusals.VoteRefused, match="已经投过票"):
        casting.cast_vote(motion, voter, {"vote": "for"})
    assert not BoxEntry.objects.filter(ballot=motion).exists()
    with pytest.raises(refusals.VoteRefused, match="已经投过票"):
        casting.mark_voted_in_person(motion, voter, officer)
