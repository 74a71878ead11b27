"""Booking, the status flow and the roster: the rules that must hold at once.

Booking a slot locks the duty row (``select_for_update``) while it counts the places taken and
takes one, so two residents can never both take the last place; the partial unique constraint
(one active booking per resident and slot) is the last line of defence. Notifications go out
through the core's ``notify`` inside the transaction that makes them true.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participation.core.notifications import notify
from participation.core.predicates import is_member_of_module_community
from participation.residents.communities import community_id_of_module
from participation.residents.models import default_community_id
from participation.residents.predicates import is_verified_resident
from participation.services.models import (
    TEXT_LIMIT,
    Booking,
    BookingMessage,
    Duty,
    DutyPattern,
    Leave,
    Matter,
    ServiceMonth,
)

Status = Booking.Status
Mode = Booking.Mode
Channel = Booking.Channel
NEXT_FREE = 3


class BookingError(Exception):
    """A refusal with a message for the resident or the cadre; nothing was stored."""

    def __init__(self, message, alternatives=()):
        super().__init__(message)
        self.message = message
        self.alternatives = list(alternatives)


# -- slots --------------------------------------------------------------------------------


def open_duties(community_id, now=None):
    """A community's slots one may book: a cadre on duty, not started yet, with places taken
    counted."""
    now = now or timezone.now()
    return (
        Duty.objects.filter(community_id=community_id, starts_at__gt=now, cadre__isnull=False)
        .select_related("cadre")
        .annotate(taken=Count("bookings", filter=Q(bookings__status__in=Booking.ACTIVE)))
        .order_by("starts_at")
    )


def free_duties(community_id, now=None, after=None, limit=None):
    duties = [duty for duty in open_duties(community_id, now) if duty.taken < duty.capacity]
    if after is not None:
        duties = [duty for duty in duties if duty.starts_at >= after.starts_at and duty != after]
    return duties[:limit] if limit else duties


def _check_text(text, label):
    if len(text) > TEXT_LIMIT:
        raise BookingError(
            _("%(label)s最多 %(limit)s 字，现在有 %(count)s 字。")
            % {"label": label, "limit": TEXT_LIMIT, "count": len(text)}
        )


# -- booking ------------------------------------------------------------------------------


@dataclass
class Request:
    """What a resident (or a cadre for them) asks for; checked by ``book``."""

    matter: Matter
    mode: str
    duty_id: int | None = None
    requested_time: datetime | None = None
    details: str = ""
    channel: str = Channel.ONLINE
    visitor_name: str = ""
    consent: bool = False


def book(module, resident, request: Request, recorded_by=None) -> Booking:
    """Book for ``resident`` (a verified account), or record a phone call or walk-in
    (``recorded_by`` a staff member, with the resident's consent; ``resident`` may then be
    None and ``visitor_name`` given)."""
    community_id = community_id_of_module(module)
    _check_who(module, resident, request, recorded_by)
    _check_request(request, community_id)
    try:
        with transaction.atomic():
            duty = (
                _locked_free_duty(request.duty_id, resident, community_id)
                if request.mode == Mode.VISIT
                else None
            )
            return Booking.objects.create(
                module=module,
                author=resident,
                matter=request.matter,
                mode=request.mode,
                duty=duty,
                requested_time=request.requested_time if request.mode == Mode.ASK_TIME else None,
                details=request.details.strip(),
                channel=request.channel if recorded_by else Channel.ONLINE,
                visitor_name=request.visitor_name.strip() if recorded_by else "",
                recorded_by=recorded_by,
                consent=bool(recorded_by),
                created_at=timezone.now(),
            )
    except IntegrityError as error:  # the constraint caught what the check could not
        raise BookingError(_("您已经预约了这个时段。")) from error


def _check_who(module, resident, request, recorded_by):
    if recorded_by is None and not is_verified_resident(resident):
        raise BookingError(_("只有已认证的居民可以预约。请先完成居民认证。"))
    if resident is not None and not is_member_of_module_community(resident, module):
        raise BookingError(_("这项服务属于其他社区，只有该社区的居民可以预约。"))
    if recorded_by is None:
        return
    if not recorded_by.is_staff:
        raise BookingError(_("只有工作人员可以代居民登记。"))
    if not request.consent:
        raise BookingError(_("代居民登记前，请确认居民同意由工作人员代为登记。"))
    if resident is None and not request.visitor_name.strip():
        raise BookingError(_("请选择居民账号，或填写来访人姓名。"))


def _check_request(request, community_id):
    matter = request.matter
    if matter is None or not matter.is_active or matter.community_id != community_id:
        raise BookingError(_("请选择服务目录中的事项。"))
    _check_text(request.details, _("情况说明"))
    if request.mode == Mode.DELEGATE and not matter.can_delegate:
        raise BookingError(
            _("“%(matter)s”不能代办，请选择到场办理的时段。") % {"matter": matter.name}
        )
    if request.mode == Mode.ASK_TIME:
        if request.requested_time is None:
            raise BookingError(_("请填写您希望办理的时间。"))
        if request.requested_time <= timezone.now():
            raise BookingError(_("希望的时间已经过去，请填写以后的时间。"))
    if request.mode == Mode.VISIT and request.duty_id is None:
        raise BookingError(_("请选择一个当班时段。"))
    if request.mode not in Mode.values:
        raise BookingError(_("请选择办理方式。"))


def _locked_free_duty(duty_id, resident, community_id) -> Duty:
    """The slot, locked; refused when it is not in the community's roster, past, unstaffed or
    full."""
    duty = (
        Duty.objects.select_for_update(of=("self",))
        .filter(pk=duty_id, community_id=community_id)
        .first()
    )
    if duty is None:
        raise BookingError(_("所选时段不在当班轮流表内，请重新选择。"))
    if duty.has_started():
        raise BookingError(_("这个时段已经开始或已经过去，请选择以后的时段。"))
    if duty.cadre_id is None:
        raise BookingError(_("这个时段暂时没有干部当班，请选择其他时段。"))
    bookings = duty.bookings.filter(status__in=Booking.ACTIVE)
    if resident is not None and bookings.filter(author=resident).exists():
        raise BookingError(_("您已经预约了这个时段。"))
    if bookings.count() >= duty.capacity:
        raise BookingError(
            _("这个时段已经约满，请选择下面的其他时段。"),
            alternatives=free_duties(community_id, after=duty, limit=NEXT_FREE),
        )
    return duty


def cancel(user, booking_id) -> Booking:
    """The resident cancels their booking, until the slot starts."""
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update(of=("self",))
            .select_related("duty")
            .filter(pk=booking_id, author=user)
            .first()
        )
        if booking is None:
            raise BookingError(_("找不到这条预约。"))
        if not booking.is_active:
            raise BookingError(
                _("这条预约已经%(status)s，不能再取消。") % {"status": booking.get_status_display()}
            )
        starts = booking.appointment_starts_at
        if starts is not None and starts <= timezone.now():
            raise BookingError(_("预约的时段已经开始，不能再取消。"))
        booking.status = Status.CANCELLED
        booking.closed_at = timezone.now()
        booking.save(update_fields=["status", "closed_at"])
    return booking


# -- the status flow (cadres) -------------------------------------------------------------


def booking_url(booking) -> str:
    return reverse("participation_services:booking", args=[booking.pk])


def _tell(code, booking, title):
    if booking.author_id:
        notify(
            f"participation_services.{code}",
            [booking.author],
            title=title,
            url=booking_url(booking),
            obj=booking,
        )


def _locked(booking_id) -> Booking:
    return (
        Booking.objects.select_for_update(of=("self",))
        .select_related("matter", "duty", "author")
        .get(pk=booking_id)
    )


def _move(booking, allowed, target):
    if booking.status not in allowed:
        raise BookingError(
            _("这条预约现在是“%(status)s”，不能改为“%(target)s”。")
            % {"status": booking.get_status_display(), "target": Status(target).label}
        )
    booking.status = target


def accept(booking_id, cadre) -> Booking:
    """Accept: the booking goes to the cadre on duty for its slot, else to the one accepting."""
    with transaction.atomic():
        booking = _locked(booking_id)
        _move(booking, [Status.SUBMITTED], Status.ACCEPTED)
        booking.cadre = (booking.duty.cadre if booking.duty_id else None) or cadre
        booking.accepted_at = timezone.now()
        booking.needs_reassignment = False
        booking.save(update_fields=["status", "cadre", "accepted_at", "needs_reassignment"])
        _tell(
            "accepted",
            booking,
            _("您的错时服务预约已受理：%(matter)s") % {"matter": booking.matter},
        )
    return booking


def start(booking_id, cadre) -> Booking:
    with transaction.atomic():
        booking = _locked(booking_id)
        _move(booking, [Status.ACCEPTED], Status.IN_PROGRESS)
        booking.started_at = timezone.now()
        booking.cadre = booking.cadre or cadre
        booking.save(update_fields=["status", "started_at", "cadre"])
    return booking


def reply(booking_id, cadre, text, result="") -> Booking:
    """The cadre's reply; from here on the entry is fixed (corrections are new entries)."""
    text = (text or "").strip()
    if not text:
        raise BookingError(_("请填写答复内容。"))
    _check_text(text, _("答复"))
    with transaction.atomic():
        booking = _locked(booking_id)
        _move(booking, [Status.ACCEPTED, Status.IN_PROGRESS], Status.REPLIED)
        booking.reply = text
        booking.result = (result or "").strip()[:200]
        booking.cadre = booking.cadre or cadre
        booking.replied_at = timezone.now()
        booking.save(update_fields=["status", "reply", "result", "cadre", "replied_at"])
        _tell(
            "replied", booking, _("当班干部答复了您的预约：%(matter)s") % {"matter": booking.matter}
        )
    return booking


