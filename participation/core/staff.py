"""The names of the staff groups, shared by the pages app (which creates the groups and their page
rights) and the plugins (which grant them plugin rights). Stored names are what staff read in the
admin, so they are Chinese. They are marked for translation (without translating them here) so
that a resident reading the access log summary in English reads the roles in English."""

from django.db.models import Q
from django.utils.translation import gettext_noop

EDITORS = gettext_noop("编辑")
REVIEWERS = gettext_noop("审核员")
VOLUNTEERS = gettext_noop("志愿者")
DISTRICT = gettext_noop("街道（只读）")


def community_group_name(role: str, site) -> str:
    """The name of ``role``'s group in one community: 编辑（第二示例社区）."""
    return f"{role}（{site.site_name or site.hostname}）"


def role_group_names(role: str) -> Q:
    """Matches the groups of ``role``: the installation-wide group and each community's."""
    return Q(name=role) | Q(name__startswith=f"{role}（")


def has_role(user, role: str) -> bool:
    return user.groups.filter(role_group_names(role)).exists()
