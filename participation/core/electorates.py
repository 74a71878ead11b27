"""Electorates that plugins declare (``PluginConfig.electorates``): a ballot or a hearing can
admit "党员和居民代表" without importing the plugin that knows who the members are.

Names are ``"<plugin label>.<code>"``, like notification kinds.
"""

from plugins import Electorate
from plugins.registry import installed_plugins


def declared_electorates() -> dict[str, Electorate]:
    """Every electorate an installed plugin declares, by full name, in the plugins' order."""
    return {
        f"{plugin.label}.{electorate.code}": electorate
        for plugin in installed_plugins()
        for electorate in plugin.electorates
    }


def electorate_choices() -> list[tuple[str, str]]:
    """(full name, label) of every declared electorate, for a form's choices."""
    return [(name, electorate.label) for name, electorate in declared_electorates().items()]


def electorate_users(name: str):
    """The users of the electorate ``name``; LookupError when no installed plugin declares it."""
    label, _dot, code = name.partition(".")
    for plugin in installed_plugins():
        if plugin.label == label and any(e.code == code for e in plugin.electorates):
            return plugin.electorate_users(code)
    raise LookupError(name)


def is_declared_name(name: str) -> bool:
    """Whether ``name`` names a plugin's electorate ("<label>.<code>") rather than a
    module's own choice ("residents", "representatives", "buildings")."""
    return "." in (name or "")


def electorate_user_ids(name: str):
    """The ids of the users of the electorate ``name`` (a subquery), none when the plugin that
    declared it is gone: a module never admits people it can no longer name."""
    from django.contrib.auth import get_user_model

    try:
        users = electorate_users(name)
    except LookupError:
        users = None
    if users is None:
        return get_user_model().objects.none().values("pk")
    return users.values("pk")
