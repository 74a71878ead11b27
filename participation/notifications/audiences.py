"""The groups of residents a notice (通知公告) may go to.

The people layer's groups are here (verified residents, buildings, blocks, representatives);
other groups come from plugins through ``PluginConfig.broadcast_audiences`` (a hearing's
registrants), named ``<label>.<code>``, so that no plugin is imported here.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from participation.core.params import parse_int
from participation.residents.models import Building, Representative
from plugins import BroadcastAudience
from plugins.registry import installed_plugins


def verified_residents():
    User = get_user_model()
    return User.objects.filter(verification=User.Verification.VERIFIED, unit__isnull=False)


def _no_options():
    return []


def _all_verified(values):
    return verified_residents().values_list("pk", flat=True)


def _building_options():
    return [(str(building.pk), str(building)) for building in Building.objects.all()]


def _in_buildings(values):
    ids = [pk for pk in map(parse_int, values) if pk is not None]
    return verified_residents().filter(unit__building_id__in=ids).values_list("pk", flat=True)


def _block_options():
    blocks = Building.objects.exclude(block="").values_list("block", flat=True).distinct()
    return [(block, block) for block in sorted(blocks)]


def _in_blocks(values):
    return (
        verified_residents().filter(unit__building__block__in=values).values_list("pk", flat=True)
    )


def _representatives(values):
    return Representative.objects.current().values_list("user_id", flat=True)


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
