from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResidentsConfig(AppConfig):
    name = "participation.residents"
    label = "participation_residents"
    verbose_name = _("居民")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from allauth.mfa import signals

        from participation.residents import second_factor

        signals.authenticator_added.connect(second_factor.record_enrolment)
        signals.authentication_failed.connect(second_factor.count_wrong_code)
