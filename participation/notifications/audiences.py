"""The groups of residents a notice (通知公告) may go to.

The people layer's groups are here (verified residents, buildings, blocks, representatives);
other groups come from plugins through ``PluginConfig.broadcast_audiences`` (a hearing's
registrants), named ``<label>.<code>``, so that no plugin is imported here. Every group is of
one community (the site staff send from): its options and its residents, never another's.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from participation.core.params import parse_int
from participation.residents.models import Building, Representative
from plugins import BroadcastAudience
from plugins.registry import installed_plugins


def verified_residents(community_id):
    User = get_user_model()
    return User.objects.filter(
        verification=User.Verification.VERIFIED, unit__isnull=False, community_id=community_id
    )


def _no_options(community_id):
    return []


def _all_verified(values, community_id):
    return verified_residents(community_id).values_list("pk", flat=True)


def _building_options(community_id):
    buildings = Building.objects.filter(community_id=community_id)
    return [(str(building.pk), str(building)) for building in buildings]


def _in_buildings(values, community_id):
    ids = [pk for pk in map(parse_int, values) if pk is not None]
    residents = verified_residents(community_id).filter(unit__building_id__in=ids)
    return residents.values_list("pk", flat=True)


def _block_options(community_id):
    buildings = Building.objects.filter(community_id=community_id).exclude(block="")
    blocks = buildings.values_list("block", flat=True).distinct()
    return [(block, block) for block in sorted(blocks)]


def _in_blocks(values, community_id):
    residents = verified_residents(community_id).filter(unit__building__block__in=values)
    return residents.values_list("pk", flat=True)


def _representatives(values, community_id):
    terms = Representative.objects.current().of_community(community_id)
    return terms.values_list("user_id", flat=True)


RESIDENT_AUDIENCES = (
    BroadcastAudience("verified", _("全体已认证居民"), _no_options, _all_verified),
    BroadcastAudience("buildings", _("指定楼栋的居民"), _building_options, _in_buildings),
    BroadcastAudience("blocks", _("指定片区的居民"), _block_options, _in_blocks),
    BroadcastAudience("representatives", _("居民代表（现任）"), _no_options, _representatives),
)


def audiences() -> dict[str, BroadcastAudience]:
    """Every group by its code: the residents' own first, then each plugin's."""
    found = {audience.code: audience for audience in RESIDENT_AUDIENCES}
    for plugin in installed_plugins():
        for audience in plugin.broadcast_audiences():
            found[f"{plugin.label}.{audience.code}"] = audience
    return found
