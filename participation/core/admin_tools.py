"""Shared pieces of the plugins' admins: permission checks, wagtail-modeladmin helpers, list
filters, menu items and the mounting of a plugin's own admin views."""

from django.contrib.admin import SimpleListFilter
from django.core.exceptions import PermissionDenied
from django.urls import include, path
from wagtail.admin.menu import MenuItem
from wagtail_modeladmin.helpers import PermissionHelper


def _has_any(user, permissions) -> bool:
    return any(user.has_perm(permission) for permission in permissions)


def require_any_permission(user, *permissions):
    """The first line of every admin view of a plugin: refuse unless ``user`` holds one."""
    if not _has_any(user, permissions):
        raise PermissionDenied


def admin_urls(prefix, urlpatterns, namespace):
    """A plugin's own admin views under ``/admin/<prefix>``, for ``register_admin_urls``."""
    return [path(prefix, include((urlpatterns, namespace), namespace=namespace))]


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


class IdListFilter(SimpleListFilter):
    """A list filter on one related object: ``field`` names the id lookup, subclasses give
    ``title``, ``parameter_name`` and ``lookups``. A value that is not an id filters nothing."""

    field = ""

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(**{self.field: int(value)})
        return queryset


def secondary_button(url, label):
    """One more small button on a row of a modeladmin list (for ``get_buttons_for_obj``)."""
    return {
        "url": url,
        "label": label,
        "classname": "button button-small button-secondary",
        "title": label,
    }


class PermissionMenuItem(MenuItem):
    """An admin menu item shown to holders of any of ``permissions``."""

    def __init__(self, label, url, permissions, **kwargs):
        super().__init__(label, url, **kwargs)
        self.permissions = tuple(permissions)

    def is_shown(self, request):
        return _has_any(request.user, self.permissions)
