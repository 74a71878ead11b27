"""The read-only permission helper the plugins' record lists share, and each list's permissions."""

import pytest

from participation.comments.models import Comment, ModerationLog
from participation.core.modeladmin import read_only_permission_helper
from participation.residents.models import HouseholdCodeBatch, User, VerificationEvent

MODERATE = "participation_comments.moderate_comment"
VERIFY = "participation_residents.verify_resident"
PERSONAL = "participation_residents.view_personal_data"


class Holder:
    """A user who holds exactly ``permissions``."""

    def __init__(self, *permissions):
        self.permissions = set(permissions)

    def has_perm(self, permission, obj=None):
        return permission in self.permissions


def admin_helper(model):
    from wagtail_modeladmin.options import ModelAdmin

    admin = next(cls for cls in _subclasses(ModelAdmin) if getattr(cls, "model", None) is model)
    return admin.permission_helper_class(model)


def _subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


def test_nobody_writes_by_hand():
    helper = read_only_permission_helper(["a.b"], inspect_permissions=["a.b"])(Comment)
    holder = Holder("a.b")
    assert helper.user_can_list(holder) and helper.user_can_inspect_obj(holder, None)
    assert not helper.user_can_create(holder)
    assert not helper.user_can_edit_obj(holder, None)
    assert not helper.user_can_delete_obj(holder, None)
    assert not helper.user_can_list(Holder("a.c"))


@pytest.mark.parametrize(
    ("model", "listers", "inspectors", "others"),
    [
        (Comment, [MODERATE], [MODERATE], [VERIFY]),
        (ModerationLog, [MODERATE], [], [VERIFY]),
        (User, [VERIFY, PERSONAL], [PERSONAL], [MODERATE]),
        (VerificationEvent, [VERIFY], [], [PERSONAL, MODERATE]),
        (HouseholdCodeBatch, [VERIFY], [], [PERSONAL, MODERATE]),
    ],
)
def test_each_list_keeps_its_permissions(model, listers, inspectors, others):
    helper = admin_helper(model)
    for permission in listers:
        assert helper.user_can_list(Holder(permission))
        assert not helper.user_can_create(Holder(permission))
    for permission in inspectors:
        assert helper.user_can_inspect_obj(Holder(permission), None)
    for permission in set(listers) - set(inspectors):
        assert not helper.user_can_inspect_obj(Holder(permission), None)
    for permission in others:
        assert not helper.user_can_list(Holder(permission))
