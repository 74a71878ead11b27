from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from plugins import PARTICIPATION, PluginConfig

ORDERS = {"newest": "-created_at", "oldest": "created_at"}


class CommentsConfig(PluginConfig):
    name = "participation.comments"
    label = "participation_comments"
    verbose_name = _("评论")
    default_auto_field = "django.db.models.BigAutoField"
    version = "0.1.0"
    category = PARTICIPATION
    description = _("居民对页面发表评论与意见，工作人员审核并作官方回复。")
    kind = "comments"
    module_model = "participation_comments.CommentsModule"
    module_template = "participation_comments/module.html"
    urls = "participation.comments.urls"
    demo_loader = "participation.comments.demo.load"

    def ready(self):
        from wagtail.signals import page_published

        from participation.comments.services import open_comments_on_publish

        page_published.connect(open_comments_on_publish, dispatch_uid="comments_on_publish")

    def module_context(self, request, module) -> dict:
        from participation.comments.forms import CommentForm
        from participation.comments.models import Comment

        order = request.GET.get("comments") if request is not None else None
        order = order if order in ORDERS else "newest"
        replies = Comment.public.select_related("author__unit__building").order_by("created_at")
        comments = (
            Comment.public.filter(module=module, parent__isnull=True)
            .select_related("author__unit__building")
            .prefetch_related(Prefetch("replies", queryset=replies, to_attr="visible_replies"))
            .order_by(ORDERS[order], "pk")
        )
        return {
            "comments": comments,
            "order": order,
            # Distinct ids when a page carries more than one comments block.
            "comment_form": CommentForm(auto_id=f"id_comments{module.pk}_%s"),
            "closes_at": module.effective_closes_at(),
            "is_open": module.is_open(),
        }

    def count_contributions(self, page_ids) -> dict[int, int]:
        """Visible comments per page, in one query."""
        from participation.comments.models import Comment
        from participation.core.counts import count_per_page

        return count_per_page(Comment.public.on_pages(page_ids))

    def personal_data_export(self, user) -> list[dict]:
        """The resident's own comments, for their data download."""
        from participation.comments.models import Comment

        return [
            {
                "page": comment.module.page.title,
                "body": comment.body,
                "state": comment.state,
                "created_at": comment.created_at.isoformat(),
            }
            for comment in Comment.objects.filter(author=user).select_related("module__page")
        ]
