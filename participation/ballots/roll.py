"""The voter roll: who may vote, frozen once when the ballot opens, and whether one person may
vote now.

Only the cast, the office desk and ``ballots_maintain`` freeze the roll; ``refusal_to_vote``
only reads, so permission checks and page rendering write nothing.
"""

from django.db import transaction
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.formats import date_format

from participation.ballots.models import Ballot, RollEntry
from participation.ballots.refusals import Reason, VoteRefused
from participation.core.electorates import electorate_user_ids, is_declared_name
from participation.residents.communities import community_id_of_module
from participation.residents.models import Representative, User


def verified_residents(ballot: Ballot):
    """The verified residents of the ballot's community: nobody votes in another's."""
    return User.objects.filter(
        is_active=True,
        verification=User.Verification.VERIFIED,
        unit__isnull=False,
        community_id=community_id_of_module(ballot),
    )


def eligible_voters(ballot: Ballot):
    """Who may vote, by the ballot's electorate, as of now (the roll once it is frozen)."""
    verified = verified_residents(ballot)
    if ballot.electorate == Ballot.Electorate.REPRESENTATIVES:
        day = timezone.localdate(ballot.opens_at) if ballot.opens_at else None
        current = Representative.objects.current(on=day)
        current = current.of_community(community_id_of_module(ballot)).values("user_id")
        return verified.filter(pk__in=current)
    if ballot.electorate == Ballot.Electorate.BUILDINGS:
        return verified.filter(unit__building__in=ballot.buildings.all())
    if is_declared_name(ballot.electorate):
        return verified.filter(pk__in=electorate_user_ids(ballot.electorate))
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


def open_now(ballot: Ballot):
    """The ballot, if it takes votes now by the database's clock (for a conditional write)."""
    return Ballot.objects.filter(
        pk=ballot.pk, opens_at__lte=Now(), closes_at__gt=Now(), certified_at__isnull=True
    )


def refusal_to_vote(ballot: Ballot, user, *, in_person=False) -> VoteRefused | None:
    """Why ``user`` may not vote on ``ballot`` now, or None; reads the database, never writes.

    The judgement of eligibility the page and the cast rule ask. The cast asks the same in
    its one conditional UPDATE (``casting._judge_and_mark``, with ``open_now``) and asks this
    only to explain a refusal. The window is judged by the database's clock, the clock that
    freezes the roll and stamps ``voted_at``, so that web servers whose clocks drift cannot
    disagree about whether voting is open. Before the roll is frozen (the cron has not run
    yet) the electorate stands in for it. A voter marked in person hands in a paper at the
    meeting and is not asked about their account.
    """
    if not in_person and not _is_verified_now(ballot, user):
        return VoteRefused(_unverified_reason(ballot, user))
    window = (
        Ballot.objects.filter(pk=ballot.pk)
        .annotate(db_now=Now())
        .values("opens_at", "closes_at", "certified_at", "roll_frozen_at", "db_now")
        .get()
    )
    now = window["db_now"]
    if window["opens_at"] is None or now < window["opens_at"]:
        return VoteRefused(Reason.NOT_OPEN_YET)
    if window["closes_at"] is None or now >= window["closes_at"] or window["certified_at"]:
        return VoteRefused(Reason.CLOSED)
    frozen_at = window["roll_frozen_at"]
    if frozen_at is None:
        on_roll = eligible_voters(ballot).filter(pk=user.pk).exists()
        return None if on_roll else VoteRefused(Reason.NOT_ON_ROLL)
    entry = RollEntry.objects.filter(ballot=ballot, voter=user).values("voted_at").first()
    if entry is None:
        return _not_on_frozen_roll(ballot, user, frozen_at)
    return VoteRefused(Reason.ALREADY_VOTED) if entry["voted_at"] else None


def _is_verified_now(ballot: Ballot, user) -> bool:
    """Verified by the stored account, not by a copy loaded before a revocation."""
    if not (user and user.is_authenticated):
        return False
    return verified_residents(ballot).filter(pk=user.pk).exists()


def _unverified_reason(ballot: Ballot, user) -> Reason:
    """A verified resident of another community is told so, not asked to verify."""
    verified = bool(user and user.is_authenticated and user.is_verified)
    if verified and not user.is_verified_resident_of(community_id_of_module(ballot)):
        return Reason.OTHER_COMMUNITY
    return Reason.NOT_VERIFIED


def _not_on_frozen_roll(ballot: Ballot, user, frozen_at) -> VoteRefused:
    """Outside the electorate, or eligible only since the roll was frozen (and told when)."""
    if eligible_voters(ballot).filter(pk=user.pk).exists():
        when = date_format(timezone.localtime(frozen_at), "Y-m-d H:i")
        return VoteRefused(Reason.ELIGIBLE_SINCE_FREEZE, when=when)
    return VoteRefused(Reason.NOT_ON_ROLL)
