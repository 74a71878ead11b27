"""The one rule "a module is usable only by someone who may view its page".

A page may be viewed when it is live and the user passes every view restriction on it and on
its ancestors, as Wagtail judges them when it serves the page (``accept_request``): a login
restriction needs a signed-in user, a groups restriction one of its groups (superusers pass),
and a password restriction, switched off in the settings, is never passed here, since it lives
in a session this rule does not read. The rule is one SQL condition, so a module, a list of
modules and a contribution's module are all judged by the same query.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Length, Substr
from django.http import Http404
from django.shortcuts import get_object_or_404
from wagtail.models import PageViewRestriction


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
    # A restriction covers its page and every page below it: its page's tree path is a prefix
    # of theirs.
    blocking = _failed_restrictions(user).filter(
        page__path=Substr(OuterRef("page__path"), 1, Length("page__path"))
    )
    return modules.filter(page__live=True).exclude(Exists(blocking))


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
    return module is not None and module_id_visible_to(user, module.pk)


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
