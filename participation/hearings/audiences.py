"""Who staff may send a notice to through this plugin: the registrants of a hearing."""

from django.utils.translation import gettext_lazy as _

from participation.core.params import parse_int
from participation.hearings.models import Hearing, Registration
from plugins import BroadcastAudience


def hearing_options() -> list[tuple[str, str]]:
    hearings = Hearing.objects.order_by("-opens_at", "-pk").values_list("pk", "title")
    return [(str(pk), title) for pk, title in hearings]


def registrant_ids(values: list[str]):
    """Confirmed and waiting registrants; cancelled ones no longer take part."""
    hearing_ids = [pk for pk in map(parse_int, values) if pk is not None]
    return (
        Registration.objects.filter(module_id__in=hearing_ids)
        .exclude(status=Registration.Status.CANCELLED)
        .values_list("author_id", flat=True)
    )


def broadcast_audiences() -> list[BroadcastAudience]:
    return [BroadcastAudience("registrants", _("听证会报名人"), hearing_options, registrant_ids)]
