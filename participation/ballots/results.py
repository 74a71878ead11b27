"""Results: turnout while open, the paper tally, the count after closing, certification.

No tally exists for anyone before a ballot closes: ``compute_result`` refuses until then.
"""

from fractions import Fraction

from django.db import transaction
from django.db.models import Count
from django.db.models.functions import Now
from django.utils.translation import gettext as _

from participation.ballots import notices, tally
from participation.ballots.mixing import mix_box
from participation.ballots.models import Ballot, BoxEntry, Channel, PaperTally, RollEntry
from participation.ballots.presentation import evaluation_rows, option_rows
from participation.ballots.refusals import Reason, VoteRefused
from participation.ballots.roll import freeze_roll


class ResultsSealed(Exception):
    """Somebody asked for a tally while the ballot is not closed."""


# -- turnout ---------------------------------------------------------------------------------
def turnout(ballot: Ballot) -> dict:
    """Who has voted, by channel: the only figure anyone sees while a ballot is open."""
    by_channel = dict(
        RollEntry.objects.filter(ballot=ballot, voted_at__isnull=False)
        .values_list("channel")
        .annotate(n=Count("pk"))
        .values_list("channel", "n")
    )
    channels = {channel.value: by_channel.get(channel.value, 0) for channel in Channel}
    voted = sum(channels.values())
    size = ballot.electorate_size or 0
    return {
        "electorate": size,
        "voted": voted,
        "channels": channels,
        "share": tally.percent(Fraction(voted, size) if size else None),
    }


# -- paper tally -----------------------------------------------------------------------------
def enter_paper_tally(ballot: Ballot, ballots_counted: int, counts: dict, staff) -> PaperTally:
    """Store the counted paper ballots after checking they add up."""
    if ballot.certified_at:
        raise VoteRefused(Reason.TALLY_CERTIFIED)
    if ballot.state() != Ballot.State.CLOSED:
        # Counted papers are a partial tally: like any other, it exists only after closing.
        raise VoteRefused(Reason.TALLY_BEFORE_CLOSE)
    marked = RollEntry.objects.filter(ballot=ballot, channel=Channel.PAPER).count()
    if ballots_counted > marked:
        raise VoteRefused(Reason.MORE_PAPERS_THAN_MARKS, papers=ballots_counted, marked=marked)
    _check_paper_counts(ballot, ballots_counted, counts)
    paper, _created = PaperTally.objects.update_or_create(
        ballot=ballot,
        defaults={"ballots_counted": ballots_counted, "counts": counts, "entered_by": staff},
    )
    return paper


def _check_paper_counts(ballot: Ballot, papers: int, counts: dict) -> None:
    values = _all_counts(counts)
    if any(not isinstance(value, int) or value < 0 for value in values):
        raise VoteRefused(Reason.NEGATIVE_COUNT)
    if ballot.ballot_type == Ballot.Type.MOTION:
        if sum(counts.get(vote, 0) for vote in tally.MOTION_VOTES) != papers:
            raise VoteRefused(Reason.MOTION_SUM)
        return
    option_ids = {str(pk) for pk in ballot.options.values_list("pk", flat=True)}
    if ballot.ballot_type == Ballot.Type.CHOICE:
        options = counts.get("options", {})
        blank = counts.get("blank", 0)
        filled = papers - blank
        if set(options) - option_ids or filled < 0:
            raise VoteRefused(Reason.FOREIGN_OR_BLANK)
        chosen = sum(options.values())
        if any(n > filled for n in options.values()) or not (
            filled <= chosen <= filled * ballot.max_choices
        ):
            raise VoteRefused(Reason.CHOICE_COUNTS)
        return
    ratings = counts.get("ratings", {})
    if set(ratings) - option_ids:
        raise VoteRefused(Reason.FOREIGN_ITEM)
    if any(sum(by_rating.values()) > papers for by_rating in ratings.values()):
        raise VoteRefused(Reason.TOO_MANY_RATINGS)


