"""Shared pieces of the plugins' wagtail-modeladmin admins."""

from wagtail_modeladmin.helpers import PermissionHelper


def _has_any(user, permissions) -> bool:
    return any(user.has_perm(permission) for permission in permissions)


class ReadOnlyPermissionHelper(PermissionHelper):
    """A list that nobody creates, edits or deletes in the admin (services write its rows).

    Holders of any of ``list_permissions`` see the list; holders of any of
    ``inspect_permissions`` open one record. Build one with ``read_only_permission_helper``.
    """

    list_permissions: tuple[str, ...] = ()
    inspect_permissions: tuple[str, ...] = ()

    def user_can_list(self, user):
        return _has_any(user, self.list_permissions)

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False

    def user_can_inspect_obj(self, user, obj):
        return _has_any(user, self.inspect_permissions)


def read_only_permission_helper(list_permissions, inspect_permissions=()):
    """A ``ReadOnlyPermissionHelper`` for a ``ModelAdmin``'s ``permission_helper_class``."""
    return type(
        "ReadOnlyPermissionHelper",
        (ReadOnlyPermissionHelper,),
        {
            "list_permissions": tuple(list_permissions),
            "inspect_permissions": tuple(inspect_permissions),
        },
    )
