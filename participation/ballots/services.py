"""What must hold under concurrency: freezing the roll, casting, counting, certifying.

Casting locks one row, the voter's own roll entry, with a conditional UPDATE; the ballot row is
only read, so voters never queue behind each other. The database's unique constraint on
(ballot, voter) is the last line of defence against a doubled roll.
"""

import hashlib
import random
import secrets
from dataclasses import dataclass
from fractions import Fraction

from django.core import signing
from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from participation.ballots import tally
from participation.ballots.models import Ballot, BoxEntry, Channel, PaperTally, RollEntry
from participation.residents.models import Representative, User

RECEIPT_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud and typed back
RECEIPT_LENGTH = 12  # 60 random bits
MIX_BATCH = 1000
PAPER_SALT = "participation_ballots.paper"


class VoteRefused(Exception):
    """A vote, a mark or a tally that the rules refuse; the message is for the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class AlreadyVoted(VoteRefused):
    """The voter's roll entry is already marked."""


class ResultsSealed(Exception):
    """Somebody asked for a tally while the ballot is not closed."""


# -- the roll --------------------------------------------------------------------------------
def eligible_voters(ballot: Ballot):
    """Who may vote, by the ballot's electorate, as of now (used once, when freezing)."""
    verified = User.objects.filter(
        is_active=True, verification=User.Verification.VERIFIED, unit__isnull=False
    )
    if ballot.electorate == Ballot.Electorate.REPRESENTATIVES:
        day = timezone.localdate(ballot.opens_at) if ballot.opens_at else None
        current = Representative.objects.current(on=day).values("user_id")
        return verified.filter(pk__in=current)
    if ballot.electorate == Ballot.Electorate.BUILDINGS:
        return verified.filter(unit__building__in=ballot.buildings.all())
    return verified


def freeze_roll(ballot: Ballot) -> bool:
    """Freeze the voter roll of an opened ballot; idempotent and safe to race.

    The first caller locks the ballot row (once in the ballot's life), writes one roll entry
    per eligible voter and the electorate size; later callers see ``roll_frozen_at`` and
    return. Returns whether this call froze it.
    """
    if ballot.roll_frozen_at is not None:
        return False
    with transaction.atomic():
        locked = (
            Ballot.objects.select_for_update()
            .filter(pk=ballot.pk, opens_at__lte=Now(), roll_frozen_at__isnull=True)
            .first()
        )
        if locked is None:
            ballot.refresh_from_db(fields=["roll_frozen_at", "electorate_size"])
            return False
        voters = list(eligible_voters(locked).values_list("pk", flat=True))
        RollEntry.objects.bulk_create(
            [RollEntry(ballot=locked, voter_id=pk) for pk in voters],
            ignore_conflicts=True,  # the unique (ballot, voter) constraint has the last word
            batch_size=1000,
        )
        size = RollEntry.objects.filter(ballot=locked).count()
        Ballot.objects.filter(pk=locked.pk).update(roll_frozen_at=Now(), electorate_size=size)
    ballot.refresh_from_db(fields=["roll_frozen_at", "electorate_size"])
    return True


def freeze_due_ballots() -> int:
    """Freeze every ballot that has opened and is not frozen yet (the management command)."""
    due = Ballot.objects.filter(opens_at__lte=Now(), roll_frozen_at__isnull=True)
    return sum(freeze_roll(ballot) for ballot in due)


# -- casting ---------------------------------------------------------------------------------
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
        raise VoteRefused(_("这张选票无效（可能已过期或属于他人），请重新打开票决页面再投。"))
    return nonce


def receipt_hash(ballot_id: int, code: str) -> str:
    normalised = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(f"{ballot_id}:{normalised}".encode()).hexdigest()


def validate_choices(ballot: Ballot, raw: dict) -> dict:
    """The canonical choices of one ballot paper, or VoteRefused with the reason."""
    option_ids = {str(pk) for pk in ballot.options.values_list("pk", flat=True)}
    if ballot.ballot_type == Ballot.Type.MOTION:
        vote = raw.get("vote")
        if vote not in tally.MOTION_VOTES:
            raise VoteRefused(_("请选择赞成、反对或弃权。"))
        return {"vote": vote}
    if ballot.ballot_type == Ballot.Type.CHOICE:
        chosen = sorted({str(option) for option in raw.get("options", [])})
        if not set(chosen) <= option_ids:
            raise VoteRefused(_("所选选项不属于本次票决。"))
        if len(chosen) > ballot.max_choices:
            raise VoteRefused(
                _("最多只能选 %(max)s 项。") % {"max": ballot.max_choices},
            )
        return {"options": [int(option) for option in chosen]}
    ratings = {str(item): rating for item, rating in raw.get("ratings", {}).items()}
    if set(ratings) != option_ids:
        raise VoteRefused(_("请对每一位测评对象都作出评价。"))
    if any(rating not in tally.RATINGS for rating in ratings.values()):
        raise VoteRefused(_("评价只能是满意、基本满意或不满意。"))
    return {"ratings": ratings}


