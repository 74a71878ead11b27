"""The counting and outcome rules, exact arithmetic, on chosen and on random ballots."""

from collections import Counter
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from participation.ballots import tally
from participation.ballots.tally import (
    ABSTAIN,
    AGAINST,
    FOR,
    MAJORITY_OF_ELECTORATE,
    MAJORITY_OF_VOTES,
    TWO_THIRDS_OF_VOTES,
    Counts,
    Outcome,
    Rules,
)

THRESHOLDS = [MAJORITY_OF_VOTES, TWO_THIRDS_OF_VOTES, MAJORITY_OF_ELECTORATE]


def motion_counts(for_, against, abstain):
    counts = Counts()
    for vote, n in ((FOR, for_), (AGAINST, against), (ABSTAIN, abstain)):
        for _i in range(n):
            counts.add_box_choices(tally.MOTION, {"vote": vote})
    return counts


def decide_motion(
    for_,
    against,
    abstain,
    *,
    electorate=None,
    threshold=MAJORITY_OF_VOTES,
    quorum=None,
    abstentions_in_base=True,
    turnout=None,
):
    voted = for_ + against + abstain
    rules = Rules(
        tally.MOTION,
        electorate if electorate is not None else voted,
        quorum,
        threshold,
        abstentions_in_base,
    )
    return tally.decide(
        rules, motion_counts(for_, against, abstain), voted if turnout is None else turnout
    )


# -- chosen cases --------------------------------------------------------------------------
def test_two_of_three_is_exactly_two_thirds():
    assert decide_motion(2, 1, 0, threshold=TWO_THIRDS_OF_VOTES) == Outcome.PASSED
    assert decide_motion(1999, 1001, 0, threshold=TWO_THIRDS_OF_VOTES) == Outcome.REJECTED
    assert decide_motion(2000, 1000, 0, threshold=TWO_THIRDS_OF_VOTES) == Outcome.PASSED


def test_a_tie_is_rejected():
    assert decide_motion(5, 5, 0) == Outcome.REJECTED


def test_abstentions_count_toward_the_base_only_when_configured():
    assert decide_motion(5, 4, 2, abstentions_in_base=True) == Outcome.REJECTED
    assert decide_motion(5, 4, 2, abstentions_in_base=False) == Outcome.PASSED


def test_majority_of_the_whole_electorate():
    assert (
        decide_motion(10, 0, 0, electorate=20, threshold=MAJORITY_OF_ELECTORATE) == Outcome.REJECTED
    )
    assert (
        decide_motion(11, 0, 0, electorate=20, threshold=MAJORITY_OF_ELECTORATE) == Outcome.PASSED
    )


def test_missed_quorum_is_void_and_abstentions_count_toward_quorum():
    third = Fraction(2, 3)
    assert decide_motion(3, 0, 0, electorate=6, quorum=third) == Outcome.VOID
    assert decide_motion(3, 0, 1, electorate=6, quorum=third) == Outcome.PASSED


def test_quorum_without_electorate_is_void_and_no_votes_is_rejected():
    assert decide_motion(0, 0, 0, electorate=0, quorum=Fraction(1, 2)) == Outcome.VOID
    assert decide_motion(0, 0, 0, electorate=0) == Outcome.REJECTED
    assert decide_motion(0, 0, 3, abstentions_in_base=False) == Outcome.REJECTED


def test_choice_leader_tie_and_void():
    rules = Rules(tally.CHOICE, 10, Fraction(1, 2))
    counts = Counts(ballots=6, options=Counter({"1": 3, "2": 2}))
    assert tally.decide(rules, counts, 6, [1, 2]) == Outcome.DECIDED
    counts.options["2"] = 3
    assert tally.decide(rules, counts, 6, [1, 2]) == Outcome.TIED
    assert tally.decide(rules, counts, 4, [1, 2]) == Outcome.VOID
    assert tally.decide(rules, Counts(ballots=5, blank=5), 5, [1, 2]) == Outcome.TIED


def test_evaluation_share_is_exact():
    ratings = Counter({tally.SATISFIED: 1, tally.BASIC: 1, tally.DISSATISFIED: 1})
    assert tally.approval_share(ratings) == Fraction(2, 3)
    assert tally.percent(Fraction(2, 3)) == "66.7%"
    assert tally.percent(Fraction(1, 8), places=1) == "12.5%"
    assert tally.percent(None) == "–"
    assert tally.approval_share(Counter()) is None


def test_paper_counts_add_to_box_counts():
    counts = motion_counts(2, 1, 0)
    counts.add_paper(tally.MOTION, 4, {FOR: 1, AGAINST: 2, ABSTAIN: 1})
    assert (counts.ballots, counts.motion) == (7, Counter({FOR: 3, AGAINST: 3, ABSTAIN: 1}))


def test_tally_code_uses_no_floats():
    import inspect

    source = inspect.getsource(tally)
    assert "float(" not in source
    assert "/ " not in source.replace("// ", "")


# -- random ballots --------------------------------------------------------------------------
votes = st.integers(min_value=0, max_value=400)


