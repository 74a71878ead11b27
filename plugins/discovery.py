"""Third-party plugins announce themselves through the ``community_cms.plugins`` entry-point group.

Imported by the settings, so it must not import Django models.
"""

from importlib.metadata import entry_points

ENTRY_POINT_GROUP = "community_cms.plugins"


def entry_point_plugin_apps() -> list[str]:
    """App module paths of installed third-party plugins, in a stable order, without duplicates."""
    found = {ep.value for ep in entry_points(group=ENTRY_POINT_GROUP)}
    return sorted(found)
