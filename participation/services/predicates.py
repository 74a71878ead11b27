"""Predicates of the staggered-hours service; combined into rules in rules.py."""

import rules

from participation.core.predicates import is_staff_member


@rules.predicate
def is_booking_resident(user, booking) -> bool:
    return bool(user and user.is_authenticated and booking and booking.author_id == user.pk)


@rules.predicate
def is_cadre_of_booking(user, booking) -> bool:
    """The cadre handling the booking, or on duty for its slot."""
    if not (is_staff_member(user) and booking is not None):
        return False
    if booking.cadre_id == user.pk:
        return True
    return booking.duty_id is not None and booking.duty.cadre_id == user.pk


@rules.predicate
def can_handle_all(user) -> bool:
    """Staff who run the desk for everyone (assign, reassign, handle any booking)."""
    return is_staff_member(user) and user.has_perm("participation_services.handle_booking")


@rules.predicate
def is_on_roster(user) -> bool:
    """Staff with a weekly turn or a duty in the roster: the cadres who use the desk."""
    return is_staff_member(user) and (
        user.service_duty_patterns.exists() or user.service_duties.exists()
    )


@rules.predicate
def can_view_checks(user) -> bool:
    return is_staff_member(user) and user.has_perm("participation_services.view_checks")


@rules.predicate
def can_export_checks(user) -> bool:
    return is_staff_member(user) and user.has_perm("participation_services.export_checks")


@rules.predicate
def can_sign_off(user) -> bool:
    return is_staff_member(user) and user.has_perm("participation_services.sign_off_month")
