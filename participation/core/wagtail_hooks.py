from django import forms
from django.contrib import admin
from django.contrib.admin import SimpleListFilter
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList, PageChooserPanel
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail_modeladmin.options import modeladmin_register

from participation.core.access_log import translated_roles
from participation.core.admin_tools import (
    CommunitySnippetViewSetMixin,
    StaffModelAdmin,
    for_staff,
    read_only_permission_helper,
)
from participation.core.exports import ExportIndexView
from participation.core.models import AccessLogEntry, AccessLogSubject, Module
from participation.residents.communities import staff_community_ids
from plugins.registry import installed_plugins, participation_plugins, plugin_for_kind
from plugins.switches import is_enabled


def plain_module_kinds() -> list[tuple[str, str]]:
    """Kinds whose plugin uses Module itself; a plugin with a Module subclass (comments, a
    hearing, a ballot) creates its modules in its own admin, so that the subclass row exists."""
    return [
        (plugin.kind, plugin.verbose_name)
        for plugin in participation_plugins()
        if not plugin.module_model
    ]


class ModuleForm(WagtailAdminModelForm):
    """Offers the kinds whose plugin has no Module subclass of its own.

    A plugin with its own module model (a ballot, a hearing) creates its modules in its own
    admin, so that the subclass row always exists; here such a module's kind is read-only.
    """

    kind = forms.ChoiceField(label=_("类型"), choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = plain_module_kinds()
        plugin = plugin_for_kind(self.instance.kind) if self.instance.pk else None
        if plugin is not None and plugin.module_model:
            self.fields["kind"].choices = [(plugin.kind, plugin.verbose_name)]
            self.fields["kind"].disabled = True


class LabelColumnMixin:
    """Lists modules in the chooser by page, kind and window, never by a repeated title; only
    the modules of the editor's communities."""

    def get_object_list(self):
        return for_staff(self.request, super().get_object_list(), page="page")

    @property
    def title_column(self):
        column = super().title_column
        column.accessor = Module.label
        return column


class ModuleChooseView(LabelColumnMixin, ChooseView):
    pass


class ModuleChooseResultsView(LabelColumnMixin, ChooseResultsView):
    pass


class ModuleChosenView(SnippetChosenView):
    def get_display_title(self, instance):
        return instance.label()


class ModuleChooserViewSet(SnippetChooserViewSet):
    choose_view_class = ModuleChooseView
    choose_results_view_class = ModuleChooseResultsView
    chosen_view_class = ModuleChosenView


class ModulePermissionPolicy(ModelPermissionPolicy):
    """Nobody adds a module here when no installed plugin uses Module itself (the usual case in
    production: every first-party plugin has its own module model and admin)."""

    def user_has_permission(self, user, action):
        if action == "add" and not plain_module_kinds():
            return False
        return super().user_has_permission(user, action)


# Exact class: CommentsModule, Hearing and Ballot keep the ordinary policy of their own admin.
register_permission_policy(Module, ModulePermissionPolicy(Module), exact_class=True)


class ModuleViewSet(CommunitySnippetViewSetMixin, SnippetViewSet):
    """Every module of every kind, listed for editors and offered by the participation block's
    chooser; modules of a plugin without its own module model are created here."""

    model = Module
    icon = "group"
    menu_label = _("参与模块")
    menu_order = 250
    add_to_admin_menu = True
    chooser_viewset_class = ModuleChooserViewSet
    list_display = ["title", "kind_label", "page", "opens_at", "closes_at"]
    list_filter = ["kind"]
    search_fields = ["title"]
    edit_handler = ObjectList(
        [
            PageChooserPanel("page"),
            FieldPanel("kind"),
            FieldPanel("title"),
            FieldPanel("opens_at"),
            FieldPanel("closes_at"),
        ],
        base_form_class=ModuleForm,
    )


register_snippet(ModuleViewSet)


@hooks.register("before_bulk_action")
def keep_bulk_actions_within_communities(request, action_type, objects, action):
    """Snippets' bulk actions (delete many modules) act within the staff member's communities."""
    ids = [obj.pk for obj in objects if isinstance(obj, Module)]
    if not ids:
        return
    if for_staff(request, Module.objects.filter(pk__in=ids), page="page").count() < len(ids):
        raise Http404


@hooks.register("construct_main_menu")
def hide_switched_off_plugins(request, menu_items):
    """The admin menu items a plugin names in ``admin_menu_names`` go where it is switched off."""
    hidden = {
        name
        for plugin in installed_plugins()
        if not is_enabled(plugin.label, request=request)
        for name in plugin.admin_menu_names
    }
    menu_items[:] = [item for item in menu_items if item.name not in hidden]


VIEW_ACCESS_LOG = "participation_core.view_accesslogentry"


class ActorFilter(SimpleListFilter):
    """By staff member, as named in the log (an account deleted since keeps its entries)."""

    title = _("工作人员")
    parameter_name = "actor"

    def lookups(self, request, model_admin):
        entries = model_admin.get_queryset(request).order_by()
        return entries.values_list("actor_name", "actor_name").distinct()

    def queryset(self, request, queryset):
        return queryset.filter(actor_name=self.value()) if self.value() else queryset


class WhatFilter(SimpleListFilter):
    title = _("查看内容")
    parameter_name = "what"

    def lookups(self, request, model_admin):
        names = model_admin.get_queryset(request).order_by().values_list("what", flat=True)
        names = names.distinct()
        return [(name, gettext(name)) for name in names]

    def queryset(self, request, queryset):
        return queryset.filter(what=self.value()) if self.value() else queryset


class AccessLogAdmin(StaffModelAdmin):
    """The personal-data access log: read, filtered and exported by holders of its own
    permission (``view_accesslogentry``, no group has it unless granted); nobody adds, edits or
    deletes an entry. Reading it is recorded too."""

    model = AccessLogEntry
    menu_label = _("个人信息访问记录")
    menu_icon = "history"
    add_to_settings_menu = True
    permission_helper_class = read_only_permission_helper([VIEW_ACCESS_LOG])
    index_view_class = ExportIndexView
    access_log_what = _("个人信息访问记录")
    access_log_subject = None
    list_display = ["at", "actor_name", "roles", "action", "what_label", "terms", "records"]
    list_filter = [ActorFilter, WhatFilter, "action", "at"]
    search_fields = ["actor_name", "what", "terms"]
    list_export = ["at", "actor_name", "actor_roles", "action", "what", "terms", "records"]
    export_filename = "access-log"

    def get_queryset(self, request):
        """Staff of some communities see the looks at their own residents' data only."""
        entries = super().get_queryset(request)
        community_ids = staff_community_ids(request)
        if community_ids is None:
            return entries
        residents = get_user_model().objects.filter(community_id__in=community_ids)
        concerned = AccessLogSubject.objects.filter(
            entry=OuterRef("pk"), resident_id__in=residents.values("pk")
        )
        return entries.filter(Exists(concerned))

    @admin.display(description=_("角色"))
    def roles(self, obj):
        return translated_roles(obj.actor_roles)

    @admin.display(description=_("查看内容"))
    def what_label(self, obj):
        return gettext(obj.what)


modeladmin_register(AccessLogAdmin)
