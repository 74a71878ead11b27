"""Registration, cancellation, check-in and written opinions: the rules that must hold at once.

Registration and cancellation lock the hearing row (``select_for_update``) for the whole
decision, so counting the confirmed seats and taking one are a single step: two residents can
never take the last seat together, and arrival order (``Registration.position``) is the order in
which the lock was granted. The partial unique constraint (one active registration per resident
and hearing) is the last line of defence. E-mails go out through background tasks, enqueued
only when the transaction commits, so a rolled-back registration never mails anyone.
"""

from dataclasses import dataclass
from enum import Enum

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.core.notifications import follow
from participation.core.predicates import is_resident_of_module_community
from participation.hearings import notifying, predicates, tasks
from participation.hearings.models import Hearing, Opinion, Registration, normalise_code
from participation.hearings.validators import validate_attachment
from participation.residents.predicates import is_verified_resident

Status = Registration.Status


class HearingError(Exception):
    """A refusal with a message for the resident or the staff member; nothing was changed."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _locked_hearing(hearing_id) -> Hearing:
    return Hearing.objects.select_for_update(of=("self",)).get(pk=hearing_id)


def check_can_register(user, hearing, now=None):
    """Raise HearingError with the first reason ``user`` may not register for ``hearing``."""
    now = now or timezone.now()
    if not is_verified_resident(user):
        raise HearingError(_("只有已认证的居民可以报名。请先完成居民认证。"))
    if not is_resident_of_module_community(user, hearing):
        raise HearingError(_("这次会议属于其他社区，只有该社区的居民可以报名。"))
    if not hearing.has_opened(now):
        raise HearingError(_("报名尚未开始。"))
    if not hearing.registration_is_open(now):
        raise HearingError(_("报名已经截止。"))
    if not predicates.is_eligible(user, hearing):
        raise HearingError(
            _("您不在本次会议的报名范围内：%(who)s。") % {"who": hearing.get_eligibility_display()}
        )


def register(user, hearing, wants_to_speak=False, agenda_item="") -> Registration:
    """Give ``user`` a seat, or a place on the waiting list, in arrival order."""
    if agenda_item and agenda_item not in hearing.agenda_items:
        raise HearingError(_("请选择本次会议议程中的一项。"))
    try:
        with transaction.atomic():
            hearing = _locked_hearing(hearing.pk)
            check_can_register(user, hearing)
            if hearing.registrations.filter(author=user).exclude(status=Status.CANCELLED).exists():
                raise HearingError(_("您已经报名了这次会议。"))
            registration = _take_seat_or_wait(hearing, user, wants_to_speak, agenda_item)
            follow(user, module=hearing)  # what one takes part in, one hears about
            transaction.on_commit(lambda: tasks.send_registration_email.enqueue(registration.pk))
    except IntegrityError as error:  # the constraint caught what the check could not
        raise HearingError(_("您已经报名了这次会议。")) from error
    return registration


def _take_seat_or_wait(hearing, user, wants_to_speak, agenda_item) -> Registration:
    confirmed = hearing.registrations.filter(status=Status.CONFIRMED).count()
    if confirmed < hearing.capacity:
        status = Status.CONFIRMED
    elif hearing.waiting_list:
        status = Status.WAITING
    else:
        raise HearingError(_("座位已满，本次会议不设候补名单。"))
    last = hearing.registrations.aggregate(last=Max("position"))["last"] or 0
    now = timezone.now()
    return Registration.objects.create(
        module=hearing,
        author=user,
        status=status,
        position=last + 1,
        created_at=now,
        confirmed_at=now if status == Status.CONFIRMED else None,
        wants_to_speak=wants_to_speak,
        agenda_item=agenda_item if wants_to_speak else "",
    )


def cancel(user, registration_id) -> Registration:
    """Cancel ``user``'s registration; a freed seat goes to the first on the waiting list."""
    with transaction.atomic():
        hearing_id = (
            Registration.objects.filter(pk=registration_id, author=user)
            .values_list("module_id", flat=True)
            .first()
        )
        if hearing_id is None:
            raise HearingError(_("找不到这条报名记录。"))
        hearing = _locked_hearing(hearing_id)
        registration = Registration.objects.select_for_update().get(pk=registration_id)
        if registration.status == Status.CANCELLED:
            raise HearingError(_("这条报名已经取消过了。"))
        if registration.checked_in_at:
            raise HearingError(_("您已经签到，不能再取消报名。"))
        if hearing.has_been_held():
            raise HearingError(_("会议已经结束，不能再取消报名。"))
        registration.status = Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        promote_waiting(hearing)
    return registration


def cancel_by_staff(staff_user, registration_id) -> Registration:
    """Staff cancel a registration (a duplicate, a resident who asked by phone): the freed
    seat goes to the first on the waiting list, and the resident is told."""
    if not predicates.can_manage_hearings(staff_user):
        raise HearingError(_("您没有管理听证会报名的权限。"))
    with transaction.atomic():
        hearing_id = (
            Registration.objects.filter(pk=registration_id)
            .values_list("module_id", flat=True)
            .first()
        )
        if hearing_id is None:
            raise HearingError(_("找不到这条报名记录。"))
        hearing = _locked_hearing(hearing_id)
        registration = Registration.objects.select_for_update().get(pk=registration_id)
        if registration.status == Status.CANCELLED:
            raise HearingError(_("这条报名已经取消过了。"))
        registration.status = Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        promote_waiting(hearing)
        notifying.tell_cancelled_by_staff(registration, hearing)
    return registration


