from datetime import time, timedelta

from django.utils.translation import gettext_lazy as _

from plugins import NotificationKind, PluginConfig, ScheduledJob


class NotificationsConfig(PluginConfig):
    """Delivers what pages and plugins announce through ``participation.core.notifications``.

    A service plugin, not a participation one: it embeds no module in pages. Switched off for
    a site, events are no longer stored or sent there, and its inbox answers 404.
    """

    name = "participation.notifications"
    label = "participation_notifications"
    verbose_name = _("消息通知")
    default_auto_field = "django.db.models.BigAutoField"
    version = "0.1.0"
    category = "service"
    description = _("站内消息（我的消息）、电子邮件和短信通知，居民可按类型选择渠道。")
    urls = "participation.notifications.urls"
    # Sends what is due: SMS held over quiet hours, retries after a provider's failure, and
    # rows whose worker died. The queued tasks send new messages at once.
    # Digests go out in the early evening, before SMS quiet hours begin.
    scheduled_jobs = (
        ScheduledJob("deliver_notifications", every=timedelta(minutes=1)),
        ScheduledJob("send_digests", at=time(18, 0)),
    )
    notification_kinds = (NotificationKind("broadcast", _("社区通知公告")),)
    admin_menu_names = ("participation-notifications",)

    def ready(self):
        from participation.notifications import checks  # noqa: F401 -- registers the checks

    def receive_notification(self, notification) -> None:
        from participation.notifications.storing import store

        store(notification)

    def notification_email(self, code, object_id, recipient):
        """A notice (通知公告) is mailed with its body, not only its title."""
        from participation.notifications.notices import compose_email

        return compose_email(object_id) if code == "broadcast" else None

    def receive_follow(self, user, *, page_id=None, module_id=None, following=True) -> None:
        from participation.notifications.following import set_follow

        set_follow(user, page_id=page_id, module_id=module_id, following=following)

    def follow_control(self, request, page) -> str:
        from participation.notifications.views import follow_control

        return follow_control(request, page)

    def my_participation(self, user):
        """What the resident follows; their messages are in the inbox, not here."""
        from participation.notifications.personal_data import my_participation

        return my_participation(user)

    def personal_data(self, user):
        """Their messages, deliveries (channel, status, time), channel choices and follows."""
        from participation.notifications.personal_data import personal_data

        return personal_data(user)

    def erase_personal_data(self, user) -> None:
        """Deletes all of it: nothing here is relied on by anyone else."""
        from participation.notifications.personal_data import erase_personal_data

        erase_personal_data(user)
