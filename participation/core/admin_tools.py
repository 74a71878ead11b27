"""Shared pieces of the plugins' admins: the base ``ModelAdmin``, permission checks,
wagtail-modeladmin helpers, list filters, menu items and the mounting of a plugin's own admin
views."""

import functools

from django.contrib import messages
from django.contrib.admin import SimpleListFilter
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import include, path
from django.utils.translation import gettext as _
from wagtail.admin.menu import MenuItem
from wagtail.models import Page, Site
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import IndexView, InspectView

from participation.core.access_log import record_access
from participation.core.models import Module
from participation.core.params import parse_int, without_nul
from participation.residents.communities import (
    managed_community_ids,
    staff_community_ids,
    within_communities,
)
from participation.residents.models import Building, Unit


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
    community_field = None
    """The lookup of the site a record belongs to (``"community"``, ``"building__community"``)."""
    community_page_field = None
    """Or the lookup of the page a record belongs to (``"module__page"``), within a site's tree.
    With either set, staff list and open only the records of their communities."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.community_field is None and self.community_page_field is None:
            return queryset
        return for_staff(
            request, queryset, community=self.community_field, page=self.community_page_field
        )

    def get_edit_handler(self):
        if not hasattr(self, "_community_edit_handler"):
            handler = super().get_edit_handler()
            self._community_edit_handler = with_community_choices(handler, self.model)
        return self._community_edit_handler

    def _require_in_scope(self, request, instance_pk):
        if not self.get_queryset(request).filter(pk=unquote(instance_pk)).exists():
            raise Http404

    def inspect_view(self, request, instance_pk):
        self._require_in_scope(request, instance_pk)
        return super().inspect_view(request, instance_pk)

    def edit_view(self, request, instance_pk):
        self._require_in_scope(request, instance_pk)
        return super().edit_view(request, instance_pk)

    def delete_view(self, request, instance_pk):
        self._require_in_scope(request, instance_pk)
        return super().delete_view(request, instance_pk)

    def history_view(self, request, instance_pk):
        self._require_in_scope(request, instance_pk)
        return super().history_view(request, instance_pk)

    def get_list_display_add_buttons(self, request):
        return list_column(self.model, super().get_list_display_add_buttons(request))


def for_staff(request, queryset, *, community=None, page=None):
    """``queryset`` limited to the communities the staff member reaches with this request: what
    they may read for GET, what they manage for any other method (so that the district's
    read-only role acts on nothing). ``community`` or ``page`` as in ``within_communities``."""
    if community is None and page is None:
        return queryset
    ids = staff_community_ids(request)
    return within_communities(queryset, ids, community=community, page=page)


def get_for_staff(request, queryset, *, community=None, page=None, **lookup):
    """One object of ``queryset`` within the staff member's communities, or 404: another
    community's id reads as one that does not exist."""
    return get_object_or_404(for_staff(request, queryset, community=community, page=page), **lookup)


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


def _choice_scopes():
    """How a choice of each kind of object is kept within communities: ``within_communities``'s
    keywords (a subclass, such as a ballot of a module, takes its parent's)."""
    return (
        (Page, {"page": ""}),
        (Module, {"page": "page"}),
        (Site, {"community": "pk"}),
        (Building, {"community": "community"}),
        (Unit, {"community": "building__community"}),
    )


def scope_choices(field, community_ids):
    """Narrows a form's model choice field to the communities ``community_ids``; staff
    accounts (no community) stay choosable where a field chooses a person."""
    queryset = getattr(field, "queryset", None)
    if community_ids is None or queryset is None:
        return
    model = queryset.model
    if issubclass(model, get_user_model()):
        field.queryset = queryset.filter(
            models.Q(community__in=community_ids) | models.Q(community__isnull=True)
        )
        return
    for kind, scope in _choice_scopes():
        if issubclass(model, kind):
            field.queryset = within_communities(queryset, community_ids, **scope)
            return


class CommunityChoicesFormMixin:
    """An admin form whose choices (a page, a building, a unit, a module, a resident) are those
    of the staff member's communities: a forged id of another community's object is invalid."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        if user is None:
            return
        community_ids = managed_community_ids(user)
        for field in self.fields.values():
            scope_choices(field, community_ids)


def with_community_choices(edit_handler, model):
    """``edit_handler`` whose form keeps every choice within the staff member's communities."""
    from wagtail.admin.forms import WagtailAdminModelForm

    base = edit_handler.base_form_class or getattr(model, "base_form_class", WagtailAdminModelForm)
    if issubclass(base, CommunityChoicesFormMixin):
        return edit_handler
    form_class = type(base.__name__, (CommunityChoicesFormMixin, base), {})
    return type(edit_handler)(**{**edit_handler.clone_kwargs(), "base_form_class": form_class})


class CommunitySnippetViewSetMixin:
    """A snippet viewset of a model that lies on a page (a module): staff list, open, edit and
    delete only the objects of their communities (others read as missing), and choose pages
    and buildings of their communities only."""

    community_page_field = "page"
    community_field = None
    """Or, for a model that belongs to a site itself, the lookup of that site."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if queryset is None:
            queryset = self.model._default_manager.all()
        return self._for_staff(request, queryset)

    def _for_staff(self, request, queryset):
        return for_staff(
            request, queryset, community=self.community_field, page=self.community_page_field
        )

    def get_edit_handler(self):
        handler = with_community_choices(super().get_edit_handler(), self.model)
        return handler.bind_to_model(self.model)

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        for pattern in patterns:
            pattern.callback = self._within_communities(pattern.callback)
        return patterns

    def _within_communities(self, view):
        @functools.wraps(view)
        def scoped_view(request, *args, **kwargs):
            pk = kwargs.get("pk")
            if pk is not None:
                objects = self._for_staff(request, self.model._default_manager.all())
                if not objects.filter(pk=unquote(str(pk))).exists():
                    raise Http404
            return view(request, *args, **kwargs)

        return scoped_view
