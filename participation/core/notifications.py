"""Telling residents that something happened: the one function pages and plugins call.

``notify("participation_hearings.promoted", [user], title=…, url=…, obj=registration)``
records the event and returns at once; nothing is delivered in the caller's request. Every
kind is declared: a plugin's in ``PluginConfig.notification_kinds`` (named
``<label>.<code>``), the pages' own below (named ``pages.<code>``). An undeclared kind raises
``UnknownNotificationKind``, so a typo fails in the test that emits it, not silently in
production.

Followers are addressed, not listed: ``notify(kind, [], followers_of=page_or_module, …)``
reaches whoever follows that page or module (``follow(user, page=…)`` / ``follow(user,
module=…)``), as the delivering plugin resolves it when it stores the event. Following a page
covers the modules on it, and following a module covers the page it sits on: the followers of
a topic are those who follow the topic page or its comments block.

The core knows no delivering app. It hands each event to every installed plugin that
overrides ``PluginConfig.receive_notification`` and is switched on for the event's site (the
notifications plugin stores an inbox item per recipient and queues the e-mail or SMS). With
no such plugin, or with it switched off, ``notify`` does nothing else and nothing breaks.
"""

from dataclasses import dataclass

from django.db.models import Model
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from participation.core.models import Module
from plugins import NotificationKind, PluginConfig
from plugins.registry import installed_plugins
from plugins.switches import is_enabled

PAGES = "pages"

PAGE_NOTIFICATION_KINDS = (
    NotificationKind("new_disclosure", _("我关注的公开栏有新的公开事项")),
    NotificationKind("new_topic", _("我关注的栏目有新的议题")),
    NotificationKind("new_hearing", _("我关注的栏目有新的会议通知")),
    NotificationKind("outcome_published", _("我关注的议题或会议公布了结果")),
)
"""What the page types announce to followers of their section (pages import only the core)."""


class UnknownNotificationKind(LookupError):
    """``notify`` was called with a kind that no plugin (and no page type) declares."""


@dataclass(frozen=True)
class DeclaredKind:
    """A notification kind with the app that declared it: ``pages`` or a plugin's label."""

    name: str
    """The full name residents' choices are stored under: "participation_hearings.promoted"."""
    owner: str
    kind: NotificationKind
    plugin: PluginConfig | None = None

    @property
    def label(self):
        return self.kind.label

    @property
    def must_know(self) -> bool:
        return self.kind.must_know


@dataclass(frozen=True)
class Notification:
    """One event for a set of residents, as receivers get it (JSON-friendly values only)."""

    kind: str
    recipient_ids: tuple[int, ...]
    title: str
    url: str
    object_id: int | None = None
    """The primary key of what it is about (a registration), for the declaring plugin's
    ``notification_email``; its model follows from the kind."""
    urgent: bool = False
    """Urgent messages go out at once; others wait for the end of quiet hours (SMS)."""
    must_know: bool = False
    followers_of: tuple[tuple[str, int], ...] = ()
    """Targets whose followers are told too: ("page", id) or ("module", id) pairs."""
    exclude_ids: tuple[int, ...] = ()
    """Residents never told, even as followers (the one who acted: a reply's author)."""


def declared_kinds() -> dict[str, DeclaredKind]:
    """Every kind that may be emitted, by full name, pages' first, then each plugin's."""
    kinds = {
        f"{PAGES}.{kind.code}": DeclaredKind(f"{PAGES}.{kind.code}", PAGES, kind)
        for kind in PAGE_NOTIFICATION_KINDS
    }
    for plugin in installed_plugins():
        for kind in plugin.notification_kinds:
            name = f"{plugin.label}.{kind.code}"
            kinds[name] = DeclaredKind(name, plugin.label, kind, plugin)
    return kinds


def declared_kind(name: str) -> DeclaredKind:
    try:
        return declared_kinds()[name]
    except KeyError:
        raise UnknownNotificationKind(
            f"No plugin declares the notification kind {name!r}; declare it in the plugin's "
            "notification_kinds and emit it as '<label>.<code>'."
        ) from None


def notify(
    kind: str,
    recipients,
    *,
    title: str,
    url: str,
    obj=None,
    urgent: bool = False,
    request=None,
    site=None,
    followers_of=(),
    exclude=(),
) -> Notification:
    """Tell ``recipients`` (users, or None for a missing one) that ``title`` happened at ``url``.

    ``followers_of`` (a page, a module, or several) adds whoever follows them; nobody in
    ``exclude`` (users) is told. Each resident gets one message however they are addressed.

    Call it inside the transaction that makes the event true: receivers store in it, so a
    rollback tells nobody. The site whose switch counts is the request's, else ``site``, else
    the default site (jobs have no request, and a site that switched notifications off must
    not be notified from the worker either).
    """
    declared = declared_kind(kind)
    excluded = {user.pk for user in exclude if user is not None}
    recipient_ids = tuple(
        pk
        for pk in dict.fromkeys(user.pk for user in recipients if user is not None)
        if pk not in excluded
    )
    notification = Notification(
        kind=kind,
        recipient_ids=recipient_ids,
        title=str(title),
        url=url,
        object_id=obj.pk if obj is not None else None,
        urgent=urgent,
        must_know=declared.must_know,
        followers_of=_targets(followers_of),
        exclude_ids=tuple(sorted(excluded)),
    )
    if not (recipient_ids or notification.followers_of):
        return notification
    if request is None and site is None:
        site = Site.objects.filter(is_default_site=True).first()
    for plugin in receivers(request=request, site=site):
        plugin.receive_notification(notification)
    return notification


def _target(obj) -> tuple[str, int]:
    if isinstance(obj, Module):
        return ("module", obj.pk)
    if isinstance(obj, Page):
        return ("page", obj.pk)
    raise TypeError(f"Only a page or a participation module has followers, not {obj!r}.")


def _targets(followers_of) -> tuple[tuple[str, int], ...]:
    if isinstance(followers_of, Model):
        followers_of = [followers_of]
    return tuple(dict.fromkeys(_target(obj) for obj in followers_of if obj is not None))


def follow(user, *, page=None, module=None, following=True, request=None, site=None) -> None:
    """``user`` follows ``page`` or ``module`` (one of them), or stops when ``following`` is
    False. Plugins call it for what a resident took part in (a comment's module, a hearing
    registration); with no delivering plugin switched on it changes nothing.
    """
    if (page is None) == (module is None):
        raise TypeError("follow() takes exactly one of page= and module=.")
    if user is None or not user.is_authenticated:
        return
    if request is None and site is None:
        site = Site.objects.filter(is_default_site=True).first()
    for plugin in receivers(request=request, site=site, hook="receive_follow"):
        plugin.receive_follow(
            user,
            page_id=page.pk if page is not None else None,
            module_id=module.pk if module is not None else None,
            following=following,
        )


def follow_control(request, page) -> str:
    """The follow button of ``page`` for the signed-in resident; "" for anonymous visitors,
    or where no delivering plugin is switched on."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or page is None:
        return ""
    return "".join(
        plugin.follow_control(request, page)
        for plugin in receivers(request=request, hook="follow_control")
    )


def receivers(request=None, site=None, hook="receive_notification") -> list[PluginConfig]:
    """Plugins that provide ``hook`` (take notifications in) and are switched on for the site."""
    return [
        plugin
        for plugin in installed_plugins()
        if plugin.provides(hook) and is_enabled(plugin.label, request=request, site=site)
    ]
