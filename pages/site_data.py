"""What every page needs and only editors and administrators change, read once per request.

The request's site, its menu sections, its settings (the community's details, the plugin
switches) and the sections Wagtail's privacy settings close: about ten queries a page before.
They are kept in Django's cache stamped with the *site content version*, a token that every
save of content, settings or privacy replaces (``bump_version``, connected in ``home.apps``), so
a change shows on the next request in every process: one entry shared by all sites (the sites
and the closed sections) and one per site (its root page, sections and settings), so that a
request reads what its own site needs whatever the number of communities. The version and both
entries come in one round trip once a process has seen the host (it remembers which site a host
is for; a wrong guess costs a second read), and the version also keys the template fragments
that are the same for everyone (``home.templatetags.site_tags``). With the cache away nothing is
kept: everything is read from the database, as before.
"""

import copy
import hashlib
import uuid
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http.request import split_domain_port
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.models import Site
from wagtail.signals import post_page_move

from participation.core.visibility import view_restrictions

VERSION_KEY = "site-content-version"
DATA_KEY = "site-data"
ENTRY_KEY = "site-data-entry"
# Only a bound on memory: every change replaces the version, which is what invalidates.
KEEP_SECONDS = 24 * 60 * 60


@dataclass
class SiteData:
    version: str | None
    sites: list = field(default_factory=list)  # every site; root pages are in the entries
    restricted_paths: tuple = ()


@dataclass
class SiteEntry:
    """What the pages of one site read: the site with its specific root page (Wagtail's serve()
    routes from it), its menu sections (specific pages) and its settings by model label."""

    version: str | None
    site: Site
    sections: list = field(default_factory=list)
    settings: dict = field(default_factory=dict)


# (host name, port) -> the pk of the site last served for it, in this process: which site's
# entry to read with the shared data. Bounded: cleared when it grows past MAX_HOSTS.
_site_of_host: dict = {}
MAX_HOSTS = 1000


def new_version() -> str:
    return uuid.uuid4().hex


def bump_version(**kwargs) -> None:
    """Signal receiver: something every page may show changed; every process sees it at once.

    Replaced again when the change commits: a process that rebuilt the data in between read
    the database before the change was visible, and its copy must not stay current."""

    def replace():
        cache.set(VERSION_KEY, new_version(), timeout=None)

    replace()
    transaction.on_commit(replace)


def _entry_key(site_pk) -> str:
    return f"{ENTRY_KEY}:{site_pk}"


def _build_entry(version, site) -> SiteEntry:
    site = copy.copy(site)
    site.root_page = site.root_page.specific
    entry = SiteEntry(version=version, site=site)
    entry.sections = list(site.root_page.get_children().live().public().in_menu().specific())
    for model in settings_registry:
        if issubclass(model, BaseSiteSetting):
            entry.settings[model._meta.label_lower] = model.for_site(site)
    return entry


def _build(version) -> SiteData:
    """The shared data and, kept beside it, every site's entry (a miss rebuilds them all)."""
    data = SiteData(version=version, sites=list(Site.objects.all()))
    data.restricted_paths = tuple({r.path: None for r in view_restrictions()})
    if version is not None:
        sites = Site.objects.select_related("root_page")
        entries = {_entry_key(site.pk): _build_entry(version, site) for site in sites}
        cache.set_many(entries, timeout=KEEP_SECONDS)
    return data


def _host(request) -> tuple[str, int]:
    return split_domain_port(request._get_raw_host())[0], request.get_port()


def site_data(request=None) -> SiteData:
    """The shared data, remembered on the request; built and stored on a miss."""
    known = getattr(request, "_site_data", None)
    if known is not None:
        return known
    guess = _site_of_host.get(_host(request)) if request is not None else None
    keys = [VERSION_KEY, DATA_KEY] + ([_entry_key(guess)] if guess is not None else [])
    found = cache.get_many(keys)
    version, data = found.get(VERSION_KEY), found.get(DATA_KEY)
    if version is None:
        version = new_version()
        if not cache.add(VERSION_KEY, version, timeout=None):
            version = cache.get(VERSION_KEY)  # another process set it first, or the cache is away
    if data is None or version is None or data.version != version:
        data = _build(version)
        if version is not None:
            cache.set(DATA_KEY, data, timeout=KEEP_SECONDS)
    if request is not None:
        request._site_data = data
        request._site_entry_read = found.get(_entry_key(guess)) if guess is not None else None
    return data


def site_entry(request) -> SiteEntry | None:
    """The entry of the request's site (None for a host no site answers), remembered on the
    request; read again, or built, when the one read with the shared data does not fit."""
    if hasattr(request, "_site_entry"):
        return request._site_entry
    data = site_data(request)
    host = _host(request)
    site = _matching_site(data.sites, *host)
    entry = None
    if site is not None:
        if len(_site_of_host) >= MAX_HOSTS:
            _site_of_host.clear()
        _site_of_host[host] = site.pk
        entry = _current(getattr(request, "_site_entry_read", None), site, data.version)
        if entry is None and data.version is not None:
            entry = _current(cache.get(_entry_key(site.pk)), site, data.version)
        if entry is None:
            entry = _build_entry(data.version, site)
            if data.version is not None:
                cache.set(_entry_key(site.pk), entry, timeout=KEEP_SECONDS)
    request._site_entry = entry
    return entry


