from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationCoreConfig(AppConfig):
    name = "participation.core"
    label = "participation_core"
    verbose_name = _("参与")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from participation.core import checks  # noqa: F401 -- registers the system checks
