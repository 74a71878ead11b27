from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from plugins import PARTICIPATION, NotificationKind, PluginConfig, ScheduledJob


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
    demo_loader = "participation.comments.demo.load"
    admin_menu_names = ("participation-comments-modules", "participation-comments")
    notification_kinds = (
        NotificationKind("reply", _("有人回复了我的评论")),
        NotificationKind("official_reply", _("社区工作人员回复了我的评论")),
        NotificationKind("deadline_soon", _("我关注的议题两天后截止征求意见")),
    )
    # Tells followers two days before a topic's opinions close; once per deadline.
    scheduled_jobs = (ScheduledJob("notify_opinion_deadlines", every=timedelta(hours=1)),)

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_save
        from wagtail.signals import page_published

        from participation.comments.services import (
            open_comments_on_publish,
            show_new_author_name,
            show_new_building_name,
        )
        from participation.residents.models import Building, Unit

        page_published.connect(open_comments_on_publish, dispatch_uid="comments_on_publish")
        post_save.connect(
            show_new_author_name, sender=get_user_model(), dispatch_uid="comments_author_name"
        )
        for model in (Building, Unit):
            post_save.connect(
                show_new_building_name,
                sender=model,
                dispatch_uid=f"comments_building_name_{model._meta.model_name}",
            )

    def module_context(self, request, module) -> dict:
        from participation.comments.presentation import module_context

        return module_context(request, module)

    def count_contributions(self, page_ids) -> dict[int, int]:
        """Visible comments per page, in one query."""
        from participation.comments.models import Comment
        from participation.core.counts import count_per_page

        return count_per_page(Comment.public.on_pages(page_ids))

    def api_views(self):
        """Published comments at /api/v2/comments/ (participation.comments.api)."""
        from participation.comments.api import CommentsView

        return [("comments", CommentsView.as_view())]

    def my_participation(self, user):
        from participation.comments.presentation import my_participation

        return my_participation(user)

    def personal_data(self, user):
        from participation.comments.personal_data import personal_data

        return personal_data(user)

    def erase_personal_data(self, user) -> None:
        from participation.comments.personal_data import erase_personal_data

        erase_personal_data(user)
