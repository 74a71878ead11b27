from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationCoreConfig(AppConfig):
    name = "participation.core"
    label = "participation_core"
    verbose_name = _("参与")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.conf import settings
        from django.db.models.signals import post_delete

        from participation.core import checks  # noqa: F401 -- registers the system checks
        from participation.core.access_log import forget_resident

        post_delete.connect(
            lambda instance, **kwargs: forget_resident(instance.pk),
            sender=settings.AUTH_USER_MODEL,
            weak=False,
            dispatch_uid="participation_core.forget_resident",
        )