def _check_window(ballot: Ballot) -> None:
    """The time window, judged by the database's clock inside the caller's transaction."""
    row = (
        Ballot.objects.filter(pk=ballot.pk)
        .annotate(db_now=Now())
        .values("opens_at", "closes_at", "certified_at", "db_now")
        .get()
    )
    if row["opens_at"] is None or row["db_now"] < row["opens_at"]:
        raise VoteRefused(_("投票尚未开始。"))
    if row["closes_at"] is None or row["db_now"] >= row["closes_at"] or row["certified_at"]:
        raise VoteRefused(_("投票已截止。"))


def _check_voter(user) -> None:
    fresh = User.objects.filter(pk=user.pk, is_active=True).first()
    if fresh is None or not fresh.is_verified:
        raise VoteRefused(_("只有已认证的居民才能投票。"))


def _mark_roll(ballot, voter, channel, recorded_by=None, consent_note="", public_choices=None):
    """Lock and mark the voter's own roll entry; refuse if absent or already marked."""
    marked = RollEntry.objects.filter(ballot=ballot, voter=voter, voted_at__isnull=True).update(
        voted_at=Now(),
        channel=channel,
        recorded_by=recorded_by,
        consent_note=consent_note,
        public_choices=public_choices,
    )
    if marked == 1:
        return
    if RollEntry.objects.filter(ballot=ballot, voter=voter).exists():
        raise AlreadyVoted(_("您已经投过票了，每人只能投一次，投出后不能更改。"))
    raise not_on_roll(ballot, voter)


def not_on_roll(ballot: Ballot, user) -> VoteRefused:
    """Why ``user`` is not on the frozen roll: outside the electorate, or eligible only since."""
    if ballot.roll_frozen_at and eligible_voters(ballot).filter(pk=user.pk).exists():
        when = date_format(timezone.localtime(ballot.roll_frozen_at), "Y-m-d H:i")
        return VoteRefused(
            _(
                "投票人名册在投票开始时已经冻结（%(when)s）。您是在那之后才认证或符合条件的，"
                "所以不在本次票决的名册中，不能投票；以后的票决不受影响。"
            )
            % {"when": when}
        )
    return VoteRefused(_("您不在本次票决的投票人名册中，不能投票。"))


def check_can_vote(ballot: Ballot, user) -> None:
    """Why ``user`` cannot vote on ``ballot`` now (VoteRefused), for forms and rules."""
    if not (user and user.is_authenticated and user.is_verified):
        raise VoteRefused(_("只有已认证的居民才能投票。"))
    state = ballot.state()
    if state in (Ballot.State.DRAFT, Ballot.State.SCHEDULED):
        raise VoteRefused(_("投票尚未开始。"))
    if state != Ballot.State.OPEN:
        raise VoteRefused(_("投票已截止。"))
    freeze_roll(ballot)
    entry = RollEntry.objects.filter(ballot=ballot, voter=user).values("voted_at").first()
    if entry is None:
        raise not_on_roll(ballot, user)
    if entry["voted_at"] is not None:
        raise AlreadyVoted(_("您已经投过票了，每人只能投一次，投出后不能更改。"))


def cast_vote(
    ballot: Ballot, voter, raw_choices: dict, *, nonce=None, recorded_by=None, consent_note=""
):
    """Cast one ballot paper; returns the receipt code, which is never stored.

    The code derives from the paper's ``nonce`` (a fresh one when none is given). With
    ``recorded_by`` a staff member records an assisted vote, with the consent noted.
    The roll mark and the ballot-box entry are one transaction: both or neither.
    """
    choices = validate_choices(ballot, raw_choices)
    channel = Channel.ASSISTED if recorded_by is not None else Channel.ONLINE
    if channel == Channel.ASSISTED and not consent_note.strip():
        raise VoteRefused(_("代为录入必须记录居民本人的同意。"))
    freeze_roll(ballot)
    code = receipt_code(nonce or new_paper_nonce())
    with transaction.atomic():
        _check_window(ballot)
        _check_voter(voter)
        public = None if ballot.is_secret else choices
        _mark_roll(ballot, voter, channel, recorded_by, consent_note.strip(), public)
        BoxEntry.objects.create(
            ballot=ballot, choices=choices, receipt_hash=receipt_hash(ballot.pk, code)
        )
    return code


