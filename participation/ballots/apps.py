from django.utils.translation import gettext_lazy as _

from plugins import PARTICIPATION, PluginConfig


class BallotsConfig(PluginConfig):
    name = "participation.ballots"
    label = "participation_ballots"
    verbose_name = _("票决")
    default_auto_field = "django.db.models.BigAutoField"
    version = "0.1.0"
    category = PARTICIPATION
    description = _("要事票决与民主测评：无记名、可计票、可核验的投票。")
    kind = "ballot"
