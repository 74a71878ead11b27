from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.views.pages.edit import EditView
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


def confirm_review(request, page, task_state):
    """Tell the reviewer what their approval or rejection did, naming the page."""
    task_state.refresh_from_db()
    page.refresh_from_db()
    if task_state.status == "approved" and page.live:
        message = _("已审核通过并发布《%(title)s》。")
    elif task_state.status == "approved":
        message = _("已审核通过《%(title)s》。")
    elif task_state.status == "rejected":
        message = _("已退回《%(title)s》，请编辑修改后重新提交。")
    else:
        return
    messages.success(request, message % {"title": page.get_admin_display_title()})


class ConfirmedWorkflowActionView(WorkflowActionView):
    """Wagtail's approve/reject from the dashboard, saying what was done (Wagtail's own view
    redirects without a word, so a reviewer could not tell that the approval took)."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        confirm_review(request, self.object, self.task_state)
        return response


class ConfirmedEditView(EditView):
    """Approve/reject from the page editor's action menu: Wagtail says only "页面已更新"."""

    def perform_workflow_action(self):
        task_state = self.page.current_workflow_task_state
        response = super().perform_workflow_action()
        confirm_review(self.request, self.page, task_state)
        return response


class CommunityPageViewSet(PageViewSet):
    workflow_action_view_class = ConfirmedWorkflowActionView
    edit_view_class = ConfirmedEditView


@hooks.register("register_admin_viewset")
def register_page_viewset():
    """Replaces Wagtail's default page viewset (registered with order -1) for every page type."""
    return CommunityPageViewSet(name="community_pages")
