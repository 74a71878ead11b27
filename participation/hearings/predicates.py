"""Predicates of the hearings plugin; combined into rules in rules.py."""

import rules
from django.utils import timezone

from participation.core.electorates import electorate_user_ids, is_declared_name
from participation.core.predicates import (
    is_author,
    is_resident_of_module_community,
    is_staff_member,
)
from participation.residents.communities import community_id_of_module
from participation.residents.models import Representative


@rules.predicate
def is_eligible(user, hearing) -> bool:
    """Whether ``user`` belongs to the people the hearing admits: verified residents of its
    community, and of them those its eligibility names."""
    if hearing is None or not is_resident_of_module_community(user, hearing):
        return False
    kind = hearing.eligibility
    if kind == hearing.Eligibility.REPRESENTATIVES:
        terms = Representative.objects.current(on=timezone.localdate())
        terms = terms.of_community(community_id_of_module(hearing))
        return terms.filter(user=user).exists()
    if kind == hearing.Eligibility.BUILDINGS:
        return hearing.buildings.filter(pk=user.unit.building_id).exists()
    if is_declared_name(kind):
        return type(user).objects.filter(pk=user.pk, pk__in=electorate_user_ids(kind)).exists()
    return True


@rules.predicate
def registration_is_open(user, hearing) -> bool:
    return hearing is not None and hearing.registration_is_open()


@rules.predicate
def opinions_are_open(user, hearing) -> bool:
    return hearing is not None and hearing.opinions_are_open()


@rules.predicate
def opinion_window_is_open(user, opinion) -> bool:
    return opinion is not None and opinion.module.opinions_are_open()


@rules.predicate
def can_manage_hearings(user) -> bool:
    """Staff who run hearings: check-in, attendee lists, publishing and answering opinions."""
    return is_staff_member(user) and (
        user.is_superuser or user.has_perm("participation_hearings.change_registration")
    )


is_opinion_author = is_author
