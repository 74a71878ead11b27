"""The one rule "a module is usable only by someone who may view its page".

A page may be viewed when it is live and the user passes every view restriction on it and on
its ancestors, as Wagtail judges them when it serves the page (``accept_request``): a login
restriction needs a signed-in user, a groups restriction one of its groups (superusers pass),
and a password restriction, switched off in the settings, is never passed here, since it lives
in a session this rule does not read. A restriction covers its page and every page below it:
its page's tree path is a prefix of theirs.

The rule is one SQL condition, so a module, a list of modules and a contribution's module are
all judged by the same query. The site's restrictions are also kept in the cache (a handful of
rows, replaced whenever one changes or a page moves): when they tell which restrictions the
user fails without asking the database (always, unless a groups restriction meets a signed-in
user who is not a superuser), the same rule is answered from the page's path instead, as a
prefix test in Python for a page already loaded, or a plain prefix filter in SQL.
"""

import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Length, Substr
from django.http import Http404
from django.shortcuts import get_object_or_404
from wagtail.models import PageViewRestriction

RESTRICTIONS_VERSION_KEY = "view-restrictions-version"
RESTRICTIONS_KEY = "view-restrictions"


@dataclass(frozen=True)
class Restriction:
    """A view restriction as the rule reads it: where, which kind, which groups pass."""

    path: str
    kind: str
    group_ids: frozenset = frozenset()


def _restrictions_from_database() -> tuple[Restriction, ...]:
    rows = PageViewRestriction.objects.values_list(
        "pk", "page__path", "restriction_type", "groups"
    ).order_by("pk")
    found: dict[int, tuple] = {}
    for pk, path, kind, group_id in rows:
        _path, _kind, groups = found.setdefault(pk, (path, kind, set()))
        if group_id is not None:
            groups.add(group_id)
    return tuple(
        Restriction(path, kind, frozenset(groups)) for path, kind, groups in found.values()
    )


