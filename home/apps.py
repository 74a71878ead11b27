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
        cache's receivers (config/page_purge.py)."""
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from config import page_purge
        from pages.site_data import connect_receivers

        connect_receivers()

        post_save.connect(page_purge.record_changed, dispatch_uid="page-purge-save")
        post_delete.connect(page_purge.record_changed, dispatch_uid="page-purge-delete")
        page_published.connect(page_purge.page_changed, dispatch_uid="page-purge-publish")
        page_unpublished.connect(page_purge.page_changed, dispatch_uid="page-purge-unpublish")
        post_page_move.connect(page_purge.page_moved, dispatch_uid="page-purge-move")
