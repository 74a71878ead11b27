"""Casting: the one-time ballot paper, the vote (online or assisted) and the in-person mark.

Casting locks one row, the voter's own roll entry, with a conditional UPDATE; the ballot row is
only read, so voters never queue behind each other. The database's unique constraint on
(ballot, voter) is the last line of defence against a doubled roll.
"""

import hashlib
import secrets
from dataclasses import dataclass

from django.core import signing
from django.db import transaction
from django.db.models import Exists
from django.db.models.functions import Now
from django.utils.crypto import salted_hmac

from participation.ballots import roll, tally
from participation.ballots.models import Ballot, BoxEntry, Channel, RollEntry
from participation.ballots.refusals import Reason, VoteRefused

RECEIPT_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud and typed back
RECEIPT_LENGTH = 12  # 60 random bits
PAPER_SALT = "participation_ballots.paper"


# -- the paper and its receipt ---------------------------------------------------------------
def new_paper_nonce() -> str:
    return secrets.token_urlsafe(32)


def receipt_code(nonce: str) -> str:
    """The receipt code of one ballot paper, derived from its nonce with SECRET_KEY.

    The nonce lives only in the paper the voter holds, so the code can be recomputed when the
    same paper is sent again, while the database (which has only the code's hash) cannot.
    """
    digest = salted_hmac("participation_ballots.receipt", nonce, algorithm="sha256").digest()
    number = int.from_bytes(digest[:8], "big")
    raw = "".join(RECEIPT_ALPHABET[(number >> (5 * i)) & 31] for i in range(RECEIPT_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, RECEIPT_LENGTH, 4))


def new_receipt_code() -> str:
    return receipt_code(new_paper_nonce())


def issue_paper(ballot: Ballot, voter) -> str:
    """A one-time ballot paper for the form: signed, bound to the ballot and the voter.

    It is never stored: only the hash of the receipt code derived from its nonce enters the box.
    """
    payload = {"ballot": ballot.pk, "voter": voter.pk, "nonce": new_paper_nonce()}
    return signing.dumps(payload, salt=PAPER_SALT)


def open_paper(token: str, ballot: Ballot, voter) -> str:
    """The nonce of a paper issued to ``voter`` for ``ballot``, or VoteRefused."""
    try:
        payload = signing.loads(token, salt=PAPER_SALT)
    except signing.BadSignature:
        payload = None
    expected = {"ballot": ballot.pk, "voter": voter.pk}
    paper = payload if isinstance(payload, dict) else {}
    nonce = paper.get("nonce")
    if {key: paper.get(key) for key in expected} != expected or not isinstance(nonce, str):
        raise VoteRefused(Reason.INVALID_PAPER)
    return nonce


def receipt_hash(ballot_id: int, code: str) -> str:
    normalised = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(f"{ballot_id}:{normalised}".encode()).hexdigest()


def receipt_counted(ballot: Ballot, digest: str) -> bool:
    """Whether a receipt of this hash is in the ballot's box (the public check)."""
    return BoxEntry.objects.filter(ballot=ballot, receipt_hash=digest).exists()


def validate_choices(ballot: Ballot, raw: dict, option_ids=None) -> dict:
    """The canonical choices of one ballot paper, or VoteRefused with the reason.

    ``option_ids`` are the ballot's options when the caller has read them already (they are
    frozen once the ballot opens); a motion has none to read.
    """
    if ballot.ballot_type == Ballot.Type.MOTION:
        vote = raw.get("vote")
        if vote not in tally.MOTION_VOTES:
            raise VoteRefused(Reason.NO_VOTE)
        return {"vote": vote}
    if option_ids is None:
        option_ids = ballot.options.values_list("pk", flat=True)
    option_ids = {str(pk) for pk in option_ids}
    if ballot.ballot_type == Ballot.Type.CHOICE:
        chosen = sorted({str(option) for option in raw.get("options", [])})
        if not set(chosen) <= option_ids:
            raise VoteRefused(Reason.FOREIGN_OPTION)
        if len(chosen) > ballot.max_choices:
            raise VoteRefused(Reason.TOO_MANY_CHOICES, max=ballot.max_choices)
        return {"options": [int(option) for option in chosen]}
    ratings = {str(item): rating for item, rating in raw.get("ratings", {}).items()}
    if set(ratings) != option_ids:
        raise VoteRefused(Reason.UNRATED)
    if any(rating not in tally.RATINGS for rating in ratings.values()):
        raise VoteRefused(Reason.BAD_RATING)
    return {"ratings": ratings}


