from datetime import time

from django.utils.translation import gettext_lazy as _

from plugins import PARTICIPATION, NotificationKind, PluginConfig, ScheduledJob


class ServicesConfig(PluginConfig):
    name = "participation.services"
    label = "participation_services"
    verbose_name = _("错时服务")
    default_auto_field = "django.db.models.BigAutoField"
    version = "0.1.0"
    category = PARTICIPATION
    description = _(
        "居民预约下班后办理的事项，当班干部办理答复；当班轮流表、当班记录簿与专项检查。"
    )
    kind = "services"
    module_model = "participation_services.ServiceBlock"
    demo_loader = "participation.services.demo.load"
    # The evening before: residents hear about tomorrow's appointment after work.
    scheduled_jobs = (
        ScheduledJob("send_service_reminders", at=time(18, 0)),
        # Every morning: the duties of this month and next exist, and a month is public by its 1st.
        ScheduledJob("build_service_roster", at=time(6, 0)),
    )
    notification_kinds = (
        NotificationKind("accepted", _("错时服务预约已受理"), must_know=True),
        NotificationKind("replied", _("当班干部答复了错时服务预约")),
        NotificationKind("declined", _("错时服务预约不予受理"), must_know=True),
        NotificationKind("message", _("当班干部的留言")),
        NotificationKind("reminder", _("错时服务预约前一晚的提醒"), must_know=True),
    )
    admin_menu_names = ("participation-services", "participation-services-desk")

    def module_context(self, request, module) -> dict:
        from participation.services.presentation import module_context

        return module_context(request, module)

    def my_participation(self, user):
        from participation.services.presentation import my_participation

        return my_participation(user)

    def personal_data(self, user):
        from participation.services.personal_data import personal_data

        return personal_data(user)

    def erase_personal_data(self, user) -> None:
        from participation.services.personal_data import erase_personal_data

        erase_personal_data(user)

    def module_of(self, record):
        """Bookings show on no public page. The catalogue, the roster and a month's publication
        show in their community's service block: its page is purged (a community has one
        service block; the first stands for it)."""
        from participation.residents.communities import on_pages_of_community
        from participation.services.models import Booking, BookingMessage, ServiceBlock

        if isinstance(record, (Booking, BookingMessage)):
            return None
        blocks = on_pages_of_community(ServiceBlock.objects.order_by("pk"), record.community_id)
        return blocks.only("page").first()
