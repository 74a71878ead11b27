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
