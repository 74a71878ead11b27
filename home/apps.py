from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    label = "home"
    verbose_name = _("首页")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        """The project package (config) is no app: home, the site's root, connects the page
        cache's receivers."""
        from config.middleware import invalidate_on_content_change
        from pages.site_data import connect_receivers

        connect_receivers()

        post_save.connect(invalidate_on_content_change, dispatch_uid="page-cache-save")
        post_delete.connect(invalidate_on_content_change, dispatch_uid="page-cache-delete")