@dataclass(frozen=True)
class Cast:
    """What casting a paper gives the voter: the receipt, and whether it was cast before."""

    receipt_code: str
    earlier: bool = False


def cast_paper(ballot: Ballot, voter, token: str, raw_choices: dict) -> Cast:
    """Cast the paper ``token`` online; a copy of it sent at the same time gets the same receipt.

    Two copies sent at once cast one vote: the second waits on the voter's roll row, is told
    the voter has voted, and then finds the first one's receipt in the box.
    """
    nonce = open_paper(token, ballot, voter)
    try:
        return Cast(cast_vote(ballot, voter, raw_choices, nonce=nonce))
    except AlreadyVoted:
        earlier = earlier_cast(ballot, voter, token)
        if earlier is None:
            raise
        return earlier


def earlier_cast(ballot: Ballot, voter, token: str) -> Cast | None:
    """The receipt of this paper if it is already in the box (sent again after a fault).

    The token is signed for this voter alone, so a paper found in the box was cast by them.
    The box is looked up by the receipt's hash only, as the public check does, and nothing
    tying the voter to the paper is written.
    """
    code = receipt_code(open_paper(token, ballot, voter))
    digest = receipt_hash(ballot.pk, code)
    if BoxEntry.objects.filter(ballot=ballot, receipt_hash=digest).exists():
        return Cast(code, earlier=True)
    return None


def mark_voted_in_person(ballot: Ballot, voter, staff) -> None:
    """Staff mark on the roll a voter who handed in a paper ballot at the meeting."""
    freeze_roll(ballot)
    with transaction.atomic():
        _check_window(ballot)
        _mark_roll(ballot, voter, Channel.PAPER, recorded_by=staff)


# -- paper tally -----------------------------------------------------------------------------
def enter_paper_tally(ballot: Ballot, ballots_counted: int, counts: dict, staff) -> PaperTally:
    """Store the counted paper ballots after checking they add up."""
    if ballot.certified_at:
        raise VoteRefused(_("结果已审核公布，不能再修改纸质计票。"))
    if ballot.state() != Ballot.State.CLOSED:
        # Counted papers are a partial tally: like any other, it exists only after closing.
        raise VoteRefused(_("投票截止后才能录入纸质计票。"))
    marked = RollEntry.objects.filter(ballot=ballot, channel=Channel.PAPER).count()
    if ballots_counted > marked:
        raise VoteRefused(
            _("收回的纸质选票（%(papers)s 张）多于名册上登记的现场投票人数（%(marked)s 人）。")
            % {"papers": ballots_counted, "marked": marked}
        )
    _check_paper_counts(ballot, ballots_counted, counts)
    with transaction.atomic():
        paper, _created = PaperTally.objects.update_or_create(
            ballot=ballot,
            defaults={"ballots_counted": ballots_counted, "counts": counts, "entered_by": staff},
        )
    return paper


def _check_paper_counts(ballot: Ballot, papers: int, counts: dict) -> None:
    values = _all_counts(counts)
    if any(not isinstance(value, int) or value < 0 for value in values):
        raise VoteRefused(_("票数必须是非负整数。"))
    if ballot.ballot_type == Ballot.Type.MOTION:
        if sum(counts.get(vote, 0) for vote in tally.MOTION_VOTES) != papers:
            raise VoteRefused(_("赞成、反对、弃权票数之和必须等于收回的纸质选票数。"))
        return
    option_ids = {str(pk) for pk in ballot.options.values_list("pk", flat=True)}
    if ballot.ballot_type == Ballot.Type.CHOICE:
        options = counts.get("options", {})
        blank = counts.get("blank", 0)
        filled = papers - blank
        if set(options) - option_ids or filled < 0:
            raise VoteRefused(_("计票中有不属于本次票决的选项，或空白票多于选票数。"))
        chosen = sum(options.values())
        if any(n > filled for n in options.values()) or not (
            filled <= chosen <= filled * ballot.max_choices
        ):
            raise VoteRefused(_("各选项票数与选票数不符。"))
        return
    ratings = counts.get("ratings", {})
    if set(ratings) - option_ids:
        raise VoteRefused(_("计票中有不属于本次测评的对象。"))
    if any(sum(by_rating.values()) > papers for by_rating in ratings.values()):
        raise VoteRefused(_("某位测评对象的评价数多于选票数。"))


def _all_counts(counts: dict) -> list:
    found = []
    for value in counts.values():
        found.extend(_all_counts(value) if isinstance(value, dict) else [value])
    return found