def _current(entry, site, version) -> SiteEntry | None:
    if entry is None or version is None or entry.version != version or entry.site.pk != site.pk:
        return None
    return entry


def _matching_site(sites, hostname, port):
    """Wagtail's get_site_for_hostname over the cached sites, without a query."""

    def rank(site):
        if site.hostname == hostname and site.port == port:
            return 0
        if site.hostname == hostname and site.is_default_site:
            return 1
        return 2 if site.is_default_site else 3

    candidates = sorted(
        (site for site in sites if site.hostname == hostname or site.is_default_site), key=rank
    )
    if not candidates:
        return None
    if len(candidates) == 1 or rank(candidates[0]) in (0, 1):
        return candidates[0]
    return candidates[len(candidates) == 2] if rank(candidates[0]) == 2 else None


def prime_request(request) -> SiteData:
    """Hand Wagtail the request's site and site settings from the cached data, so that its own
    ``Site.find_for_request`` and ``Setting.for_request`` ask the database nothing."""
    data = site_data(request)
    entry = site_entry(request)
    if not hasattr(request, "_wagtail_site"):
        request._wagtail_site = entry.site if entry is not None else None
    site = request._wagtail_site
    if site is not None and entry is not None and entry.site.pk == site.pk:
        for model in settings_registry:
            instance = entry.settings.get(model._meta.label_lower)
            attr = model.get_cache_attr_name()
            if instance is not None and not hasattr(request, attr):
                instance._request = request
                setattr(request, attr, instance)
    return data


def site_sections(request) -> list:
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return []
    entry = site_entry(request)
    return entry.sections if entry is not None and entry.site.pk == site.pk else []


def public(queryset, request=None):
    """``queryset.public()`` with the restricted sections read once (cached), not per call."""
    if request is None:
        return queryset.public()
    paths = site_data(request).restricted_paths
    if not paths:
        return queryset
    private = Q()
    for path in paths:
        private |= Q(path__startswith=path)
    return queryset.exclude(private)


def is_restricted(page) -> bool | None:
    """Whether a view restriction covers ``page``, from the cached site data; None when only
    the database can tell (an alias takes its source page's restrictions)."""
    if page.alias_of_id:
        return None
    return any(page.path.startswith(path) for path in site_data().restricted_paths)


def _route_key(request, root, path_components) -> str | None:
    version = site_version(request)
    if version is None or not path_components:
        return None
    path = "/".join(path_components)
    return (
        "route:"
        + hashlib.md5(f"{version}:{root.pk}:{path}".encode(), usedforsecurity=False).hexdigest()
    )


def cached_route(request, root, path_components):
    """The route Wagtail found for this path before, taken up at the page it ended on (the rest
    of the path goes to that page: a routable page's own views); None when not known."""
    key = _route_key(request, root, path_components)
    known = cache.get(key) if key else None
    if known is None:
        return None
    pk, content_type_id, consumed = known
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    page = model.objects.filter(pk=pk, path__startswith=root.path).first() if model else None
    return page.route(request, path_components[consumed:]) if page is not None else None


def remember_route(request, root, path_components, page) -> None:
    key = _route_key(request, root, path_components)
    if key:
        entry = (page.pk, page.content_type_id, page.depth - root.depth)
        cache.set(key, entry, timeout=KEEP_SECONDS)


def site_version(request) -> str | None:
    return site_data(request).version


# What the shared data and fragments show: pages, their images and tags, settings, modules,
# privacy. Contributions (comments, votes) are not among them.
CONTENT_APPS = {"wagtailcore", "wagtailimages", "wagtaildocs", "taggit", "home", "pages", "plugins"}
CONTENT_MODELS = {"participation_core.module", "participation_residents.building"}


# Derived from what is shown, and made while rendering: a first render must not invalidate.
DERIVED_MODELS = {"wagtailimages.rendition"}


def _shown_everywhere(sender) -> bool:
    meta = sender._meta
    if meta.label_lower in DERIVED_MODELS:
        return False
    return meta.app_label in CONTENT_APPS or meta.label_lower in CONTENT_MODELS


# Shown only once a page refers to them (and saving that page changes the version): a new one
# changes nothing shown, and importing residents (which creates buildings) empties no cache.
SHOWN_THROUGH_PAGES = {"participation_residents.building"}


def bump_on_content_change(sender, created=False, **kwargs) -> None:
    # A settings row is created with its defaults the first time a site's data is built (or
    # the admin opens it): the data being built holds it already, so nothing is stale.
    if created and issubclass(sender, BaseSiteSetting):
        return
    if created and sender._meta.label_lower in SHOWN_THROUGH_PAGES:
        return
    if _shown_everywhere(sender):
        bump_version()


def bump_on_relation_change(sender, **kwargs) -> None:
    if _shown_everywhere(sender):
        bump_version()


def connect_receivers() -> None:
    post_save.connect(bump_on_content_change, dispatch_uid="site-data-save")
    post_delete.connect(bump_on_content_change, dispatch_uid="site-data-delete")
    m2m_changed.connect(bump_on_relation_change, dispatch_uid="site-data-m2m")
    # A move rewrites paths with UPDATE queries, which send no post_save.
    post_page_move.connect(bump_version, dispatch_uid="site-data-move")
