from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    label = "pages"
    verbose_name = _("内容页面")
    default_auto_field = "django.db.models.BigAutoField"
