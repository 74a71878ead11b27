"""Who looked at residents' personal data: one function records it, for the residents' admin,
every plugin's staff views and the exports alike (``record_access``); residents read only counts
per role and month (``resident_summary``); the retention job removes what has expired
(``prune_access_log``).

Ballot views record that the roll was looked at and how many voters it showed, never which
voters (a list of names looked at while voting goes on says nothing about a vote, but the log
keeps nothing near a ballot that names a voter).
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from participation.core.models import AccessLogEntry, AccessLogErasure, AccessLogSubject

SUPERUSER_ROLE = _("超级管理员")
NO_ROLE = _("无角色")
ROLE_SEPARATOR = "、"
# Parameters that page or pick a format rather than filter what is shown.
NOT_TERMS = {"p", "export", "o"}


def _source_text(text) -> str:
    """``text`` in the site's default language, the catalogue's key: entries read alike
    whatever language the staff member used, and ``gettext`` translates them on display."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(text)


def role_names(user) -> str:
    """The staff member's roles when they looked: their groups, or 超级管理员."""
    names = sorted(user.groups.values_list("name", flat=True))
    if user.is_superuser:
        names.insert(0, _source_text(SUPERUSER_ROLE))
    return ROLE_SEPARATOR.join(names) or _source_text(NO_ROLE)


def filter_terms(request) -> str:
    """The search and filter parameters of the request, as staff typed them."""
    terms = [
        f"{name}={value}"
        for name, values in request.GET.lists()
        if name not in NOT_TERMS
        for value in values
        if value
    ]
    return "; ".join(terms).replace("\x00", "")[:500]


def record_access(request, what, *, records, subjects=(), action="view", terms=None):
    """Record that ``request.user`` was shown ``records`` records of residents' personal data.

    ``what`` names the view or export (``_("参会名单")``); ``subjects`` are the ids of the
    residents concerned (leave it empty where naming them would say too much, as at a ballot);
    ``terms`` default to the request's filter and search parameters.
    """
    now = timezone.now()
    user = request.user
    with transaction.atomic():
        entry = AccessLogEntry.objects.create(
            at=now,
            keep_until=now + timedelta(days=settings.ACCESS_LOG_RETENTION_DAYS),
            actor_id=user.pk,
            actor_name=user.get_username(),
            actor_roles=role_names(user),
            action=action,
            what=_source_text(what),
            terms=filter_terms(request) if terms is None else terms[:500],
            records=records,
        )
        resident_ids = {resident_id for resident_id in subjects if resident_id is not None}
        AccessLogSubject.objects.bulk_create(
            AccessLogSubject(entry=entry, resident_id=resident_id) for resident_id in resident_ids
        )
    return entry


def translated_roles(roles: str) -> str:
    """The stored roles as the reader's language has them."""
    return ROLE_SEPARATOR.join(gettext(role) for role in roles.split(ROLE_SEPARATOR))


def resident_summary(user) -> list[dict]:
    """How often ``user``'s data was looked at, per month (site time) and role, newest first;
    never by whom."""
    rows = (
        AccessLogEntry.objects.filter(subjects__resident_id=user.pk)
        .annotate(month=TruncMonth("at"))
        .values("month", "actor_roles")
        .annotate(times=Count("pk"))
        .order_by("-month", "actor_roles")
    )
    return [
        {
            "month": row["month"].strftime("%Y-%m"),
            "role": translated_roles(row["actor_roles"]),
            "times": row["times"],
        }
        for row in rows
    ]


def forget_resident(resident_id) -> None:
    """A deleted account's links to the log go; the entries and their counts stay."""
    AccessLogErasure.objects.get_or_create(resident_id=resident_id)
    AccessLogSubject.objects.filter(resident_id=resident_id).delete()


def prune_access_log() -> int:
    """Delete the entries whose retention has run out; the number of entries deleted."""
    _, per_model = AccessLogEntry.objects.filter(keep_until__lt=timezone.now()).delete()
    return per_model.get(AccessLogEntry._meta.label, 0)
