"""Permission rules of the ballots plugin, checked in every view and used by the templates."""

import rules

from participation.ballots.predicates import (
    ballot_has_closed,
    can_cast,
    is_election_officer,
    is_reviewer,
    is_superuser,
    result_is_certified,
)
from participation.core.predicates import (
    can_view_module,
    is_resident_of_module_community,
    is_staff_member,
)

rules.add_perm(
    "participation_ballots.cast_vote", is_resident_of_module_community & can_view_module & can_cast
)
# Staff at the office: turnout, in-person marks, paper tally, assisted votes. The rules are
# named for the desk's tasks, apart from the model permissions (run_ballot, certify_ballot)
# that the predicates read.
rules.add_perm(
    "participation_ballots.run_desk", is_staff_member & (is_superuser | is_election_officer)
)
rules.add_perm(
    "participation_ballots.certify_results", is_staff_member & (is_superuser | is_reviewer)
)
# Tallies exist for nobody before the ballot closes; the public sees them once certified.
rules.add_perm("participation_ballots.view_result", can_view_module & result_is_certified)
rules.add_perm("participation_ballots.view_receipts", can_view_module & ballot_has_closed)
