"""Every URL of every participation plugin refuses an anonymous POST before touching anything.

Views check the user first (login_required outermost), so the walk fills path arguments with
placeholders: an anonymous request must be refused whatever the arguments name.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from plugins.registry import participation_plugins

REFUSED = {302, 401, 403, 405}
PLACEHOLDERS = {"int": "1", "str": "x", "slug": "x", "uuid": "00000000-0000-0000-0000-000000000000"}


def walk(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


def concrete(route: str) -> str:
    def fill(match):
        converter = match.group(1) or "str"
        return PLACEHOLDERS.get(converter, "x")

    return "/" + re.sub(r"<(?:(\w+):)?\w+>", fill, route).lstrip("^").rstrip("$")


def plugin_routes(patterns, prefix=""):
    mounted = {plugin.label for plugin in participation_plugins() if plugin.urls}
    for pattern in patterns:
        if not isinstance(pattern, URLResolver):
            continue
        route = prefix + str(pattern.pattern)
        if pattern.namespace in mounted:
            yield from (concrete(leaf) for leaf in walk(pattern.url_patterns, route))
        else:
            yield from plugin_routes(pattern.url_patterns, route)


ROUTES = sorted(set(plugin_routes(get_resolver().url_patterns)))


def test_every_participation_plugin_mounts_urls():
    labels = {route.split("/")[2] for route in ROUTES}
    assert {plugin.label for plugin in participation_plugins() if plugin.urls} <= labels


@pytest.mark.django_db
@pytest.mark.parametrize("url", ROUTES)
def test_anonymous_post_is_refused(client, url):
    response = client.post(url, {"anything": "1"})
    assert response.status_code in REFUSED, f"{url} answered {response.status_code}"
    if response.status_code == 302:
        assert "login" in response["Location"]
