"""The month in figures: the committee's checks per cadre, and the public summary.

The public summary is aggregates only: no resident's name or request, and a count below
``SMALL_CELL`` is shown as "<3" so that no cell is small enough to point at someone.
Corrections are entries of the log but not new requests: they count nowhere here.
"""

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.services.models import Booking
from participation.services.services import next_month

SMALL_CELL = 3
Status = Booking.Status


def month_bounds(first: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(first, time.min, tzinfo=tz),
        datetime.combine(next_month(first), time.min, tzinfo=tz),
    )


def requests_of(first: date, community_ids=None):
    """The month's requests (entries made in it), corrections left out; of the communities
    ``community_ids`` (their matters') when given."""
    starts, ends = month_bounds(first)
    bookings = (
        Booking.objects.filter(created_at__gte=starts, created_at__lt=ends, corrects__isnull=True)
        .exclude(status=Status.CANCELLED)
        .select_related("matter", "cadre")
    )
    if community_ids is not None:
        bookings = bookings.filter(matter__community_id__in=community_ids)
    return bookings


def hours_to_reply(booking) -> float | None:
    if booking.replied_at is None:
        return None
    return (booking.replied_at - booking.created_at).total_seconds() / 3600


@dataclass
class Figures:
    """Requests, replies, the median time to reply, overdue entries and the ratings."""

    requests: int = 0
    replied: int = 0
    on_time: int = 0
    overdue: int = 0
    declined: int = 0
    hours: list = field(default_factory=list)
    ratings: Counter = field(default_factory=Counter)

    def add(self, booking, now):
        self.requests += 1
        self.declined += booking.status == Status.DECLINED
        waited = hours_to_reply(booking)
        if waited is not None:
            self.replied += 1
            self.hours.append(waited)
        if booking.is_overdue(now):
            self.overdue += 1
        elif booking.status in (Status.REPLIED, Status.DONE):
            self.on_time += 1
        if booking.rating:
            self.ratings[booking.rating] += 1

    @property
    def median_hours(self) -> float | None:
        return round(statistics.median(self.hours), 1) if self.hours else None

    @property
    def on_time_share(self) -> float | None:
        answerable = self.requests - self.declined
        return round(100 * self.on_time / answerable) if answerable else None

    def rating(self, code) -> int:
        return self.ratings.get(code, 0)


def figures_by(bookings, key, now=None) -> dict:
    now = now or timezone.now()
    groups = defaultdict(Figures)
    for booking in bookings:
        groups[key(booking)].add(booking, now)
    return dict(groups)


def total(bookings, now=None) -> Figures:
    figures = Figures()
    for booking in bookings:
        figures.add(booking, now or timezone.now())
    return figures


def checks(first: date, now=None, community_ids=None) -> dict:
    """The committee's view of a month: per cadre, and the whole month (of the communities
    ``community_ids``; None: all)."""
    bookings = list(requests_of(first, community_ids))
    per_cadre = figures_by(bookings, lambda b: b.cadre, now)
    rows = sorted(per_cadre.items(), key=lambda pair: str(pair[0] or ""))
    return {"rows": rows, "total": total(bookings, now), "bookings": bookings}


def small(count: int):
    """A count as published: "<3" below the threshold (0 stays 0: nothing to point at)."""
    return "<3" if 0 < count < SMALL_CELL else count


def public_summary(first: date, community_id, now=None) -> dict:
    """What a community's site publishes for a month: per matter and in all, no cell below 3."""
    bookings = list(requests_of(first, [community_id]))
    per_matter = figures_by(bookings, lambda b: b.matter.name, now)
    everything = total(bookings, now)
    rows = [
        {
            "matter": name,
            "requests": small(figures.requests),
            "median_hours": figures.median_hours if figures.replied >= SMALL_CELL else None,
        }
        for name, figures in sorted(per_matter.items())
    ]
    return {
        "month": first,
        "rows": rows,
        "requests": small(everything.requests),
        "median_hours": everything.median_hours if everything.replied >= SMALL_CELL else None,
        "on_time_share": everything.on_time_share if everything.requests >= SMALL_CELL else None,
        "ratings": [
            (label, small(everything.rating(code))) for code, label in Booking.Rating.choices
        ],
    }


CHECK_COLUMNS = [
    _("干部"),
    _("请求数"),
    _("已答复"),
    _("答复时间中位数（小时）"),
    _("超期"),
    _("不予受理"),
    _("满意"),
    _("基本满意"),
    _("不满意"),
]


def check_rows(first: date, now=None, community_ids=None) -> list[list]:
    """The checks as a sheet (CSV/Excel): a heading row, one row per cadre, the total."""
    data = checks(first, now, community_ids)
    rows = [[str(heading) for heading in CHECK_COLUMNS]]
    for cadre, figures in data["rows"] + [(_("合计"), data["total"])]:
        rows.append(
            [
                str(cadre or _("待安排")),
                figures.requests,
                figures.replied,
                figures.median_hours if figures.median_hours is not None else "",
                figures.overdue,
                figures.declined,
                *(figures.rating(code) for code in Booking.Rating.values),
            ]
        )
    return rows