def complete(booking_id, cadre) -> Booking:
    with transaction.atomic():
        booking = _locked(booking_id)
        _move(booking, [Status.REPLIED], Status.DONE)
        booking.done_at = timezone.now()
        booking.save(update_fields=["status", "done_at"])
    return booking


def decline(booking_id, cadre, reason) -> Booking:
    reason = (reason or "").strip()
    if not reason:
        raise BookingError(_("不予受理时请写明理由。"))
    _check_text(reason, _("理由"))
    with transaction.atomic():
        booking = _locked(booking_id)
        _move(booking, Booking.ACTIVE, Status.DECLINED)
        booking.decline_reason = reason
        booking.cadre = booking.cadre or cadre
        booking.closed_at = timezone.now()
        booking.save(update_fields=["status", "decline_reason", "cadre", "closed_at"])
        _tell(
            "declined",
            booking,
            _("您的错时服务预约不予受理：%(matter)s") % {"matter": booking.matter},
        )
    return booking


def post_message(booking_id, author, text) -> BookingMessage:
    text = (text or "").strip()
    if not text:
        raise BookingError(_("请填写留言内容。"))
    _check_text(text, _("留言"))
    with transaction.atomic():
        booking = _locked(booking_id)
        message = BookingMessage.objects.create(booking=booking, author=author, text=text)
        _tell("message", booking, _("当班干部给您留言：%(matter)s") % {"matter": booking.matter})
    return message


