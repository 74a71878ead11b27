from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class PluginsConfig(AppConfig):
    name = "plugins"
    label = "plugins"
    verbose_name = _("插件")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from plugins.checks import plugins_provide_their_hooks

        checks.register(plugins_provide_their_hooks)
