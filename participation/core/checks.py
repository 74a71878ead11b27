"""System checks: what production needs configured, and modules on pages that lack what
their plugin reads from its page."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.checks import Error, Tags, register
from django.db import connections
from wagtail.models import Page

from participation.core.models import Module
from participation.core.pages import implements
from plugins.registry import participation_plugins


@register()
def public_root_is_configured(app_configs, **kwargs):
    """Links in e-mails, calendars, the sitemap and printed notices are built from
    WAGTAILADMIN_BASE_URL: without it, residents would get links to the server itself."""
    if settings.DEBUG:
        return []
    root = getattr(settings, "WAGTAILADMIN_BASE_URL", "")
    parts = urlsplit(root)
    if parts.scheme in ("http", "https") and parts.hostname:
        return []
    return [
        Error(
            "WAGTAILADMIN_BASE_URL is not set to the site's public address.",
            hint="Set the WAGTAILADMIN_BASE_URL environment variable, e.g. "
            "https://liubeiqiao.example: links in e-mails, calendars, the sitemap and printed "
            "pages start from it.",
            id="participation_core.E001",
        )
    ]


@register(Tags.database)
def modules_on_pages_with_their_contract(app_configs, databases=None, **kwargs):
    """Modules on a page whose type lacks the contract their plugin needs (``page_contract``).

    Needs the database, so it runs with ``manage.py check --database default`` (and before
    ``migrate``, when it says nothing until the tables exist). A module renders only on the
    page it belongs to, so that page is the one that must implement the contract.
    """
    errors = []
    for alias in databases or ():
        if _tables_exist(alias):
            for plugin in participation_plugins():
                errors += _modules_off_contract(alias, plugin)
    return errors


def _tables_exist(alias) -> bool:
    needed = {Module._meta.db_table, Page._meta.db_table, ContentType._meta.db_table}
    return needed <= set(connections[alias].introspection.table_names())


def _modules_off_contract(alias, plugin) -> list[Error]:
    contract = plugin.page_contract
    if contract is None:
        return []
    rows = (
        Module.objects.using(alias)
        .filter(kind=plugin.kind)
        .values_list("pk", "title", "page_id", "page__title", "page__content_type_id")
        .order_by("pk")
    )
    contract_name = f"{contract.__module__}.{contract.__qualname__}"
    return [
        Error(
            f"{plugin.label} module {pk} ({title!r}) is on page {page_id} ({page_title!r}), "
            f"whose type does not implement {contract_name}.",
            hint=f"Move the module to a page whose type inherits {contract.__qualname__}, "
            f"or delete it; until then the plugin reads nothing from its page.",
            obj=Module,
            id="participation_core.E002",
        )
        for pk, title, page_id, page_title, content_type_id in rows
        if not implements(_page_class(alias, content_type_id), contract)
    ]


def _page_class(alias, content_type_id):
    return ContentType.objects.db_manager(alias).get_for_id(content_type_id).model_class()
