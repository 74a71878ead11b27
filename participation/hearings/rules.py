"""Permission rules of the hearings plugin, checked in every view and used by the templates."""

import rules

from participation.core.predicates import (
    can_view_contribution,
    can_view_module,
    is_resident_of_module_community,
)
from participation.hearings.predicates import (
    can_manage_hearings,
    is_eligible,
    is_opinion_author,
    opinion_window_is_open,
    opinions_are_open,
    registration_is_open,
)

rules.add_perm(
    "participation_hearings.register",
    is_resident_of_module_community & can_view_module & is_eligible & registration_is_open,
)
rules.add_perm(
    "participation_hearings.submit_opinion",
    is_resident_of_module_community & can_view_module & opinions_are_open,
)
rules.add_perm(
    "participation_hearings.withdraw_opinion",
    is_opinion_author & can_view_contribution & opinion_window_is_open,
)
# Hearing staff read every opinion in the admin, whatever becomes of the page afterwards.
rules.add_perm(
    "participation_hearings.view_attachment",
    (is_opinion_author & can_view_contribution) | can_manage_hearings,
)
rules.add_perm("participation_hearings.check_in", can_manage_hearings)
