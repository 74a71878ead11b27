"""我的参与: one page where a signed-in resident sees, per plugin, what they did and may do."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from participation.core.access_log import resident_summary
from plugins import ParticipationRow, PluginConfig
from plugins.registry import installed_plugins
from plugins.switches import is_enabled


@dataclass(frozen=True)
class Section:
    plugin: PluginConfig
    rows: list[ParticipationRow]


def sections_for(user, request=None) -> list[Section]:
    """One section per plugin that lists participation and is switched on for the request's
    site, with ``user``'s rows."""
    return [
        Section(plugin, plugin.my_participation(user))
        for plugin in installed_plugins()
        if plugin.provides("my_participation") and is_enabled(plugin.label, request=request)
    ]


@never_cache
@login_required
def my_participation(request):
    """Only the signed-in resident's own rows: the hooks are called with ``request.user``."""
    context = {
        "sections": sections_for(request.user, request),
        "access_summary": resident_summary(request.user),
    }
    return render(request, "participation_core/my_participation.html", context)
