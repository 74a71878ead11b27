"""Who staff may send a notice to through this plugin: the registrants of a hearing."""

from django.utils.translation import gettext_lazy as _

from participation.core.params import parse_int
from participation.hearings.models import Hearing, Registration
from participation.residents.communities import on_pages_of_community
from plugins import BroadcastAudience


def hearing_options(community_id: int) -> list[tuple[str, str]]:
    hearings = on_pages_of_community(Hearing.objects.all(), community_id)
    hearings = hearings.order_by("-opens_at", "-pk").values_list("pk", "title")
    return [(str(pk), title) for pk, title in hearings]


def registrant_ids(values: list[str], community_id: int):
    """Confirmed and waiting registrants; cancelled ones no longer take part."""
    hearing_ids = [pk for pk in map(parse_int, values) if pk is not None]
    return (
        Registration.objects.filter(module_id__in=hearing_ids, author__community_id=community_id)
        .exclude(status=Registration.Status.CANCELLED)
        .values_list("author_id", flat=True)
    )


def broadcast_audiences() -> list[BroadcastAudience]:
    return [BroadcastAudience("registrants", _("听证会报名人"), hearing_options, registrant_ids)]
