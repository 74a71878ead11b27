"""A resident's registrations and written opinions: their data download and what deleting the
account erases."""

from functools import partial
from pathlib import PurePosixPath

from django.db import transaction

from participation.hearings import services
from participation.hearings.models import Opinion, Registration
from plugins import PersonalData, PersonalFile


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def personal_data(user) -> PersonalData:
    """Registrations (with their codes), opinions, and each opinion's attachment as a file
    under ``opinions/<id>/``."""
    registrations = Registration.objects.filter(author=user).select_related("module__page")
    opinions = list(Opinion.objects.filter(author=user).select_related("module__page"))
    records = {
        "registrations": [_registration_record(registration) for registration in registrations],
        "opinions": [_opinion_record(opinion) for opinion in opinions],
    }
    files = tuple(
        PersonalFile(_attachment_name(opinion), opinion.attachment)
        for opinion in opinions
        if opinion.attachment and opinion.attachment.storage.exists(opinion.attachment.name)
    )
    return PersonalData(records=records, files=files)


def _attachment_name(opinion) -> str:
    return f"opinions/{opinion.pk}/{PurePosixPath(opinion.attachment.name).name}"


def _registration_record(registration) -> dict:
    hearing = registration.module
    return {
        "id": registration.pk,
        "hearing": hearing.name,
        "meeting_starts_at": _iso(hearing.meeting_starts_at),
        "venue": hearing.meeting_venue,
        "status": registration.status,
        "position": registration.position,
        "code": registration.code,
        "wants_to_speak": registration.wants_to_speak,
        "agenda_item": registration.agenda_item,
        "created_at": _iso(registration.created_at),
        "confirmed_at": _iso(registration.confirmed_at),
        "cancelled_at": _iso(registration.cancelled_at),
        "checked_in_at": _iso(registration.checked_in_at),
        "reminder_sent_at": _iso(registration.reminder_sent_at),
    }


def _opinion_record(opinion) -> dict:
    return {
        "id": opinion.pk,
        "hearing": opinion.module.name,
        "text": opinion.text,
        "show_name": opinion.show_name,
        "status": opinion.status,
        "attachment": _attachment_name(opinion) if opinion.attachment else None,
        "created_at": _iso(opinion.created_at),
        "withdrawn_at": _iso(opinion.withdrawn_at),
        "published_at": _iso(opinion.published_at),
        "answer": opinion.answer,
        "answered_at": _iso(opinion.answered_at),
    }


def erase_personal_data(user) -> None:
    """Forget the person; keep the public record and the counts.

    - A seat at a meeting still to come is cancelled through the service, so the first on the
      waiting list moves up (and is told) as with any cancellation.
    - Every registration then loses its link to the person: past ones stay as counts
      (registered, attended), which the outcome reports.
    - A published opinion is public text that staff answered: it stays, anonymous (its author
      unlinked, never shown by name). Every other opinion (submitted but unpublished, or
      withdrawn) is deleted: it was only between the resident and the staff.
    - Attachments are deleted, published opinion or not: they were never public, and papers
      and photos often carry names and addresses. Files go when the transaction commits, so a
      rolled-back deletion keeps them.
    """
    for registration in _seats_still_to_come(user):
        services.cancel(user, registration.pk)
    Registration.objects.filter(author=user).update(author=None)
    opinions = Opinion.objects.filter(author=user)
    for opinion in opinions.exclude(attachment=""):
        transaction.on_commit(partial(opinion.attachment.storage.delete, opinion.attachment.name))
    published = opinions.public()
    opinions.exclude(pk__in=published.values("pk")).delete()
    published.update(author=None, show_name=False, attachment="")


def _seats_still_to_come(user) -> list[Registration]:
    active = (
        Registration.objects.filter(author=user, checked_in_at__isnull=True)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("module__page")
    )
    return [registration for registration in active if not registration.module.has_been_held()]