def fill_free_seats(hearing_id) -> list[Registration]:
    """After staff add seats: confirm the first waiting registrations, in arrival order."""
    with transaction.atomic():
        return promote_waiting(_locked_hearing(hearing_id))


def promote_waiting(hearing) -> list[Registration]:
    """Confirm the first waiting registrations while seats are free (hearing row locked)."""
    confirmed = hearing.registrations.filter(status=Status.CONFIRMED).count()
    free = hearing.capacity - confirmed
    if free <= 0:
        return []
    promoted = list(
        hearing.registrations.select_for_update()
        .filter(status=Status.WAITING)
        .order_by("position")[:free]
    )
    now = timezone.now()
    for registration in promoted:
        registration.status = Status.CONFIRMED
        registration.confirmed_at = now
        registration.save(update_fields=["status", "confirmed_at"])
        transaction.on_commit(lambda pk=registration.pk: tasks.send_promotion_email.enqueue(pk))
    return promoted


class CheckIn(Enum):
    VALID = "valid"
    ALREADY_USED = "already_used"
    UNKNOWN = "unknown"
    OTHER_HEARING = "other_hearing"
    NOT_CONFIRMED = "not_confirmed"


CHECK_IN_MESSAGES = {
    CheckIn.VALID: _("有效：签到成功。"),
    CheckIn.ALREADY_USED: _("此报名码已经使用过。"),
    CheckIn.UNKNOWN: _("无效：没有这个报名码。"),
    CheckIn.OTHER_HEARING: _("无效：此报名码属于另一场会议。"),
    CheckIn.NOT_CONFIRMED: _("无效：此报名未确认（候补或已取消）。"),
}


@dataclass
class CheckInResult:
    outcome: CheckIn
    registration: Registration | None = None

    @property
    def message(self):
        return CHECK_IN_MESSAGES[self.outcome]

    @property
    def ok(self) -> bool:
        return self.outcome is CheckIn.VALID


def check_in(hearing, raw_code, staff_user) -> CheckInResult:
    """Check in the holder of a typed or scanned code; one conditional UPDATE decides.

    Two staff members scanning the same code at once both run the UPDATE; the database lets
    exactly one of them change the row, and the other sees "already used".
    """
    code = normalise_code(raw_code)
    registration = Registration.objects.select_related("author").filter(code=code).first()
    if registration is None:
        return CheckInResult(CheckIn.UNKNOWN)
    if registration.module_id != hearing.pk:
        return CheckInResult(CheckIn.OTHER_HEARING)
    if registration.status != Status.CONFIRMED:
        return CheckInResult(CheckIn.NOT_CONFIRMED, registration)
    changed = Registration.objects.filter(
        pk=registration.pk, status=Status.CONFIRMED, checked_in_at__isnull=True
    ).update(checked_in_at=timezone.now(), checked_in_by=staff_user)
    registration.refresh_from_db()
    return CheckInResult(CheckIn.VALID if changed else CheckIn.ALREADY_USED, registration)


def submit_opinion(user, hearing, text, attachment=None, show_name=False) -> Opinion:
    if not is_verified_resident(user):
        raise HearingError(_("只有已认证的居民可以提交书面意见。"))
    if not is_resident_of_module_community(user, hearing):
        raise HearingError(_("这次听证属于其他社区，只有该社区的居民可以提交书面意见。"))
    if not hearing.opinions_are_open():
        raise HearingError(_("书面意见的提交已经截止。"))
    if attachment:
        validate_attachment(attachment)
    return Opinion.objects.create(
        module=hearing, author=user, text=text, attachment=attachment or "", show_name=show_name
    )


def withdraw_opinion(user, opinion_id) -> Opinion:
    with transaction.atomic():
        opinion = (
            Opinion.objects.select_for_update(of=("self",))
            .select_related("module")
            .filter(pk=opinion_id, author=user)
            .first()
        )
        if opinion is None:
            raise HearingError(_("找不到这条书面意见。"))
        if opinion.status == Opinion.Status.WITHDRAWN:
            raise HearingError(_("这条意见已经撤回了。"))
        if not opinion.module.opinions_are_open():
            raise HearingError(_("已过书面意见截止时间，不能再撤回。"))
        opinion.status = Opinion.Status.WITHDRAWN
        opinion.withdrawn_at = timezone.now()
        opinion.published_at = None
        opinion.save(update_fields=["status", "withdrawn_at", "published_at"])
    return opinion


def publish_opinions(opinions) -> int:
    """Publish the given submitted opinions (staff); withdrawn ones are left alone."""
    return opinions.filter(status=Opinion.Status.SUBMITTED, published_at__isnull=True).update(
        published_at=timezone.now()
    )


def answer_opinion(opinion, answer: str) -> Opinion:
    opinion.answer = answer.strip()
    opinion.answered_at = timezone.now() if opinion.answer else None
    opinion.save(update_fields=["answer", "answered_at"])
    return opinion