# -- the vote --------------------------------------------------------------------------------
def _judge_and_mark(ballot, voter, channel, recorded_by=None, consent_note="", public=None) -> bool:
    """Mark the voter's own roll entry if they may vote now; whether it was marked (caller's
    transaction; the caller has frozen the roll first, in its own).

    One conditional UPDATE is the judgement: the entry is on the roll and unmarked, the
    ballot is open by the database's clock and not certified, and (online or assisted) the
    stored account is verified, all as the row is locked. An entry it finds unmarked was
    marked by a concurrent cast of the same voter, which committed first.
    """
    in_person = channel == Channel.PAPER
    entry = RollEntry.objects.filter(ballot=ballot, voter=voter, voted_at__isnull=True)
    entry = entry.filter(Exists(roll.open_now(ballot)))
    if not in_person:
        entry = entry.filter(Exists(roll.verified_residents(ballot).filter(pk=voter.pk)))
    marked = entry.update(
        voted_at=Now(),
        channel=channel,
        recorded_by=recorded_by,
        consent_note=consent_note,
        public_choices=public,
    )
    return marked == 1


def _refusal(ballot, voter, channel) -> VoteRefused:
    """Why a mark was refused (``roll.refusal_to_vote`` asks only now, for the explanation)."""
    refusal = roll.refusal_to_vote(ballot, voter, in_person=channel == Channel.PAPER)
    return refusal or VoteRefused(Reason.ALREADY_VOTED)


def _cast(ballot, voter, choices, code, channel, recorded_by=None, consent_note="") -> bool:
    """The roll mark and the ballot-box entry, one transaction: both, or neither and False."""
    roll.freeze_roll(ballot)  # committed on its own: the roll stands whatever this cast does
    with transaction.atomic():
        public = None if ballot.is_secret else choices
        if not _judge_and_mark(ballot, voter, channel, recorded_by, consent_note, public):
            return False
        BoxEntry.objects.create(
            ballot=ballot, choices=choices, receipt_hash=receipt_hash(ballot.pk, code)
        )
    return True


def cast_vote(
    ballot: Ballot,
    voter,
    raw_choices: dict,
    *,
    nonce=None,
    recorded_by=None,
    consent_note="",
    option_ids=None,
):
    """Cast one ballot paper; returns the receipt code, which is never stored.

    The code derives from the paper's ``nonce`` (a fresh one when none is given). With
    ``recorded_by`` a staff member records an assisted vote, with the consent noted.
    The roll mark and the ballot-box entry are one transaction: both or neither.
    """
    choices = validate_choices(ballot, raw_choices, option_ids)
    channel = Channel.ASSISTED if recorded_by is not None else Channel.ONLINE
    if channel == Channel.ASSISTED and not consent_note.strip():
        raise VoteRefused(Reason.NO_CONSENT)
    code = receipt_code(nonce or new_paper_nonce())
    if not _cast(ballot, voter, choices, code, channel, recorded_by, consent_note.strip()):
        raise _refusal(ballot, voter, channel)
    return code


@dataclass(frozen=True)
class Cast:
    """What casting a paper gives the voter: the receipt, and whether it was cast before."""

    receipt_code: str
    earlier: bool = False


def cast_paper(ballot: Ballot, voter, token: str, raw_choices: dict, option_ids=None) -> Cast:
    """Cast the paper ``token`` online; a paper already in the box gets its receipt again.

    The cast judges first and the box is looked at only when it refuses, before the refusal
    is explained, so that a fresh vote costs no look and a paper sent again after a fault,
    or a copy sent at the same time (it waits on the voter's roll row, then is refused),
    finds the first one's receipt at the cost of one look.
    """
    code = receipt_code(open_paper(token, ballot, voter))
    choices = validate_choices(ballot, raw_choices, option_ids)
    if _cast(ballot, voter, choices, code, Channel.ONLINE):
        return Cast(code)
    earlier = earlier_cast(ballot, voter, token)
    if earlier is None:
        raise _refusal(ballot, voter, Channel.ONLINE)
    return earlier


def earlier_cast(ballot: Ballot, voter, token: str) -> Cast | None:
    """The receipt of this paper if it is already in the box (sent again after a fault).

    The token is signed for this voter alone, so a paper found in the box was cast by them.
    The box is looked up by the receipt's hash only, as the public check does, and nothing
    tying the voter to the paper is written.
    """
    code = receipt_code(open_paper(token, ballot, voter))
    if receipt_counted(ballot, receipt_hash(ballot.pk, code)):
        return Cast(code, earlier=True)
    return None


def mark_voted_in_person(ballot: Ballot, voter, staff) -> None:
    """Staff mark on the roll a voter who handed in a paper ballot at the meeting."""
    roll.freeze_roll(ballot)
    with transaction.atomic():
        marked = _judge_and_mark(ballot, voter, Channel.PAPER, recorded_by=staff)
    if not marked:
        raise _refusal(ballot, voter, Channel.PAPER)
