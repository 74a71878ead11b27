from datetime import time

from django.utils.translation import gettext_lazy as _

from plugins import Electorate, LinkableKind, NotificationKind, PluginConfig, ScheduledJob


class PostsConfig(PluginConfig):
    """设岗定责: posts, duty days, pledges, service records and the staff-only member roster.

    Not a participation-category plugin: posts are not modules embedded in a page; its public
    pages live under its own URLs (``/participate/participation_posts/``).
    """

    name = "participation.posts"
    label = "participation_posts"
    verbose_name = _("设岗定责")
    default_auto_field = "django.db.models.BigAutoField"
    version = "0.1.0"
    category = "community"
    description = _(
        "党员和志愿者选择岗位、奉献一日、五个一承诺和服务记录；党员名册仅限授权工作人员。"
    )
    urls = "participation.posts.urls"
    demo_loader = "participation.posts.demo.load"
    scheduled_jobs = (ScheduledJob("send_duty_reminders", at=time(8, 0)),)
    notification_kinds = (
        NotificationKind("application_decided", _("岗位申请已审核"), must_know=True),
        NotificationKind("duty_reminder", _("服务日前一天的提醒"), must_know=True),
        NotificationKind("shift_freed", _("您的服务日报名已被取消")),
        NotificationKind("promoted", _("服务日候补转为正式报名"), must_know=True),
    )
    # The year-end 民主测评 is by members and residents' representatives (the plan, part 1).
    electorates = (Electorate("members_and_representatives", _("党员和居民代表")),)
    # Showcases link to the posts and the people they are about (participation.core.subjects).
    linkable_kinds = (
        LinkableKind("post", _("岗位"), _("相关岗位"), model="participation_posts.Post"),
        LinkableKind("person", _("在岗人员"), _("相关人员")),
    )
    admin_menu_names = ("participation-posts", "participation-posts-applications")

    def electorate_users(self, code):
        from participation.posts.presentation import electorate_users

        return electorate_users(code)

    def linkable(self, kind, ids=None, communities=None):
        """Every post; people only while they hold a post and show their name on it."""
        from participation.posts.presentation import linkable

        return linkable(kind, ids, communities)

    def broadcast_audiences(self):
        """Party members with an account, of every kind or the kinds picked (通知公告)."""
        from participation.posts.audiences import broadcast_audiences

        return broadcast_audiences()

    def my_participation(self, user):
        from participation.posts.presentation import my_participation

        return my_participation(user)

    def personal_data(self, user):
        from participation.posts.personal_data import personal_data

        return personal_data(user)

    def erase_personal_data(self, user) -> None:
        from participation.posts.personal_data import erase_personal_data

        erase_personal_data(user)
