from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from pages.models import DisclosureCategory, DisclosurePage, FeatureType


class DisclosureCategoryViewSet(SnippetViewSet):
    model = DisclosureCategory
    icon = "folder-open-inverse"
    menu_label = gettext_lazy("公开类别")
    list_display = ["name", "number_prefix", "slug"]
    sort_order_field = "sort_order"


class FeatureTypeViewSet(SnippetViewSet):
    model = FeatureType
    icon = "pick"
    menu_label = gettext_lazy("特色类型")
    list_display = ["name", "slug"]
    sort_order_field = "sort_order"


class TaxonomyGroup(SnippetViewSetGroup):
    items = (DisclosureCategoryViewSet, FeatureTypeViewSet)
    menu_icon = "tag"
    menu_label = gettext_lazy("栏目分类")
    menu_name = "taxonomies"


register_snippet(TaxonomyGroup)


@hooks.register("before_delete_page")
def keep_published_disclosures(request, page):
    """Published disclosures are public record: they go to the archive, never away."""
    published = DisclosurePage.objects.descendant_of(page, inclusive=True).filter(
        first_published_at__isnull=False
    )
    if published.exists():
        messages.error(request, _("已发布的公开事项不能删除；有效期结束后它会自动转入归档。"))
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("construct_explorer_page_queryset")
def hide_drafts_of_others(parent_page, pages, request):
    """Who may not change the pages of a section (volunteers) sees only live pages and their own."""
    user = request.user
    if user.is_superuser or parent_page.permissions_for_user(user).can_edit():
        return pages
    return pages.filter(Q(live=True) | Q(owner=user))


class ConfirmedWorkflowActionView(WorkflowActionView):
    """Wagtail's approve/reject from the dashboard or the page, saying what was done (Wagtail's
    own view redirects without a word, so a reviewer could not tell that the approval took)."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        self.task_state.refresh_from_db()
        self.object.refresh_from_db()
        message = self.confirmation(self.task_state.status, self.object.live)
        if message:
            messages.success(request, message % {"title": self.object.get_admin_display_title()})
        return response

    @staticmethod
    def confirmation(status, live):
        if status == "approved":
            return _("已审核通过并发布《%(title)s》。") if live else _("已审核通过《%(title)s》。")
        if status == "rejected":
            return _("已退回《%(title)s》，请编辑修改后重新提交。")
        return None


class CommunityPageViewSet(PageViewSet):
    workflow_action_view_class = ConfirmedWorkflowActionView


@hooks.register("register_admin_viewset")
def register_page_viewset():
    """Replaces Wagtail's default page viewset (registered with order -1) for every page type."""
    return CommunityPageViewSet(name="community_pages")
