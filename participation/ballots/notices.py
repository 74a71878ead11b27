"""What the ballots plugin tells residents: a ballot opening, closing within a day, its result.

Sent through ``participation.core.notifications.notify``, each notice once per ballot: a
conditional UPDATE of the ballot's mark (``opening_announced_at``, ``closing_reminded_at``,
``certified_at``) decides, in the transaction that notifies, so two runs of the job never both
send and a run that fails marks nothing. Every recipient of a notice gets the same title and
link: none says how anyone voted, and the closing reminder, which goes only to voters on the
roll who have not voted, tells each of them about themselves alone.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Now
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from participation.ballots.models import Ballot
from participation.ballots.roll import freeze_roll
from participation.core.links import page_path
from participation.core.notifications import notify
from participation.core.visibility import who_may_view
from participation.residents.models import User

KIND = "participation_ballots.{}"
CLOSING_NOTICE = timedelta(hours=24)
"""How long before closing the voters who have not voted are reminded."""
OPENED = _("票决开始投票：%(title)s")
CLOSING = _("票决将于 %(when)s 截止，您还没有投票：%(title)s")
CERTIFIED = _("票决结果已公布：%(title)s")


def on_roll(ballot: Ballot, *, not_voted=False):
    """The ballot's frozen roll as active accounts that may view its page (one query)."""
    entries = {"ballot_roll_entries__ballot": ballot}
    if not_voted:
        entries["ballot_roll_entries__voted_at__isnull"] = True
    voters = User.objects.filter(is_active=True, **entries)
    return who_may_view(voters, ballot.page).only("pk").order_by("pk")


def _send(code: str, ballot: Ballot, recipients, title, **extra) -> None:
    notify(
        KIND.format(code),
        recipients,
        title=title,
        url=page_path(ballot.page),
        obj=ballot,
        site=ballot.page.get_site(),
        **extra,
    )


def _title(message: str, ballot: Ballot, **values) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(message) % {"title": ballot.title, **values}


def _mark(ballot: Ballot, field: str) -> bool:
    """Set the ballot's mark if nobody has; True for the one caller that should notify."""
    updated = Ballot.objects.filter(pk=ballot.pk, **{f"{field}__isnull": True}).update(
        **{field: Now()}
    )
    return updated == 1


def open_ballots(now):
    return Ballot.objects.filter(
        opens_at__lte=now, closes_at__gt=now, certified_at__isnull=True, page__live=True
    ).select_related("page")


def announce_openings(now=None) -> int:
    """Tell the electorate of each ballot that opened and has not been announced; how many."""
    due = open_ballots(now or timezone.now()).filter(opening_announced_at__isnull=True)
    return sum(announce_opening(ballot) for ballot in due)


def announce_opening(ballot: Ballot) -> bool:
    freeze_roll(ballot)  # the roll is who may vote; the job froze it just before
    with transaction.atomic():
        if not _mark(ballot, "opening_announced_at"):
            return False
        title = _title(OPENED, ballot)
        _send("ballot_opened", ballot, on_roll(ballot), title)
    return True


def remind_closing(now=None) -> int:
    """Remind the voters who have not voted, a day before each ballot closes; how many ballots.

    A ballot open for a day or less is not reminded: its opening notice says as much.
    """
    now = now or timezone.now()
    due = open_ballots(now).filter(
        closing_reminded_at__isnull=True,
        closes_at__lte=now + CLOSING_NOTICE,
        closes_at__gt=F("opens_at") + CLOSING_NOTICE,
    )
    return sum(remind(ballot) for ballot in due)


def remind(ballot: Ballot) -> bool:
    freeze_roll(ballot)
    with transaction.atomic():
        if not _mark(ballot, "closing_reminded_at"):
            return False
        when = date_format(timezone.localtime(ballot.closes_at), "Y-m-d H:i")
        title = _title(CLOSING, ballot, when=when)
        _send("ballot_closing", ballot, on_roll(ballot, not_voted=True), title)
    return True


def announce_result(ballot: Ballot) -> None:
    """Tell the electorate and the followers of the ballot and its page that the result is
    certified. Called by ``results.certify`` in the transaction that certifies."""
    title = _title(CERTIFIED, ballot)
    _send("ballot_certified", ballot, on_roll(ballot), title, followers_of=(ballot.page, ballot))
