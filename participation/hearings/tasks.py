"""Messages to registered residents, sent by background tasks (django-tasks), never in a request.

They go through the site's notifications (``participation.core.notifications.notify``): the
resident's inbox, and e-mail or SMS by their choice (a resident with only a phone gets an SMS).

Tasks take primary keys (their arguments must be JSON) and read the registration afresh, so a
task that runs late sends what is true when it runs.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from participation.core.links import absolute_url, page_path
from participation.core.notifications import notify
from participation.hearings import tickets
from participation.hearings.models import Hearing, Registration

logger = logging.getLogger(__name__)


def _registration(pk):
    return (
        Registration.objects.select_related("author", "module", "module__page")
        .filter(pk=pk)
        .first()
    )


# The e-mail template of each message, and the declared notification kind it is sent as.
KINDS = {
    "confirmed": "registration_confirmed",
    "waiting": "registration_confirmed",
    "promoted": "promoted",
    "reminder": "reminder",
}


def _render(registration, template, name) -> str:
    page_url = absolute_url(registration.module.page)
    context = {"registration": registration, "hearing": registration.module, "url": page_url}
    return render_to_string(f"participation_hearings/email/{template}{name}.txt", context)


def _send(registration, template) -> bool:
    """Tell the registration's resident through the site's notifications: the inbox always,
    then e-mail (``compose_email``) or, for a resident with only a phone, SMS."""
    user = registration.author
    if user is None:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        title = " ".join(_render(registration, template, "_subject").split())
    notify(
        f"participation_hearings.{KINDS[template]}",
        [user],
        title=title,
        url=page_path(registration.module.page),
        obj=registration,
    )
    return True


def compose_email(code, registration_pk, recipient) -> EmailMessage | None:
    """The e-mail of a registration message (with the ticket: QR code and .ics), written from
    the registration as it stands when the message is sent."""
    registration = _registration(registration_pk)
    if registration is None or registration.author_id != recipient.pk:
        return None
    confirmed = registration.status == registration.Status.CONFIRMED
    template = {"registration_confirmed": "confirmed" if confirmed else "waiting"}.get(code, code)
    if template not in KINDS:
        return None
    subject = _render(registration, template, "_subject")
    message = EmailMessage(" ".join(subject.split()), _render(registration, template, ""))
    if template != "waiting":
        calendar = tickets.calendar_for(registration, absolute_url(registration.module.page))
        if calendar:
            message.attach("hearing.ics", calendar, "text/calendar; method=PUBLISH")
        message.attach(f"{registration.code}.png", tickets.qr_png(registration), "image/png")
    return message


@task()
def send_registration_email(registration_pk: int) -> bool:
    """Confirmation (with the code, its QR code and an .ics file) or the waiting-list place."""
    registration = _registration(registration_pk)
    if registration is None or not registration.is_active:
        return False
    confirmed = registration.status == registration.Status.CONFIRMED
    return _send(registration, "confirmed" if confirmed else "waiting")


@task()
def send_promotion_email(registration_pk: int) -> bool:
    """A seat came free: the first on the waiting list is confirmed and told."""
    registration = _registration(registration_pk)
    if registration is None or registration.status != registration.Status.CONFIRMED:
        return False
    return _send(registration, "promoted")


def claim_reminder(registration_id) -> bool:
    """Mark a reminder as sent if nobody has; True for the one caller who should send it.

    One conditional UPDATE decides, so two workers (or two runs) never both send it.
    """
    return bool(
        Registration.objects.filter(
            pk=registration_id,
            status=Registration.Status.CONFIRMED,
            reminder_sent_at__isnull=True,
        ).update(reminder_sent_at=timezone.now())
    )


@task()
def send_hearing_reminders(hearing_pk: int) -> int:
    """Remind every confirmed attendee of one hearing; each registration at most once."""
    pks = Registration.objects.filter(
        module_id=hearing_pk,
        status=Registration.Status.CONFIRMED,
        reminder_sent_at__isnull=True,
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(pks):
        # Claim first: a second worker (or a second run) finds the mark and skips.
        if claim_reminder(pk):
            try:
                delivered = _send(_registration(pk), "reminder")
            except Exception:
                # Give the claim back so that the next run retries this one.
                Registration.objects.filter(pk=pk).update(reminder_sent_at=None)
                raise
            sent += int(delivered)
    return sent


def hearings_due_for_reminders(now=None):
    """Hearings that start tomorrow (site time) with confirmed attendees not yet reminded."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    candidates = Hearing.objects.filter(
        registrations__status=Registration.Status.CONFIRMED,
        registrations__reminder_sent_at__isnull=True,
    ).distinct()
    due = []
    for hearing in candidates.select_related("page"):
        starts = hearing.meeting_starts_at
        if starts is not None and timezone.localdate(starts) == tomorrow:
            due.append(hearing)
    return due


def enqueue_reminders(now=None) -> list[int]:
    """Queue one reminder task per hearing that starts tomorrow; safe to run many times."""
    due = [hearing.pk for hearing in hearings_due_for_reminders(now)]
    for pk in due:
        send_hearing_reminders.enqueue(pk)
    logger.info("Queued hearing reminders for %s hearing(s)", len(due))
    return due
