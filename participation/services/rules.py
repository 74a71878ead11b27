"""Permission rules of the staggered-hours service, checked in every view."""

import rules

from participation.core.predicates import (
    can_view_module,
    is_resident_of_module_community,
    is_staff_member,
)
from participation.services.predicates import (
    can_export_checks,
    can_handle_all,
    can_sign_off,
    can_view_checks,
    is_booking_resident,
    is_cadre_of_booking,
    is_on_roster,
)

rules.add_perm("participation_services.book", is_resident_of_module_community & can_view_module)
# A resident sees only their own bookings; cadres those of their duty; the desk all of them.
rules.add_perm(
    "participation_services.follow_booking",
    is_booking_resident | is_cadre_of_booking | can_handle_all,
)
rules.add_perm("participation_services.handle", is_cadre_of_booking | can_handle_all)
rules.add_perm("participation_services.use_desk", is_on_roster | can_handle_all)
rules.add_perm(
    "participation_services.book_on_behalf", is_staff_member & (is_on_roster | can_handle_all)
)
rules.add_perm("participation_services.see_checks", can_view_checks)
rules.add_perm("participation_services.export", can_export_checks)
rules.add_perm("participation_services.sign_off", can_sign_off)