def correct(booking_id, cadre, reply_text, result="") -> Booking:
    """A correction of a replied entry: a new entry that refers to the old one."""
    reply_text = (reply_text or "").strip()
    if not reply_text:
        raise BookingError(_("请填写更正后的答复。"))
    _check_text(reply_text, _("答复"))
    with transaction.atomic():
        old = _locked(booking_id)
        if old.replied_at is None:
            raise BookingError(_("这条记录还没有答复，可以直接办理，不需要更正。"))
        now = timezone.now()
        return Booking.objects.create(
            module_id=old.module_id,
            author=old.author,
            matter=old.matter,
            channel=old.channel,
            mode=old.mode,
            duty=old.duty,
            requested_time=old.requested_time,
            details=old.details,
            visitor_name=old.visitor_name,
            recorded_by=cadre,
            consent=True,
            status=Status.REPLIED,
            cadre=cadre,
            accepted_at=old.accepted_at,
            replied_at=now,
            reply=reply_text,
            result=(result or "").strip()[:200],
            corrects=old,
            created_at=old.created_at,
        )


RATINGS = dict(Booking.Rating.choices)


def rate(user, booking_id, rating, comment="") -> Booking:
    if rating not in RATINGS:
        raise BookingError(_("请选择满意、基本满意或不满意。"))
    comment = (comment or "").strip()
    _check_text(comment, _("评价意见"))
    with transaction.atomic():
        booking = Booking.objects.select_for_update().filter(pk=booking_id, author=user).first()
        if booking is None:
            raise BookingError(_("找不到这条预约。"))
        if booking.status != Status.DONE:
            raise BookingError(_("办结以后才能评价。"))
        if booking.rated_at:
            raise BookingError(_("您已经评价过了。"))
        booking.rating, booking.rating_comment, booking.rated_at = rating, comment, timezone.now()
        booking.save(update_fields=["rating", "rating_comment", "rated_at"])
    return booking


# -- the roster ---------------------------------------------------------------------------


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(first: date) -> date:
    return (first + timedelta(days=32)).replace(day=1)


def _on_leave(cadre_id, day, leaves) -> bool:
    return any(
        leave.cadre_id == cadre_id and leave.starts_on <= day <= leave.ends_on for leave in leaves
    )


