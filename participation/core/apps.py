from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationCoreConfig(AppConfig):
    name = "participation.core"
    label = "participation_core"
    verbose_name = _("参与")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.conf import settings
        from django.db.models.signals import m2m_changed, post_delete, post_save
        from wagtail.models import PageViewRestriction, Site
        from wagtail.signals import post_page_move

        from participation.core import checks  # noqa: F401 -- registers the system checks
        from participation.core.access_log import forget_resident
        from participation.core.links import forget_default_site
        from participation.core.visibility import forget_view_restrictions

        post_delete.connect(
            lambda instance, **kwargs: forget_resident(instance.pk),
            sender=settings.AUTH_USER_MODEL,
            weak=False,
            dispatch_uid="participation_core.forget_resident",
        )
        for name, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(
                forget_default_site,
                sender=Site,
                dispatch_uid=f"participation_core.default_site.{name}",
            )
        # The cached restrictions (participation.core.visibility): a restriction saved or
        # deleted (with its page too), its groups changed, or a page moved (paths rewritten).
        for name, signal, sender in (
            ("save", post_save, PageViewRestriction),
            ("delete", post_delete, PageViewRestriction),
            ("groups", m2m_changed, PageViewRestriction.groups.through),
            ("move", post_page_move, None),
        ):
            signal.connect(
                forget_view_restrictions,
                sender=sender,
                dispatch_uid=f"participation_core.view_restrictions.{name}",
            )
