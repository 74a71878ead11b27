"""Every admin list, inspect view and form renders with the production static storage.

Production serves static files through ``ManifestStaticFilesStorage``, which refuses any file
that ``collectstatic`` did not collect (Django admin's own icons, for one: django.contrib.admin
is not installed). The other settings use plain storage, so only a test that collects the files
and switches the storage sees such a 500.
"""

import pytest
from django.core.management import call_command
from django.test import override_settings

from participation.residents.factories import UserFactory
from tests.core.admin_records import admin_model_views, admin_urls, one_record_of_each

MANIFEST = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"


def _storages(settings):
    return {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST}}


@pytest.fixture(scope="module")
def collected_static(tmp_path_factory):
    from django.conf import settings

    root = tmp_path_factory.mktemp("static")
    with override_settings(STATIC_ROOT=root, STORAGES=_storages(settings)):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


@pytest.fixture
def production_static(settings, collected_static):
    settings.STATIC_ROOT = collected_static
    settings.STORAGES = _storages(settings)


@pytest.mark.django_db
def test_every_admin_view_renders_with_the_manifest_storage(client, home_page, production_static):
    staff = UserFactory(is_staff=True, is_superuser=True)
    one_record_of_each(home_page, staff)
    views = admin_model_views()
    models = {model for _name, model, _pk in views}
    assert len(models) >= 15, models
    missing = [m.__name__ for m in models if not m._default_manager.exists()]
    assert not missing, f"one_record_of_each makes no {missing}"
    client.force_login(staff)
    failures = []
    for url in admin_urls(views):
        try:
            status = client.get(url).status_code
        except Exception as error:  # noqa: BLE001 -- every failing view is reported, not the first
            failures.append(f"{url}: {error!r}")
        else:
            if status >= 500:
                failures.append(f"{url}: {status}")
    assert not failures, "\n".join(failures)
