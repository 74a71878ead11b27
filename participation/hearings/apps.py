from datetime import time

from django.utils.translation import gettext_lazy as _

from participation.core.pages import MeetingPage
from plugins import PARTICIPATION, NotificationKind, PluginConfig, ScheduledJob


class HearingsConfig(PluginConfig):
    name = "participation.hearings"
    label = "participation_hearings"
    verbose_name = _("听证会")
    default_auto_field = "django.db.models.BigAutoField"
    version = "0.1.0"
    category = PARTICIPATION
    description = _("听证会、恳谈会和通报会的报名、书面意见与会议纪要。")
    kind = "hearing"
    module_model = "participation_hearings.Hearing"
    page_contract = MeetingPage
    demo_loader = "participation.hearings.demo.load"
    # The day-before reminders, in the morning; the command never reminds anyone twice.
    scheduled_jobs = (ScheduledJob("send_hearing_reminders", at=time(9, 0)),)
    notification_kinds = (
        NotificationKind("registration_confirmed", _("报名确认（含报名码）"), must_know=True),
        NotificationKind("promoted", _("候补转为正式报名"), must_know=True),
        NotificationKind("reminder", _("会前一天的提醒"), must_know=True),
        NotificationKind("cancelled_by_staff", _("工作人员取消了报名")),
        NotificationKind("outcome_published", _("会议纪要和结果已公布")),
    )
    admin_menu_names = ("participation-hearings",)

    def module_context(self, request, module) -> dict:
        from participation.hearings.presentation import module_context

        return module_context(request, module)

    def count_contributions(self, page_ids) -> dict[int, int]:
        """Published written opinions per page (registrations are not public contributions)."""
        from participation.core.counts import count_per_page
        from participation.hearings.models import Opinion

        return count_per_page(Opinion.objects.public().filter(module__page_id__in=page_ids))

    def my_participation(self, user):
        from participation.hearings.presentation import my_participation

        return my_participation(user)

    def personal_data(self, user):
        from participation.hearings.personal_data import personal_data

        return personal_data(user)

    def erase_personal_data(self, user) -> None:
        from participation.hearings.personal_data import erase_personal_data

        erase_personal_data(user)

    def broadcast_audiences(self):
        """A hearing's registrants (confirmed and waiting), for staff's notices."""
        from participation.hearings.audiences import broadcast_audiences

        return broadcast_audiences()

    def notification_email(self, code, object_id, recipient):
        """Registration messages carry the code, its QR code and a calendar file."""
        from participation.hearings.tasks import compose_email

        return compose_email(code, object_id, recipient)
