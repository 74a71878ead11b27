from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    label = "pages"
    verbose_name = _("内容页面")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_save
        from wagtail.signals import page_published

        from pages.models import ShowcaseIndexPage
        from pages.notifying import announce_new_item, announce_outcome
        from pages.signals import open_showcase_section_to_volunteers

        page_published.connect(announce_new_item, dispatch_uid="pages.announce_new_item")
        page_published.connect(announce_outcome, dispatch_uid="pages.announce_outcome")

        post_save.connect(
            open_showcase_section_to_volunteers,
            sender=ShowcaseIndexPage,
            dispatch_uid="pages.showcase_section_volunteers",
        )
