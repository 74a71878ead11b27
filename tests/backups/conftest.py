import pytest
from django.db import DEFAULT_DB_ALIAS, connections

from backups import archive


@pytest.fixture
def key():
    return archive.new_key()


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def target_connection(**changes):
    """A second connection of the same backend as the test database, to a restore target."""
    default = connections[DEFAULT_DB_ALIAS]
    return default.__class__({**default.settings_dict, **changes}, alias="restore_target")
