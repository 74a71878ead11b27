"""Predicates of the comments plugin (shared ones come from participation.core.predicates)."""

import rules

from participation.core.predicates import (
    can_view_contribution,
    can_view_module,
    is_active_account,
    is_author,
    module_is_open,
)
from participation.residents.predicates import is_verified_resident


@rules.predicate
def meets_audience(user, module) -> bool:
    if module is None:
        return False
    if module.audience == module.Audience.VERIFIED:
        return is_verified_resident(user)
    return True


@rules.predicate
def within_edit_window(user, comment) -> bool:
    return comment is not None and comment.can_still_edit()


@rules.predicate
def is_not_deleted(user, comment) -> bool:
    return comment is not None and comment.state != comment.State.DELETED


@rules.predicate
def is_moderator(user) -> bool:
    return is_active_account(user) and user.has_perm("participation_comments.moderate_comment")


# The audience first: it is answered from the user row, while asking whether someone moderates
# reads their permissions (two queries), needed only for those the audience leaves out.
can_comment = is_active_account & can_view_module & (meets_audience | is_moderator) & module_is_open
can_edit = (
    is_active_account & is_author & can_view_contribution & is_not_deleted & within_edit_window
)
can_delete = is_active_account & is_author & can_view_contribution & is_not_deleted
can_report = is_active_account & ~is_author & can_view_contribution & is_not_deleted
