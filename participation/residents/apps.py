from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResidentsConfig(AppConfig):
    name = "participation.residents"
    label = "participation_residents"
    verbose_name = _("居民")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from allauth.mfa import signals
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from participation.residents import second_factor
        from participation.residents.middleware import forget_admin_access_holders

        signals.authenticator_added.connect(second_factor.record_enrolment)
        signals.authentication_failed.connect(second_factor.count_wrong_code)
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(forget_admin_access_holders, dispatch_uid=f"admin-access-{signal}")
