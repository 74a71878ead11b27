"""Who staff may send a notice to through this plugin: the party members with an account."""

from django.utils.translation import gettext_lazy as _

from participation.posts.models import PartyMember
from plugins import BroadcastAudience


def member_ids(values: list[str], community_id: int):
    """Members of the kinds picked (在册, 在职, 外来), or of every kind when none is picked;
    only those who have an account of the community can be told."""
    members = PartyMember.objects.filter(user__community_id=community_id)
    kinds = [value for value in values if value in PartyMember.Kind.values]
    if kinds:
        members = members.filter(kind__in=kinds)
    return members.values_list("user_id", flat=True)


def _kind_options(community_id: int):
    return list(PartyMember.Kind.choices)


def broadcast_audiences() -> list[BroadcastAudience]:
    return [BroadcastAudience("members", _("党员"), _kind_options, member_ids)]