@given(votes, votes, votes, st.sampled_from(THRESHOLDS), st.booleans(), st.integers(0, 400))
def test_motion_outcome_matches_integer_arithmetic(for_, against, abstain, threshold, abst, extra):
    electorate = for_ + against + abstain + extra
    outcome = decide_motion(
        for_, against, abstain, electorate=electorate, threshold=threshold, abstentions_in_base=abst
    )
    base = for_ + against + (abstain if abst else 0)
    expected = {
        MAJORITY_OF_VOTES: 2 * for_ > base,
        TWO_THIRDS_OF_VOTES: for_ > 0 and 3 * for_ >= 2 * base,
        MAJORITY_OF_ELECTORATE: 2 * for_ > electorate,
    }[threshold]
    assert outcome == (Outcome.PASSED if expected else Outcome.REJECTED)


@given(st.integers(0, 500), st.integers(0, 500), st.integers(1, 12), st.integers(1, 12))
def test_quorum_is_exact(turnout, extra, num, den):
    if num > den:
        num, den = den, num
    electorate = turnout + extra
    rules = Rules(tally.MOTION, electorate, Fraction(num, den))
    met = tally.quorum_met(rules, turnout)
    assert met == (electorate > 0 and turnout * den >= num * electorate)


@given(votes, votes, votes, st.sampled_from(THRESHOLDS), st.booleans())
def test_one_more_vote_for_never_turns_pass_into_reject(for_, against, abstain, threshold, abst):
    kwargs = {"threshold": threshold, "abstentions_in_base": abst}
    electorate = for_ + against + abstain + 1
    before = decide_motion(for_, against, abstain, electorate=electorate, **kwargs)
    after = decide_motion(for_ + 1, against, abstain, electorate=electorate, **kwargs)
    assert not (before == Outcome.PASSED and after == Outcome.REJECTED)


@given(votes, votes, votes, st.sampled_from(THRESHOLDS))
def test_one_more_vote_against_never_turns_reject_into_pass(for_, against, abstain, threshold):
    electorate = for_ + against + abstain + 1
    before = decide_motion(for_, against, abstain, electorate=electorate, threshold=threshold)
    after = decide_motion(for_, against + 1, abstain, electorate=electorate, threshold=threshold)
    assert not (before == Outcome.REJECTED and after == Outcome.PASSED)


@given(votes, votes, st.sampled_from([MAJORITY_OF_VOTES, TWO_THIRDS_OF_VOTES]))
def test_a_tie_never_passes_by_majority_and_void_only_without_quorum(n, abstain, threshold):
    outcome = decide_motion(n, n, abstain, threshold=MAJORITY_OF_VOTES)
    assert outcome == Outcome.REJECTED
    electorate = 3 * (2 * n + abstain) + 3
    q = decide_motion(
        n, n, abstain, electorate=electorate, quorum=Fraction(1, 3), threshold=threshold
    )
    assert q == Outcome.VOID


ballot_papers = st.lists(
    st.lists(st.sampled_from(["1", "2", "3", "4"]), max_size=3, unique=True), max_size=60
)


@given(ballot_papers, st.integers(0, 30))
def test_choice_tally_counts_every_mark_and_leaders_hold_the_top(papers, extra):
    counts = Counts()
    for paper in papers:
        counts.add_box_choices(tally.CHOICE, {"options": paper})
    assert counts.ballots == len(papers)
    assert counts.blank == sum(1 for paper in papers if not paper)
    assert sum(counts.options.values()) == sum(len(paper) for paper in papers)
    top = tally.leaders(counts.options, [1, 2, 3, 4])
    assert top
    assert all(counts.options[o] == max(counts.options[str(i)] for i in range(1, 5)) for o in top)
    outcome = tally.decide(
        Rules(tally.CHOICE, len(papers) + extra), counts, len(papers), [1, 2, 3, 4]
    )
    assert (outcome == Outcome.DECIDED) == (len(top) == 1 and counts.options[top[0]] > 0)


ratings = st.sampled_from(list(tally.RATINGS))


@given(st.lists(st.fixed_dictionaries({"a": ratings, "b": ratings}), max_size=80))
def test_evaluation_counts_and_share_per_person(papers):
    counts = Counts()
    for paper in papers:
        counts.add_box_choices(tally.EVALUATION, {"ratings": paper})
    for item in ("a", "b"):
        by_rating = counts.ratings.get(item, Counter())
        assert sum(by_rating.values()) == len(papers)
        good = sum(1 for paper in papers if paper[item] != tally.DISSATISFIED)
        share = tally.approval_share(by_rating)
        assert share == (Fraction(good, len(papers)) if papers else None)


@given(st.fractions(min_value=0, max_value=1, max_denominator=1000))
def test_percent_rounds_half_up_from_the_exact_share(share):
    text = tally.percent(share)
    shown = Fraction(text.rstrip("%")) / 100
    assert abs(shown - share) <= Fraction(1, 2000)


@pytest.mark.parametrize("threshold", THRESHOLDS)
def test_unanimous_for_passes_every_threshold(threshold):
    assert decide_motion(7, 0, 0, threshold=threshold) == Outcome.PASSED