# -- turnout and results ---------------------------------------------------------------------
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


def compute_result(ballot: Ballot) -> dict:
    """The result from the ballot box, the paper tally and the frozen roll; closed ballots only."""
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
        "rows": _rows(ballot, counts, options),
        "blank": counts.blank,
        "evaluation": _evaluation_rows(counts, options),
        "outcome": outcome,
        "leaders": [
            option.label
            for option in options
            if str(option.pk) in tally.leaders(counts.options, [o.pk for o in options])
        ]
        if ballot.ballot_type == Ballot.Type.CHOICE
        else [],
    }


def _rows(ballot: Ballot, counts: tally.Counts, options) -> list[dict]:
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


def _evaluation_rows(counts: tally.Counts, options) -> list[dict]:
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


# -- closing ---------------------------------------------------------------------------------
def mix_box(ballot: Ballot) -> int:
    """Rewrite the ballot's box rows in random order, and touch the voted roll rows, at once.

    Every row written by one cast shares that transaction's id (PostgreSQL ``xmin``) and the
    box rows sit on disk in casting order (``ctid``); rewriting both sides in one shuffled
    transaction gives every row the same xmin and a random position. Dead row versions stay
    on disk until VACUUM, which ``vacuum_box`` runs where it can.
    """
    with transaction.atomic():
        rows = list(BoxEntry.objects.filter(ballot=ballot).values("id", "choices", "receipt_hash"))
        random.SystemRandom().shuffle(rows)
        # Delete exactly the rows read: under READ COMMITTED a ballot-wide DELETE would also
        # take a vote committed by a concurrent cast after the SELECT, and lose it.
        ids = [row["id"] for row in rows]
        for start in range(0, len(ids), MIX_BATCH):
            BoxEntry.objects.filter(pk__in=ids[start : start + MIX_BATCH]).delete()
        BoxEntry.objects.bulk_create(
            [BoxEntry(ballot=ballot, **row) for row in rows], batch_size=MIX_BATCH
        )
        RollEntry.objects.filter(ballot=ballot, voted_at__isnull=False).update(channel=F("channel"))
        Ballot.objects.filter(pk=ballot.pk).update(box_mixed_at=Now())
    vacuum_box()
    return len(rows)


def vacuum_box() -> None:
    """VACUUM the box and roll on PostgreSQL (not possible inside a transaction, e.g. tests)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for model in (BoxEntry, RollEntry):
            cursor.execute(f'VACUUM "{model._meta.db_table}"')  # noqa: S608 -- our own table name


def certify(ballot: Ballot, reviewer) -> dict:
    """A reviewer certifies the result of a closed ballot; it is then published on the page."""
    if ballot.state() == Ballot.State.CERTIFIED:
        raise VoteRefused(_("结果已经审核公布。"))
    if ballot.state() != Ballot.State.CLOSED:
        raise VoteRefused(_("投票尚未截止，不能审核结果。"))
    freeze_roll(ballot)
    paper_marked = RollEntry.objects.filter(ballot=ballot, channel=Channel.PAPER).count()
    paper = PaperTally.objects.filter(ballot=ballot).first()
    if paper_marked != (paper.ballots_counted if paper else 0):
        raise VoteRefused(
            _("纸质计票尚未录入或与现场投票人数（%(marked)s 人）不符。") % {"marked": paper_marked}
        )
    mix_box(ballot)
    result = compute_result(ballot)
    certified = Ballot.objects.filter(pk=ballot.pk, certified_at__isnull=True).update(
        certified_at=Now(), certified_by=reviewer, certified_result=result
    )
    if not certified:
        raise VoteRefused(_("结果已经审核公布。"))
    ballot.refresh_from_db(fields=["certified_at", "certified_by", "certified_result"])
    return result


def close_due_ballots() -> int:
    """Mix the box of every closed, uncertified ballot (the management command, after closing)."""
    closed = Ballot.objects.filter(closes_at__lte=Now(), certified_at__isnull=True).filter(
        Q(box_mixed_at__isnull=True) | Q(box_mixed_at__lt=F("closes_at"))
    )  # once after closing is enough: no vote enters a closed box
    closed = list(closed)
    for ballot in closed:
        mix_box(ballot)
    return len(closed)


def mix_open_ballots() -> int:
    """Mix the boxes of open ballots, so that casting order on disk lasts one interval at most."""
    running = Ballot.objects.filter(opens_at__lte=Now(), closes_at__gt=Now())
    for ballot in running:
        mix_box(ballot)
    return len(running)
