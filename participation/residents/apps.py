from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResidentsConfig(AppConfig):
    name = "participation.residents"
    label = "participation_residents"
    verbose_name = _("居民")
    default_auto_field = "django.db.models.BigAutoField"
