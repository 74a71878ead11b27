"""What a change makes stale, purged through Wagtail's frontend cache once the transaction commits.

- A page published, unpublished, moved or deleted: the page (and its routable sub-URLs such as
  feeds), its parent index, the home page, search; a top-level section or a site's root shows
  in every page's header, so those purge everything.
- A participation module or a plugin's record (``PluginConfig.module_of``): the module's page,
  its parent index and the home page, which show its contributions and counts — nothing else.
- Site settings, snippets, images, documents, sites, redirects, view restrictions: everything.
- Anything else (revisions, renditions, logs, sessions, residents) shows on no cached page.

Every page path is purged in each language (``/x/`` and ``/en/x/``). The URLs go to every backend
in ``WAGTAILFRONTENDCACHE`` through Wagtail's own purge task, run in-line (``.call``) rather than
queued, so that a publish shows at once; with no backend configured nothing is collected at all.
"""

import threading
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models.signals import post_delete
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Locale,
    Page,
    PageViewRestriction,
    Site,
)
from wagtail.snippets.models import get_snippet_models

from participation.core.models import Module
from plugins.registry import installed_plugins

SETTINGS = (BaseSiteSetting, BaseGenericSetting)
SITE_WIDE = (
    *SETTINGS,
    AbstractImage,
    AbstractDocument,
    Site,
    Locale,
    Collection,
    CollectionViewRestriction,
    PageViewRestriction,
)
REDIRECTS = "wagtailredirects"
EVERYTHING = object()  # a change shown site-wide


def purging() -> bool:
    return bool(settings.WAGTAILFRONTENDCACHE)


@dataclass
class Pending:
    """What the current transaction made stale, purged once it commits."""

    shown_on: set = field(default_factory=set)  # ids of pages showing a module or contribution
    pages: set = field(default_factory=set)  # ids of pages published, unpublished or moved
    gone: dict = field(default_factory=dict)  # url_path -> sub-URLs of pages deleted or moved
    everything: bool = False

    def __bool__(self):
        return bool(self.shown_on or self.pages or self.gone or self.everything)


_state = threading.local()


def pending() -> Pending:
    """Collected per thread until a commit; add to it, then ``schedule()``."""
    if not hasattr(_state, "pending"):
        _state.pending = Pending()
    return _state.pending


def schedule() -> None:
    """Each change asks for a flush after commit (at once outside a transaction); the first one
    purges all that is pending, the others find nothing left. A rolled-back change stays pending
    and is purged with the next one: harmless."""
    transaction.on_commit(flush, robust=True)


def flush() -> None:
    done, _state.pending = pending(), Pending()
    if done:
        purge_urls_from_cache_task.call(sorted(stale_urls(done)))


# Receivers --------------------------------------------------------------------------------


def page_changed(sender, instance, **kwargs) -> None:
    """page_published and page_unpublished."""
    if purging():
        pending().pages.add(instance.pk)
        schedule()


def page_moved(sender, instance, url_path_before, **kwargs) -> None:
    """post_page_move: the old address (and the old parent) too; descendants' by the prefix."""
    if purging():
        batch = pending()
        batch.pages.add(instance.pk)
        batch.gone[url_path_before] = sub_urls(instance.specific_deferred)
        if instance.numchild:
            batch.everything = True  # every descendant's address changed: rare enough
        schedule()


def record_changed(sender, instance, **kwargs) -> None:
    """post_save and post_delete of every model."""
    if not purging() or kwargs.get("raw"):
        return
    if isinstance(instance, Page):
        if kwargs["signal"] is post_delete:
            pending().gone[instance.url_path] = sub_urls(instance)
            schedule()
        return  # saving a page is a draft until page_published says otherwise
    batch, stale = pending(), changed_record(sender, instance, kwargs.get("created", False))
    if stale is EVERYTHING:
        batch.everything = True
    elif stale is not None:
        batch.shown_on.add(stale)
    else:
        return
    schedule()


def changed_record(sender, instance, created: bool):
    """The id of the page showing the record, EVERYTHING, or None when no page shows it."""
    if isinstance(instance, Module):
        return instance.page_id
    if isinstance(instance, SITE_WIDE):
        # A setting made with its defaults on first reading changes nothing pages showed.
        return None if created and isinstance(instance, SETTINGS) else EVERYTHING
    plugin = plugin_for(sender._meta.app_label)
    if plugin is not None:
        return module_page(plugin, instance)
    if sender._meta.app_label == REDIRECTS or sender in get_snippet_models():
        return EVERYTHING
    return None


