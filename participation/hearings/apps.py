from django.utils.translation import gettext_lazy as _

from plugins import PARTICIPATION, PluginConfig


class HearingsConfig(PluginConfig):
    name = "participation.hearings"
    label = "participation_hearings"
    verbose_name = _("听证会")
    default_auto_field = "django.db.models.BigAutoField"
    version = "0.1.0"
    category = PARTICIPATION
    description = _("听证会、恳谈会和通报会的报名、书面意见与会议纪要。")
    kind = "hearing"
