from datetime import time

from django.utils.translation import gettext_lazy as _

from plugins import PARTICIPATION, PluginConfig, ScheduledJob


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
    module_template = "participation_hearings/module.html"
    urls = "participation.hearings.urls"
    demo_loader = "participation.hearings.demo.load"
    # The day-before reminders, in the morning; the command never reminds anyone twice.
    scheduled_jobs = (ScheduledJob("send_hearing_reminders", at=time(9, 0)),)

    def module_context(self, request, module) -> dict:
        from participation.hearings.context import module_context

        return module_context(request, module)

    def count_contributions(self, page_ids) -> dict[int, int]:
        """Published written opinions per page (registrations are not public contributions)."""
        from participation.core.counts import count_per_page
        from participation.hearings.models import Opinion

        return count_per_page(Opinion.objects.public().filter(module__page_id__in=page_ids))
