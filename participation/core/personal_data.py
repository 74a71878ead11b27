"""A resident's own data across the site: the complete download and the account's deletion.

Residents keeps the account; every plugin keeps its part and answers for it through its
``personal_data`` and ``erase_personal_data`` hooks. Installed plugins count even when switched
off on a site: what they keep is still the person's data.
"""

import json
import posixpath
import shutil
import zipfile
from tempfile import SpooledTemporaryFile

from django.db import transaction

from participation.core.access_log import resident_summary
from participation.residents import services as residents
from plugins.registry import installed_plugins

IN_MEMORY_UP_TO = 10 * 1024 * 1024  # larger archives (many attachments) spill to a temporary file


def _entry_name(label: str, name: str) -> str:
    """``<label>/<name>``, never outside the plugin's folder (no absolute path, no ``..``)."""
    parts = [part for part in posixpath.normpath(name).split("/") if part not in ("", ".", "..")]
    return posixpath.join(label, *parts) if parts else posixpath.join(label, "file")


def personal_data_archive(user):
    """A zip of everything the site keeps about ``user``: ``data.json`` (residents' part, how
    often staff looked at their data per month and role under ``access_log``, then each
    plugin's records under its label) and each plugin's files under ``<label>/``.

    Returns an open temporary file positioned at its start.
    """
    data = residents.account_data(user)
    data["access_log"] = resident_summary(user)
    archive = SpooledTemporaryFile(max_size=IN_MEMORY_UP_TO)  # noqa: SIM115 -- the response closes it
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for plugin in installed_plugins():
            part = plugin.personal_data(user)
            if part is None:
                continue
            data[plugin.label] = part.records
            for personal_file in part.files:
                with (
                    personal_file.file.open("rb") as source,
                    zipped.open(_entry_name(plugin.label, personal_file.name), "w") as target,
                ):
                    shutil.copyfileobj(source, target)
        zipped.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2, default=str))
    archive.seek(0)
    return archive


@transaction.atomic
def delete_account(user) -> None:
    """Every plugin erases its part, then residents deletes the account, in one transaction:
    if any step fails, nothing is forgotten and the account stays. The account's links in the
    access log go with it (``access_log.forget_resident``, on the user's ``post_delete``)."""
    for plugin in installed_plugins():
        plugin.erase_personal_data(user)
    residents.delete_account(user)
