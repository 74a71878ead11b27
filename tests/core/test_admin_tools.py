"""The read-only permission helper the plugins' record lists share, and each list's permissions."""

import pytest

from participation.comments.models import Comment, ModerationLog
from participation.core.admin_tools import read_only_permission_helper
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
    assert helper.user_can_list(holder)
    assert helper.user_can_inspect_obj(holder, None)
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


class Request:
    def __init__(self, user):
        self.user = user


def test_menu_item_is_shown_to_holders_of_any_permission():
    from participation.core.admin_tools import PermissionMenuItem

    item = PermissionMenuItem("工作台", "/admin/desk/", [VERIFY, PERSONAL], order=1)
    assert item.is_shown(Request(Holder(PERSONAL)))
    assert item.is_shown(Request(Holder(VERIFY)))
    assert not item.is_shown(Request(Holder(MODERATE)))


def test_secondary_button():
    from participation.core.admin_tools import secondary_button

    button = secondary_button("/admin/x/", "认证")
    assert button == {
        "url": "/admin/x/",
        "label": "认证",
        "classname": "button button-small button-secondary",
        "title": "认证",
    }


@pytest.mark.django_db
def test_id_list_filter_filters_on_an_id_and_ignores_anything_else():
    from participation.core.admin_tools import IdListFilter
    from participation.residents.factories import UserFactory

    class UserFilter(IdListFilter):
        title = "账号"
        parameter_name = "user"
        field = "pk"

        def lookups(self, request, model_admin):
            return []

    first, _second = UserFactory.create_batch(2)
    users = User.objects.all()

    def filtered(value):
        list_filter = UserFilter(None, {"user": [value]}, User, None)
        return list(list_filter.queryset(None, users))

    assert filtered(str(first.pk)) == [first]
    assert len(filtered("1 or 1=1")) == 2


def test_admin_views_refuse_without_any_of_the_permissions():
    from django.core.exceptions import PermissionDenied

    from participation.core.admin_tools import require_any_permission

    require_any_permission(Holder(VERIFY), PERSONAL, VERIFY)
    with pytest.raises(PermissionDenied):
        require_any_permission(Holder(MODERATE), PERSONAL, VERIFY)


def test_each_plugin_admin_is_mounted_under_its_namespace():
    from django.urls import reverse

    assert reverse("participation_comments_admin:export_index") == "/admin/comments/export/"
    assert reverse("participation_residents_admin:import_units").startswith("/admin/residents/")
    assert reverse("participation_ballots_admin:index") == "/admin/ballot-desk/"


def test_every_plugin_admin_reads_yes_and_no_in_words():
    """Django admin's yes/no icons are not collected (see test_admin_production_static)."""
    from wagtail_modeladmin.options import ModelAdmin

    from participation.core.admin_tools import StaffIndexView, StaffModelAdmin, list_column
    from participation.hearings.models import Hearing

    ours = [
        c for c in _subclasses(ModelAdmin) if c.__module__.startswith(("participation", "pages"))
    ]
    assert len(ours) >= 12
    assert all(issubclass(admin, StaffModelAdmin) for admin in ours), ours
    assert all(issubclass(admin.index_view_class, StaffIndexView) for admin in ours), ours
    column = list_column(Hearing, "waiting_list")
    assert (column(Hearing(waiting_list=True)), column(Hearing(waiting_list=False))) == ("是", "否")
    assert list_column(Hearing, "title") == "title"