def view_restrictions() -> tuple[Restriction, ...]:
    """Every view restriction of the site: from the cache, read and kept on a miss."""
    known = cached_view_restrictions()
    if known is not None:
        return known
    version = cache.get(RESTRICTIONS_VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        if not cache.add(RESTRICTIONS_VERSION_KEY, version, timeout=None):
            version = cache.get(RESTRICTIONS_VERSION_KEY)  # set meanwhile, or the cache is away
    restrictions = _restrictions_from_database()
    if version is not None:
        cache.set(RESTRICTIONS_KEY, (version, restrictions), timeout=None)
    return restrictions


def cached_view_restrictions() -> tuple[Restriction, ...] | None:
    """The restrictions if the cache holds their current copy (one round trip), else None."""
    found = cache.get_many([RESTRICTIONS_VERSION_KEY, RESTRICTIONS_KEY])
    version, stamped = found.get(RESTRICTIONS_VERSION_KEY), found.get(RESTRICTIONS_KEY)
    if version is None or stamped is None or stamped[0] != version:
        return None
    return stamped[1]


def forget_view_restrictions(**kwargs) -> None:
    """Signal receiver: a restriction, its groups or a page's path changed. Replaced at once and
    again when the change commits, so that a copy read from the database in between (before
    the change was visible) is never taken for the current one."""

    def replace():
        cache.set(RESTRICTIONS_VERSION_KEY, uuid.uuid4().hex, timeout=None)

    replace()
    transaction.on_commit(replace)


def _fails(restriction: Restriction, user) -> bool | None:
    """Whether ``user`` fails ``restriction``; None when only their groups could tell."""
    if user is None or not user.is_authenticated:
        return True
    if restriction.kind == PageViewRestriction.PASSWORD:
        return True
    if restriction.kind == PageViewRestriction.GROUPS and not user.is_superuser:
        return None
    return False


def failed_paths(user) -> tuple[str, ...] | None:
    """The paths of the restrictions ``user`` fails, without a query (remembered on the user
    object for the request); None when the database must be asked."""
    if user is not None and hasattr(user, "_failed_view_paths"):
        return user._failed_view_paths
    restrictions = cached_view_restrictions()
    paths = None
    if restrictions is not None:
        verdicts = [(restriction.path, _fails(restriction, user)) for restriction in restrictions]
        if all(fails is not None for _path, fails in verdicts):
            paths = tuple(path for path, fails in verdicts if fails)
    if user is not None:
        user._failed_view_paths = paths
    return paths


def page_visible(page, paths: tuple[str, ...]) -> bool:
    """The rule for a loaded page, given the paths of the restrictions the user fails."""
    return page.live and not any(page.path.startswith(path) for path in paths)


def _failed_restrictions(user) -> QuerySet:
    """The view restrictions ``user`` does not pass, anywhere in the site."""
    restrictions = PageViewRestriction.objects.all()
    if user is None or not user.is_authenticated:
        return restrictions
    failed = Q(restriction_type=PageViewRestriction.PASSWORD)
    if not user.is_superuser:
        member_of = PageViewRestriction.objects.filter(groups__in=user.groups.all())
        failed |= Q(restriction_type=PageViewRestriction.GROUPS) & ~Q(pk__in=member_of.values("pk"))
    return restrictions.filter(failed)


def _path_and_ancestors(page) -> list[str]:
    """The tree paths of ``page`` and of every page above it (Wagtail's 4-character steps)."""
    step = page.steplen
    return [page.path[:end] for end in range(step, len(page.path) + 1, step)]


def is_restricted(page) -> bool:
    """Whether any view restriction covers ``page`` (on it or above it): one query."""
    return PageViewRestriction.objects.filter(page__path__in=_path_and_ancestors(page)).exists()


def page_visible_to(user, page) -> bool:
    """Whether ``user`` may view ``page``: live, and passing every restriction over it."""
    if not page.live:
        return False
    paths = _path_and_ancestors(page)
    return not _failed_restrictions(user).filter(page__path__in=paths).exists()


def visible_modules(user, modules: QuerySet) -> QuerySet:
    """``modules`` narrowed to those whose page ``user`` may view (no extra query)."""
    modules = modules.filter(page__live=True)
    paths = failed_paths(user)
    if paths is not None:
        covered = Q()
        for path in paths:
            covered |= Q(page__path__startswith=path)
        return modules.exclude(covered) if paths else modules
    blocking = _failed_restrictions(user).filter(
        page__path=Substr(OuterRef("page__path"), 1, Length("page__path"))
    )
    return modules.exclude(Exists(blocking))


def _remembered(user) -> dict:
    """Answers already given to this user object (one request's), by module id."""
    if user is None:
        return {}
    known = getattr(user, "_visible_module_ids", None)
    if known is None:
        known = {}
        user._visible_module_ids = known
    return known


def module_id_visible_to(user, module_id) -> bool:
    """Whether ``user`` may view the page of module ``module_id``: one query, then remembered
    for the rest of the request, so a page of comments asks once per module."""
    known = _remembered(user)
    if module_id not in known:
        from participation.core.models import Module  # models import this module (visible_modules)

        modules = Module.objects.filter(pk=module_id)
        known[module_id] = visible_modules(user, modules).exists()
    return known[module_id]


def module_visible_to(user, module) -> bool:
    """As ``module_id_visible_to``; no query when the module's page is loaded (a module
    rendered in its page, a look-up that selected it) and the cached restrictions tell."""
    if module is None:
        return False
    known = _remembered(user)
    if module.pk not in known and type(module).page.is_cached(module):
        paths = failed_paths(user)
        if paths is not None:
            known[module.pk] = page_visible(module.page, paths)
    return module_id_visible_to(user, module.pk)


def require_visible(user, module) -> None:
    """Http404 unless ``user`` may view the page of ``module``: a refused module looks absent."""
    if not module_visible_to(user, module):
        raise Http404


def get_visible_or_404(modules: QuerySet, user, **lookup):
    """The module of ``modules`` matching ``lookup`` if ``user`` may view its page, else 404.

    One query; the answer is remembered, so the plugin's rules do not ask again.
    """
    module = get_object_or_404(visible_modules(user, modules), **lookup)
    _remembered(user)[module.pk] = True
    return module


def who_may_view(users: QuerySet, page) -> QuerySet:
    """``users`` narrowed to those who may view ``page``, as ``visible_modules`` judges one
    user: for telling many residents about a module at once (its page's view restrictions)."""
    if not page.live:
        return users.none()
    steps = range(page.steplen, len(page.path) + 1, page.steplen)
    restrictions = PageViewRestriction.objects.filter(page__path__in=[page.path[:n] for n in steps])
    memberships = users.model.groups.through.objects
    for restriction in restrictions:
        if restriction.restriction_type == PageViewRestriction.PASSWORD:
            return users.none()
        if restriction.restriction_type == PageViewRestriction.GROUPS:
            members = memberships.filter(group__in=restriction.groups.all()).values("user_id")
            users = users.filter(Q(is_superuser=True) | Q(pk__in=members))
    return users
