"""Shared pieces of the plugins' admins: the base ``ModelAdmin``, permission checks,
wagtail-modeladmin helpers, list filters, menu items and the mounting of a plugin's own admin
views."""

import functools

from django.contrib import messages
from django.contrib.admin import SimpleListFilter
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models
from django.shortcuts import redirect
from django.urls import include, path
from django.utils.translation import gettext as _
from wagtail.admin.menu import MenuItem
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import IndexView, InspectView

from participation.core.access_log import record_access
from participation.core.params import parse_int, without_nul


def yes_no(value) -> str:
    """A yes/no value as staff read it: 是 or 否 (lists, record pages, spreadsheets)."""
    return _("是") if value else _("否")


class YesNoColumn:
    """A boolean field as a list column that reads 是 or 否, headed and sorted by the field."""

    def __init__(self, field):
        self.__name__ = field.name
        self.short_description = field.verbose_name
        self.admin_order_field = field.name

    def __call__(self, obj):
        return yes_no(getattr(obj, self.__name__))

    def __str__(self):
        return self.__name__  # the cell's CSS class, field-<name>


@functools.cache
def list_column(model, name):
    """``name`` of ``list_display`` as drawn: a boolean field becomes a ``YesNoColumn`` (one per
    field, so that comparing a column with the one that carries the row's buttons works)."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    return YesNoColumn(field) if isinstance(field, models.BooleanField) else name


def subject_ids(objects, attribute) -> list:
    """The residents' ids that ``attribute`` (``"pk"``, ``"author_id"``) names on ``objects``;
    none where ``attribute`` is ``None`` (records that name no resident)."""
    return [getattr(obj, attribute) for obj in objects] if attribute else []


class StaffIndexView(IndexView):
    """The record list of every plugin: yes/no columns in words (see ``StaffModelAdmin``), NUL
    removed from the query string (search and filters), and a filter that does not fit its
    field (``?status__exact=²``) leads back to the whole list with a message, not to a 500.

    A list of residents' personal data (``access_log_what`` set on the ``ModelAdmin``) records
    each page shown in the access log."""

    def dispatch(self, request, *args, **kwargs):
        request.GET = without_nul(request.GET)
        try:
            return super().dispatch(request, *args, **kwargs)
        except IncorrectLookupParameters:
            messages.error(request, _("筛选条件无效，已显示全部记录。"))
            return redirect(request.path)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        what = self.model_admin.access_log_what
        if what:
            shown = context["object_list"]
            record_access(
                self.request,
                what,
                records=len(shown),
                subjects=subject_ids(shown, self.model_admin.access_log_subject),
                action="search" if self.query else "view",
            )
        return context

    @property
    def list_display(self):
        return self._list_display

    @list_display.setter
    def list_display(self, names):
        self._list_display = [list_column(self.model, name) for name in names]


class YesNoInspectView(InspectView):
    """One record's page: yes/no in words; recorded in the access log like the list."""

    def get_context_data(self, **kwargs):
        what = self.model_admin.access_log_what
        if what:
            subjects = subject_ids([self.instance], self.model_admin.access_log_subject)
            record_access(self.request, what, records=1, subjects=subjects, terms="")
        return super().get_context_data(**kwargs)

    def get_field_display_value(self, field_name, field=None):
        value = super().get_field_display_value(field_name, field)
        return yes_no(value) if isinstance(value, bool) else value


class StaffModelAdmin(ModelAdmin):
    """The base of every plugin's wagtail-modeladmin ``ModelAdmin``: yes/no reads 是/否.

    modeladmin draws a boolean field with django.contrib.admin's icon files, which are never
    collected here (that app is not installed): under the production static storage
    (``ManifestStaticFilesStorage``) such a list is a 500. A list's index view must be a
    ``StaffIndexView`` (``ExportIndexView`` is one).
    """

    index_view_class = StaffIndexView
    inspect_view_class = YesNoInspectView
    access_log_what = None
    """What the access log calls this list, its record pages and export (``_("参会名单")``),
    for records that show residents' personal data; ``None`` records nothing."""
    access_log_subject = "pk"
    """The attribute of a record that holds the id of the resident it concerns (``None``: the
    records name no resident, the count alone is recorded)."""

    def get_list_display_add_buttons(self, request):
        return list_column(self.model, super().get_list_display_add_buttons(request))


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
        pk = parse_int(self.value())
        return queryset if pk is None else queryset.filter(**{self.field: pk})


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
