"""Counting and deciding: pure functions over counts, exact arithmetic (int and Fraction only).

No database access here, so the rules can be tested on random ballots (hypothesis).
"""

from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

FOR, AGAINST, ABSTAIN = "for", "against", "abstain"
MOTION_VOTES = (FOR, AGAINST, ABSTAIN)
MOTION_LABELS = {FOR: _("赞成"), AGAINST: _("反对"), ABSTAIN: _("弃权")}

SATISFIED, BASIC, DISSATISFIED = "satisfied", "basic", "dissatisfied"
RATINGS = (SATISFIED, BASIC, DISSATISFIED)
RATING_LABELS = {SATISFIED: _("满意"), BASIC: _("基本满意"), DISSATISFIED: _("不满意")}

MOTION, CHOICE, EVALUATION = "motion", "choice", "evaluation"
MAJORITY_OF_VOTES = "majority_of_votes"
TWO_THIRDS_OF_VOTES = "two_thirds_of_votes"
MAJORITY_OF_ELECTORATE = "majority_of_electorate"


class Outcome:
    PASSED = "passed"
    REJECTED = "rejected"
    VOID = "void"
    DECIDED = "decided"
    TIED = "tied"
    VALID = "valid"

    LABELS = {
        PASSED: _("通过"),
        REJECTED: _("未通过"),
        VOID: _("无效（未达到法定投票率）"),
        DECIDED: _("已决出"),
        TIED: _("最高票相同，未决出"),
        VALID: _("有效"),
    }


@dataclass
class Counts:
    """Ballots counted, by what they say; ``ballots`` is the number of ballot papers."""

    ballots: int = 0
    motion: Counter = field(default_factory=Counter)
    options: Counter = field(default_factory=Counter)
    blank: int = 0
    ratings: dict = field(default_factory=dict)

    def add_box_choices(self, ballot_type: str, choices: dict) -> None:
        self.ballots += 1
        if ballot_type == MOTION:
            self.motion[choices["vote"]] += 1
        elif ballot_type == CHOICE:
            chosen = choices.get("options", [])
            self.options.update(str(option) for option in chosen)
            self.blank += not chosen
        else:
            for item, rating in choices.get("ratings", {}).items():
                self.ratings.setdefault(str(item), Counter())[rating] += 1

    def add_paper(self, ballot_type: str, ballots: int, counts: dict) -> None:
        self.ballots += ballots
        if ballot_type == MOTION:
            self.motion.update({vote: int(counts.get(vote, 0)) for vote in MOTION_VOTES})
        elif ballot_type == CHOICE:
            self.options.update({str(k): int(v) for k, v in counts.get("options", {}).items()})
            self.blank += int(counts.get("blank", 0))
        else:
            for item, by_rating in counts.get("ratings", {}).items():
                tally = self.ratings.setdefault(str(item), Counter())
                tally.update({rating: int(by_rating.get(rating, 0)) for rating in RATINGS})


@dataclass(frozen=True)
class Rules:
    ballot_type: str
    electorate: int
    quorum: Fraction | None = None
    threshold: str = MAJORITY_OF_VOTES
    abstentions_in_base: bool = True


def quorum_met(rules: Rules, turnout: int) -> bool:
    """Turnout reaches the quorum's share of the frozen electorate (abstentions included)."""
    if rules.quorum is None:
        return True
    if rules.electorate == 0:
        return False
    return Fraction(turnout, rules.electorate) >= rules.quorum


def threshold_base(rules: Rules, motion: Counter) -> int:
    base = motion[FOR] + motion[AGAINST]
    return base + motion[ABSTAIN] if rules.abstentions_in_base else base


def motion_passes(rules: Rules, motion: Counter) -> bool:
    """The pass rule; a tie is never more than half, so a tie is rejected."""
    votes_for = motion[FOR]
    if votes_for == 0:
        return False
    if rules.threshold == MAJORITY_OF_ELECTORATE:
        return votes_for * 2 > rules.electorate
    share = Fraction(votes_for, threshold_base(rules, motion))
    if rules.threshold == TWO_THIRDS_OF_VOTES:
        return share >= Fraction(2, 3)
    return share > Fraction(1, 2)


def leaders(options: Counter, option_ids) -> list[str]:
    """Options with the most votes (all of them when they tie)."""
    ids = [str(option) for option in option_ids]
    if not ids:
        return []
    top = max(options[option] for option in ids)
    return [option for option in ids if options[option] == top]


def decide(rules: Rules, counts: Counts, turnout: int, option_ids=()) -> str:
    """The outcome: void without quorum; then the kind's own rule."""
    if not quorum_met(rules, turnout):
        return Outcome.VOID
    if rules.ballot_type == MOTION:
        return Outcome.PASSED if motion_passes(rules, counts.motion) else Outcome.REJECTED
    if rules.ballot_type == CHOICE:
        top = leaders(counts.options, option_ids)
        return Outcome.DECIDED if len(top) == 1 and counts.options[top[0]] > 0 else Outcome.TIED
    return Outcome.VALID


def approval_share(ratings: Counter) -> Fraction | None:
    """Share of 满意 + 基本满意 among the ratings of one person or item."""
    total = sum(ratings[rating] for rating in RATINGS)
    if total == 0:
        return None
    return Fraction(ratings[SATISFIED] + ratings[BASIC], total)


def percent(share: Fraction | None, places: int = 1) -> str:
    """A display string of an exact share, rounded half up only at the very end."""
    if share is None:
        return "–"
    scale = 10**places
    scaled = share * 100 * scale
    rounded = (scaled.numerator * 2 + scaled.denominator) // (2 * scaled.denominator)
    whole, frac = divmod(rounded, scale)
    return f"{whole}.{frac:0{places}d}%" if places else f"{whole}%"
