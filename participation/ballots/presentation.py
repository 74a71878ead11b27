"""What a ballot shows on its page and in its exports: per-user parts and the certified result."""

from django.conf import settings
from django.utils.translation import gettext as _

from participation.ballots import tally
from participation.ballots.forms import BallotPaperForm
from participation.ballots.models import Ballot, BoxEntry, Channel, RollEntry
from participation.ballots.services import VoteRefused, check_can_vote, issue_paper


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
        context["receipts"] = receipt_hashes(ballot)
    return context


def _voter_context(ballot: Ballot, user) -> dict:
    try:
        check_can_vote(ballot, user)
    except VoteRefused as refusal:
        voted = RollEntry.objects.filter(ballot=ballot, voter=user, voted_at__isnull=False).exists()
        return {"can_vote": False, "has_voted": voted, "refusal": refusal.message}
    return {
        "can_vote": True,
        "form": BallotPaperForm(ballot, initial={"paper": issue_paper(ballot, user)}),
    }


def receipt_hashes(ballot: Ballot) -> list[str]:
    """The published verification list, sorted by hash so that its order says nothing."""
    return list(
        BoxEntry.objects.filter(ballot=ballot)
        .order_by("receipt_hash")
        .values_list("receipt_hash", flat=True)
    )


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
