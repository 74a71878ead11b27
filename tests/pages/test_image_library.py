"""The roles that write pages see and choose the demo's images and documents in the library."""

import pytest
from django.urls import reverse

from pages import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def picture():
    return factories.ImageFactory(title="楼道绿化照片")


@pytest.mark.parametrize("role", ["editor", "reviewer"])
def test_writers_see_the_images_in_the_library_and_the_chooser(request, client, picture, role):
    client.force_login(request.getfixturevalue(role))
    library = client.get(reverse("wagtailimages:index"))
    chooser = client.get(reverse("wagtailimages_chooser:choose"))
    assert "楼道绿化照片" in library.text
    assert "楼道绿化照片" in chooser.json()["html"]


def test_the_migration_moves_stray_collections_into_the_root(picture):
    from importlib import import_module

    from django.apps import apps
    from wagtail.models import Collection

    stray = Collection.add_root(name="Test collection")
    picture.collection = stray
    picture.save()
    migration = import_module("pages.migrations.0003_images_in_the_root_collection")
    migration.forwards(apps, None)
    picture.refresh_from_db()
    assert picture.collection == Collection.get_first_root_node()
    assert not Collection.objects.filter(pk=stray.pk).exists()