def module_page(plugin, instance) -> int | None:
    try:
        module = plugin.module_of(instance)
    except ObjectDoesNotExist:  # deleted with its module, which purged its page
        return None
    return None if module is None else module.page_id


def plugin_for(label: str):
    for plugin in installed_plugins():
        if plugin.label == label:
            return plugin
    return None


# From changes to URLs ----------------------------------------------------------------------


def sub_urls(page) -> list[str]:
    """A page's cached paths beyond its own ("/"): Wagtail's get_cached_paths and the routes of
    a RoutablePageMixin page that take no argument (feeds, calendars)."""
    paths = [path for path in page.get_cached_paths() if path != "/"]
    if isinstance(page, RoutablePageMixin):
        for pattern in page.get_subpage_urls():
            try:
                path = page.reverse_subpage(pattern.name)
            except NoReverseMatch:  # a route that needs arguments
                continue
            if path:
                paths.append("/" + path.lstrip("/"))
    return paths


def stale_urls(done: Pending) -> set[str]:
    roots = Site.get_site_root_paths()
    if done.everything:
        return everything(roots)
    addresses = Addresses(roots)
    pages = Page.objects.filter(pk__in=done.pages).specific(defer=True)
    changed = {page.url_path: sub_urls(page) for page in pages} | done.gone
    if any(addresses.is_site_wide(url_path) for url_path in changed):
        return everything(roots)
    for url_path, subs in changed.items():
        addresses.page_and_listings(url_path, subs)
    for url_path in Page.objects.filter(pk__in=done.shown_on).values_list("url_path", flat=True):
        addresses.page(url_path)
        addresses.page(parent_of(url_path))
        addresses.home(url_path)
    return addresses.urls


def everything(roots) -> set[str]:
    addresses = Addresses(roots)
    for page in Page.objects.live().specific(defer=True):
        addresses.page(page.url_path, sub_urls(page))
    for root in roots:
        addresses.site_wide(root.root_url)
    return addresses.urls


def parent_of(url_path: str) -> str:
    return url_path[: url_path.rstrip("/").rfind("/") + 1]


class Addresses:
    """Full URLs in every language of the site-relative paths it is given."""

    def __init__(self, roots):
        self.roots = roots
        self.urls = set()
        self.languages = [code for code, _name in settings.LANGUAGES]

    def root_of(self, url_path: str):
        for root in self.roots:  # most specific first
            if url_path.startswith(root.root_path):
                return root
        return None

    def is_site_wide(self, url_path: str) -> bool:
        """A site's root or one of its top-level sections (the header's menu)."""
        root = self.root_of(url_path)
        return root is not None and url_path[len(root.root_path) :].count("/") <= 1

    def page(self, url_path: str, subs=()) -> None:
        root = self.root_of(url_path)
        if root is None:  # outside every site: never served
            return
        relative = url_path[len(root.root_path) :]
        for suffix in ("/", *subs):
            self.localised(root.root_url, "wagtail_serve", relative + suffix.lstrip("/"))

    def home(self, url_path: str) -> None:
        root = self.root_of(url_path)
        if root is not None:
            self.page(root.root_path)

    def site_wide(self, root_url: str) -> None:
        """What lists pages from every section: the search and the outcomes feeds."""
        for name in ("search", "outcomes_rss", "outcomes_atom", "open_data"):
            self.localised(root_url, name)

    def page_and_listings(self, url_path: str, subs) -> None:
        self.page(url_path, subs)
        parent = parent_of(url_path)
        self.page(parent, self.parent_subs(parent))
        self.home(url_path)
        root = self.root_of(url_path)
        if root is not None:
            self.site_wide(root.root_url)

    def parent_subs(self, url_path: str) -> list[str]:
        parent = Page.objects.filter(url_path=url_path).specific(defer=True).first()
        return sub_urls(parent) if parent is not None else []

    def localised(self, root_url: str, name: str, *args) -> None:
        for code in self.languages:
            with translation.override(code):
                self.urls.add(root_url.rstrip("/") + reverse(name, args=args or None))
