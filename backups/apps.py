from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupsConfig(AppConfig):
    """Backup and restore of the whole installation (``manage.py backup`` / ``restore``).

    An operational app on top of the others: it reads every app's migrations and asks every
    plugin to prepare (``PluginConfig.prepare_backup``); nothing imports it.
    """

    name = "backups"
    label = "backups"
    verbose_name = _("备份")
