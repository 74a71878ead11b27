"""Predicates of the ballots plugin (shared ones come from participation.core.predicates)."""

import rules

from participation.ballots import roll
from participation.core.predicates import is_active_account
from participation.core.staff import EDITORS, REVIEWERS, has_role


@rules.predicate
def is_superuser(user) -> bool:
    return bool(user and user.is_authenticated and user.is_superuser)


@rules.predicate
def is_reviewer(user) -> bool:
    """A reviewer: in the Reviewers group, or granted the certify permission directly."""
    if not is_active_account(user):
        return False
    return has_role(user, REVIEWERS) or user.has_perm("participation_ballots.certify_ballot")


@rules.predicate
def is_election_officer(user) -> bool:
    """Community staff who run the office desk: editors and holders of the run permission."""
    if not is_active_account(user):
        return False
    return has_role(user, EDITORS) or user.has_perm("participation_ballots.run_ballot")


@rules.predicate
def can_cast(user, ballot) -> bool:
    """May vote now (read only: the roll is frozen by the cron, the cast and the desk)."""
    return ballot is not None and roll.refusal_to_vote(ballot, user) is None


@rules.predicate
def result_is_certified(user, ballot) -> bool:
    return ballot is not None and ballot.certified_at is not None


@rules.predicate
def ballot_has_closed(user, ballot) -> bool:
    return ballot is not None and (ballot.certified_at is not None or ballot.has_closed())
