"""Predicates of the comments plugin (shared ones come from participation.core.predicates)."""

import rules

from participation.core.predicates import (
    can_view_contribution,
    can_view_module,
    is_active_account,
    is_author,
    is_member_of_module_community,
    is_resident_of_module_community,
    is_staff_member,
    module_is_open,
)


@rules.predicate
def meets_audience(user, module) -> bool:
    if module is None:
        return False
    if module.audience == module.Audience.VERIFIED:
        return is_resident_of_module_community(user, module)
    return is_member_of_module_community(user, module)


@rules.predicate
def is_member_of_comment_community(user, comment) -> bool:
    return comment is not None and is_member_of_module_community(user, comment.module)


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
can_report = (
    is_active_account
    & ~is_author
    & can_view_contribution
    & is_not_deleted
    & (is_member_of_comment_community | is_staff_member)
)
