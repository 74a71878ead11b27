"""Shared django-rules predicates that plugins combine into their permission rules."""

import rules

from participation.core.visibility import module_id_visible_to, module_visible_to
from participation.residents.communities import community_id_of_module


@rules.predicate
def is_active_account(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


@rules.predicate
def is_staff_member(user) -> bool:
    return is_active_account(user) and user.is_staff


@rules.predicate
def module_is_open(user, module) -> bool:
    return module is not None and module.is_open()


@rules.predicate
def is_author(user, contribution) -> bool:
    return bool(
        user and user.is_authenticated and contribution and contribution.author_id == user.pk
    )


@rules.predicate
def can_view_module(user, module) -> bool:
    """The page rule every plugin rule starts from: see participation.core.visibility."""
    return module_visible_to(user, module)


@rules.predicate
def can_view_contribution(user, contribution) -> bool:
    return contribution is not None and module_id_visible_to(user, contribution.module_id)


@rules.predicate
def is_resident_of_module_community(user, module) -> bool:
    """A verified resident of the community (Wagtail site) whose tree holds the module's page:
    a resident acts only on their own community's pages."""
    if not (module is not None and user and user.is_authenticated):
        return False
    return user.is_verified_resident_of(community_id_of_module(module))


@rules.predicate
def is_member_of_module_community(user, module) -> bool:
    """An account of the module's community, verified or not (where a module admits every
    signed-in resident): nobody speaks on another community's pages."""
    if not (module is not None and user and user.is_authenticated):
        return False
    community_id = community_id_of_module(module)
    return community_id is not None and user.community_id == community_id
