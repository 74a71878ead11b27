"""What the ballots keep about one resident: their 我的参与 rows, their data download, erasure.

Only the roll knows a person (``RollEntry``: on the roll, voted when, by which channel); the
box knows no one, and the receipt code is shown once and never stored (docs/design-notes.md,
"Ballots: secrecy"). So nothing here can say how a resident voted, and nothing does: not even
the published choices of a roll-call ballot.
"""

from django.db.models.functions import Now
from django.utils.translation import gettext as _

from participation.ballots import roll
from participation.ballots.models import Ballot, Channel, PaperTally, RollEntry
from participation.core.links import page_path
from participation.core.visibility import visible_modules
from plugins import ParticipationRow, PersonalData


def _ballot_url(ballot: Ballot) -> str:
    return f"{page_path(ballot.page) or '/'}#ballot-{ballot.pk}"


def my_participation(user) -> list[ParticipationRow]:
    """The open ballots ``user`` may still vote in, and every ballot they voted in.

    "May vote" is the cast's own judgement (``roll.refusal_to_vote``), so the page never
    invites a vote that the cast would refuse. Rows say that they voted, never how.
    """
    if not (user and user.is_authenticated):
        return []
    voted = RollEntry.objects.filter(voter=user, voted_at__isnull=False).select_related(
        "ballot__page"
    )
    done = [
        ParticipationRow(
            title=entry.ballot.title,
            url=_ballot_url(entry.ballot),
            action=_("投票"),
            state=_("已投票（%(channel)s）") % {"channel": Channel(entry.channel).label},
            at=entry.voted_at,
        )
        for entry in voted
    ]
    open_ballots = Ballot.objects.filter(
        opens_at__lte=Now(), closes_at__gt=Now(), certified_at__isnull=True
    ).exclude(pk__in=[entry.ballot_id for entry in voted])
    to_do = [
        ParticipationRow(
            title=ballot.title,
            url=_ballot_url(ballot),
            action=_("投票"),
            state=_("可以投票"),
            at=ballot.closes_at,
        )
        for ballot in visible_modules(user, open_ballots).select_related("page")
        if roll.refusal_to_vote(ballot, user) is None
    ]
    return sorted(to_do + done, key=lambda row: row.at, reverse=True)


def personal_data(user) -> PersonalData | None:
    """Their roll entries: the ballot, whether, when and by which channel they voted.

    No receipt: only its hash is stored, in the box, with nothing linking it to the voter.
    No choice, not even of a roll-call ballot. The consent note of an assisted vote is theirs.
    """
    entries = RollEntry.objects.filter(voter=user).select_related("ballot").order_by("pk")
    records = [
        {
            "ballot": entry.ballot.title,
            "ballot_id": entry.ballot_id,
            "on_roll_since": _isoformat(entry.ballot.roll_frozen_at),
            "voted": entry.voted_at is not None,
            "voted_at": _isoformat(entry.voted_at),
            "channel": entry.channel,
            "consent_note": entry.consent_note,
        }
        for entry in entries
    ]
    return PersonalData(records=records) if records else None


def _isoformat(moment) -> str | None:
    return moment.isoformat() if moment else None


def erase_personal_data(user) -> None:
    """Unlink ``user`` from every roll entry and every desk record; keep the rows themselves.

    A roll entry counts in the electorate (the quorum's base) and, once marked, in the turnout
    and the channel figures; the box entry it matches holds the vote. Deleting the entry would
    change a tally, a quorum or a certified result, so the entry stays with ``voter = NULL``
    (what deleting the account does too). Its consent note stays: it is the office's record
    that an assisted vote was asked for, and without the voter it points at nobody. A roll-call
    ballot keeps the published choice of an entry without a name (shown as 已注销的居民).
    Staff leave the same way: the entries they recorded, the paper tallies they entered and
    the results they certified stay, without them.
    """
    RollEntry.objects.filter(voter=user).update(voter=None)
    RollEntry.objects.filter(recorded_by=user).update(recorded_by=None)
    PaperTally.objects.filter(entered_by=user).update(entered_by=None)
    Ballot.objects.filter(certified_by=user).update(certified_by=None)