def _all_counts(counts: dict) -> list:
    found = []
    for value in counts.values():
        found.extend(_all_counts(value) if isinstance(value, dict) else [value])
    return found


# -- the result ------------------------------------------------------------------------------
def compute_result(ballot: Ballot) -> dict:
    """The result from the ballot box, the paper tally and the frozen roll; closed ballots only.

    Counting is the desk's work (its preview, certification), one of the places that freeze.
    """
    if ballot.state() not in (Ballot.State.CLOSED, Ballot.State.CERTIFIED):
        raise ResultsSealed(_("投票进行中，任何人都不能查看计票结果。"))
    freeze_roll(ballot)  # a ballot nobody touched while open still has its electorate
    counts = tally.Counts()
    for choices in BoxEntry.objects.filter(ballot=ballot).values_list("choices", flat=True):
        counts.add_box_choices(ballot.ballot_type, choices)
    receipts = counts.ballots
    paper = PaperTally.objects.filter(ballot=ballot).first()
    if paper is not None:
        counts.add_paper(ballot.ballot_type, paper.ballots_counted, paper.counts)
    who = turnout(ballot)
    options = list(ballot.options.all())
    rules = tally.Rules(
        ballot_type=ballot.ballot_type,
        electorate=who["electorate"],
        quorum=ballot.quorum,
        threshold=ballot.threshold,
        abstentions_in_base=ballot.abstentions_in_threshold_base,
    )
    outcome = tally.decide(rules, counts, who["voted"], [option.pk for option in options])
    return {
        "ballot_type": ballot.ballot_type,
        "electorate": who["electorate"],
        "voted": who["voted"],
        "turnout": who["share"],
        "channels": who["channels"],
        "ballots": counts.ballots,
        "paper_ballots": paper.ballots_counted if paper else 0,
        "receipts": receipts,
        "quorum": f"{ballot.quorum_numerator}/{ballot.quorum_denominator}"
        if ballot.quorum
        else None,
        "quorum_met": tally.quorum_met(rules, who["voted"]),
        "threshold": ballot.threshold,
        "abstentions_in_base": ballot.abstentions_in_threshold_base,
        "rows": option_rows(ballot, counts, options),
        "blank": counts.blank,
        "evaluation": evaluation_rows(counts, options),
        "outcome": outcome,
        "leaders": [
            option.label
            for option in options
            if str(option.pk) in tally.leaders(counts.options, [o.pk for o in options])
        ]
        if ballot.ballot_type == Ballot.Type.CHOICE
        else [],
    }


def certify(ballot: Ballot, reviewer) -> dict:
    """A reviewer certifies the result of a closed ballot; it is then published on the page."""
    if ballot.state() == Ballot.State.CERTIFIED:
        raise VoteRefused(Reason.ALREADY_CERTIFIED)
    if ballot.state() != Ballot.State.CLOSED:
        raise VoteRefused(Reason.NOT_CLOSED)
    freeze_roll(ballot)  # a ballot nobody touched while open still has its electorate
    paper_marked = RollEntry.objects.filter(ballot=ballot, channel=Channel.PAPER).count()
    paper = PaperTally.objects.filter(ballot=ballot).first()
    if paper_marked != (paper.ballots_counted if paper else 0):
        raise VoteRefused(Reason.PAPER_TALLY_MISSING, marked=paper_marked)
    mix_box(ballot)
    result = compute_result(ballot)
    with transaction.atomic():
        certified = Ballot.objects.filter(pk=ballot.pk, certified_at__isnull=True).update(
            certified_at=Now(), certified_by=reviewer, certified_result=result
        )
        if not certified:
            raise VoteRefused(Reason.ALREADY_CERTIFIED)
        notices.announce_result(ballot)
    ballot.refresh_from_db(fields=["certified_at", "certified_by", "certified_result"])
    return result
