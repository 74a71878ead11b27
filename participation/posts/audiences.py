"""Who staff may send a notice to through this plugin: the party members with an account."""

from django.utils.translation import gettext_lazy as _

from participation.posts.models import PartyMember
from plugins import BroadcastAudience


def member_ids(values: list[str]):
    """Members of the kinds picked (在册, 在职, 外来), or of every kind when none is picked;
    only those who have an account can be told."""
    members = PartyMember.objects.filter(user__isnull=False)
    kinds = [value for value in values if value in PartyMember.Kind.values]
    if kinds:
        members = members.filter(kind__in=kinds)
    return members.values_list("user_id", flat=True)


def broadcast_audiences() -> list[BroadcastAudience]:
    return [
        BroadcastAudience("members", _("党员"), lambda: list(PartyMember.Kind.choices), member_ids)
    ]
