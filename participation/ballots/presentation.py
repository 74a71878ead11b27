"""What a ballot shows on its page and in its exports: per-user parts and the certified result."""

from fractions import Fraction

from django.conf import settings
from django.utils.translation import gettext as _

from participation.ballots import roll, tally
from participation.ballots.casting import issue_paper
from participation.ballots.forms import BallotPaperForm
from participation.ballots.models import Ballot, BoxEntry, Channel, RollEntry


def module_context(request, ballot: Ballot) -> dict:
    user = getattr(request, "user", None)
    context = {
        "ballot": ballot,
        "state": ballot.state(),
        "State": Ballot.State,
        "login_url": settings.LOGIN_URL,
    }
    if user is not None and user.is_authenticated:
        context.update(_voter_context(ballot, user))
    if ballot.certified_at:
        context["result"] = present_result(ballot)
        if not ballot.is_secret:
            context["roll_call"] = roll_call(ballot)
    if ballot.certified_at or ballot.has_closed():
        # The count and a link: the list itself has its own, paginated page.
        context["receipt_count"] = receipt_count(ballot)
    return context


def _voter_context(ballot: Ballot, user) -> dict:
    refusal = roll.refusal_to_vote(ballot, user)
    if refusal is not None:
        voted = RollEntry.objects.filter(ballot=ballot, voter=user, voted_at__isnull=False).exists()
        return {"can_vote": False, "has_voted": voted, "refusal": refusal.message}
    return {
        "can_vote": True,
        "form": BallotPaperForm(ballot, initial={"paper": issue_paper(ballot, user)}),
    }


def option_rows(ballot: Ballot, counts: tally.Counts, options) -> list[dict]:
    """The votes per answer of a motion or per option of a choice, with shares and bars."""
    if ballot.ballot_type == Ballot.Type.MOTION:
        rows = [
            {"key": vote, "label": vote, "votes": counts.motion[vote]}
            for vote in tally.MOTION_VOTES
        ]
    elif ballot.ballot_type == Ballot.Type.CHOICE:
        rows = [
            {"key": str(o.pk), "label": o.label, "votes": counts.options[str(o.pk)]}
            for o in options
        ]
    else:
        return []
    top = max([row["votes"] for row in rows] + [0])
    for row in rows:
        share = Fraction(row["votes"], counts.ballots) if counts.ballots else None
        row["share"] = tally.percent(share)
        row["bar"] = _bar_width(row["votes"], top)
    return rows


def evaluation_rows(counts: tally.Counts, options) -> list[dict]:
    """The ratings of each person or item of an evaluation, with the approval share."""
    rows = []
    for option in options:
        ratings = counts.ratings.get(str(option.pk), {})
        by_rating = {rating: ratings.get(rating, 0) for rating in tally.RATINGS}
        share = tally.approval_share(tally.Counter(by_rating))
        rows.append(
            {
                "label": option.label,
                "description": option.description,
                **by_rating,
                "rated": sum(by_rating.values()),
                "approval": tally.percent(share),
                "approval_exact": f"{share.numerator}/{share.denominator}" if share else None,
                "bar": int(share * 100) if share is not None else 0,
            }
        )
    return rows


def _bar_width(votes: int, top: int) -> int:
    """Bar length in whole percent of the longest bar (display only, never a rule)."""
    return votes * 100 // top if top else 0


def receipt_hashes(ballot: Ballot):
    """The published verification list, sorted by hash so that its order says nothing
    (a query, to be paginated)."""
    return (
        BoxEntry.objects.filter(ballot=ballot)
        .order_by("receipt_hash")
        .values_list("receipt_hash", flat=True)
    )


def receipt_count(ballot: Ballot) -> int:
    """How many receipts the list holds: the certified result's figure once certified."""
    certified = ballot.certified_result or {}
    if ballot.certified_at and "receipts" in certified:
        return certified["receipts"]
    return BoxEntry.objects.filter(ballot=ballot).count()


def roll_call(ballot: Ballot) -> list[dict]:
    """Open (roll-call) ballots only: each voter's name and published choices."""
    if ballot.is_secret:
        return []
    options = {str(option.pk): option.label for option in ballot.options.all()}
    entries = (
        RollEntry.objects.filter(ballot=ballot, voted_at__isnull=False)
        .select_related("voter__unit__building")
        .order_by("voter__display_name", "pk")
    )
    return [
        {
            "name": _public_name(entry.voter),
            "channel": Channel(entry.channel).label,
            "choice": describe_choices(ballot, entry.public_choices, options)
            if entry.public_choices
            else _("现场纸质投票"),
        }
        for entry in entries
    ]


def _public_name(voter) -> str:
    if voter is None:
        return _("已注销的居民")
    building = voter.unit.building if voter.unit else None
    name = voter.display_name or voter.username
    return f"{building} {name}" if building else name


def describe_choices(ballot: Ballot, choices: dict, options: dict) -> str:
    if ballot.ballot_type == Ballot.Type.MOTION:
        return str(tally.MOTION_LABELS[choices["vote"]])
    if ballot.ballot_type == Ballot.Type.CHOICE:
        return "、".join(options.get(str(o), "?") for o in choices["options"]) or _("弃权")
    return "；".join(
        f"{options.get(item, '?')}：{tally.RATING_LABELS[rating]}"
        for item, rating in choices["ratings"].items()
    )


def present_result(ballot: Ballot) -> dict:
    """The certified result with labels in the current language, ready for templates and CSV."""
    result = dict(ballot.certified_result or {})
    result["rows"] = [
        {**row, "label": _label(result.get("ballot_type"), row)} for row in result.get("rows", [])
    ]
    result["outcome_label"] = tally.Outcome.LABELS[result["outcome"]]
    result["threshold_label"] = Ballot.Threshold(result["threshold"]).label
    result["channel_rows"] = [
        (Channel(key).label, value) for key, value in result.get("channels", {}).items()
    ]
    result["quorum_label"] = ballot.quorum_display()
    return result


PUBLIC_FIGURES = ("electorate", "voted", "quorum", "quorum_met", "threshold", "outcome")
"""What open data and the API publish of every certified result, beside its rows."""


def public_figures(result: dict) -> dict:
    return {name: result[name] for name in PUBLIC_FIGURES}


def result_rows(ballot: Ballot, result: dict) -> list[list]:
    """The certified result as spreadsheet rows: the summary, then the options or the people."""
    rows = [
        [_("票决"), ballot.title],
        [_("结果"), result["outcome_label"]],
        [_("有投票权人数"), result["electorate"]],
        [_("投票人数"), result["voted"]],
        [_("法定投票率"), result["quorum"] or "-"],
        *[[label, count] for label, count in result["channel_rows"]],
    ]
    if result["rows"]:
        rows += [[], [_("选项"), _("票数"), _("占投票数")]]
        rows += [[row["label"], row["votes"], row["share"]] for row in result["rows"]]
    if result["evaluation"]:
        labels = [str(tally.RATING_LABELS[r]) for r in tally.RATINGS]
        rows += [[], [_("测评对象"), *labels, _("满意及基本满意率")]]
        rows += [
            [row["label"], *[row[r] for r in tally.RATINGS], row["approval"]]
            for row in result["evaluation"]
        ]
    return rows


def _label(ballot_type: str, row: dict) -> str:
    if ballot_type == Ballot.Type.MOTION:
        return str(tally.MOTION_LABELS[row["key"]])
    return row["label"]