def build_month(first: date, community_id=None) -> list[Duty]:
    """Make a community's month of duties from its weekly patterns (the default community's
    when none is named); idempotent (one duty per turn).

    A turn that falls in a cadre's leave is made without a cadre: it shows as 待安排 until
    someone swaps in.
    """
    community_id = community_id or default_community_id()
    tz = timezone.get_current_timezone()
    end = next_month(first)
    patterns = list(DutyPattern.objects.filter(community_id=community_id))
    leaves = list(
        Leave.objects.filter(community_id=community_id, starts_on__lt=end, ends_on__gte=first)
    )
    made = []
    day = first
    while day < end:
        for pattern in patterns:
            if pattern.applies_on(day):
                starts = datetime.combine(day, pattern.starts_at, tzinfo=tz)
                duty, created = Duty.objects.get_or_create(
                    pattern=pattern,
                    starts_at=starts,
                    defaults={
                        "community_id": community_id,
                        "ends_at": datetime.combine(day, pattern.ends_at, tzinfo=tz),
                        "cadre": None
                        if _on_leave(pattern.cadre_id, day, leaves)
                        else pattern.cadre,
                        "capacity": pattern.capacity,
                        "venue": pattern.venue,
                    },
                )
                if created:
                    made.append(duty)
        day += timedelta(days=1)
    ServiceMonth.objects.get_or_create(community_id=community_id, month=first)
    return made


def _flag_bookings(duty) -> int:
    """Bookings of a duty that lost its cadre: flagged for reassignment, never dropped."""
    return duty.bookings.filter(status__in=Booking.ACTIVE).update(
        needs_reassignment=True, cadre=None
    )


def remove_cadre(duty_id, note="") -> int:
    """Take the cadre off a duty (leave, sickness, leaving the office); returns how many
    bookings were flagged for reassignment."""
    with transaction.atomic():
        duty = Duty.objects.select_for_update().get(pk=duty_id)
        duty.swapped_from = duty.cadre or duty.swapped_from
        duty.cadre = None
        duty.note = note or duty.note
        duty.save(update_fields=["cadre", "swapped_from", "note"])
        return _flag_bookings(duty)


def swap(duty_id, new_cadre, note="") -> Duty:
    """Another cadre takes the duty; accepted bookings follow to them."""
    if new_cadre is None or not new_cadre.is_staff:
        raise BookingError(_("请选择一位工作人员当班。"))
    with transaction.atomic():
        duty = Duty.objects.select_for_update().get(pk=duty_id)
        duty.swapped_from = duty.cadre or duty.swapped_from
        duty.cadre = new_cadre
        duty.note = note or duty.note
        duty.save(update_fields=["cadre", "swapped_from", "note"])
        active = duty.bookings.filter(status__in=Booking.ACTIVE)
        active.exclude(status=Status.SUBMITTED).update(cadre=new_cadre, needs_reassignment=False)
        active.filter(status=Status.SUBMITTED).update(needs_reassignment=False)
    return duty


def record_leave(leave: Leave) -> int:
    """Apply a leave to its community's roster: the cadre's duties in it lose their cadre."""
    tz = timezone.get_current_timezone()
    starts = datetime.combine(leave.starts_on, time.min, tzinfo=tz)
    ends = datetime.combine(leave.ends_on + timedelta(days=1), time.min, tzinfo=tz)
    duties = Duty.objects.filter(
        community_id=leave.community_id,
        cadre=leave.cadre,
        starts_at__gte=starts,
        starts_at__lt=ends,
    )
    return sum(remove_cadre(duty.pk, gettext_lazy("请假")) for duty in duties)


def release_cadre(user) -> int:
    """A cadre leaves (their account goes): every future duty of theirs loses its cadre, and
    every open booking they handled is flagged for reassignment."""
    flagged = sum(
        remove_cadre(duty.pk)
        for duty in Duty.objects.filter(cadre=user, starts_at__gt=timezone.now())
    )
    flagged += Booking.objects.filter(cadre=user, status__in=Booking.ACTIVE).update(
        cadre=None, needs_reassignment=True
    )
    return flagged


def publish_roster(first: date, community_id=None) -> ServiceMonth:
    """Publish a community's month (the default community's when none is named)."""
    month, _created = ServiceMonth.objects.get_or_create(
        community_id=community_id or default_community_id(), month=first
    )
    if month.roster_published_at is None:
        month.roster_published_at = timezone.now()
        month.save(update_fields=["roster_published_at"])
    return month


def sign_off(first: date, checker, note="", community_id=None) -> ServiceMonth:
    _check_text(note or "", _("检查意见"))
    with transaction.atomic():
        month, _created = ServiceMonth.objects.select_for_update().get_or_create(
            community_id=community_id or default_community_id(), month=first
        )
        if month.checked_at:
            raise BookingError(_("这个月的检查已经签署过了。"))
        month.checked_by, month.checked_at, month.check_note = checker, timezone.now(), note or ""
        month.save(update_fields=["checked_by", "checked_at", "check_note"])
    return month
