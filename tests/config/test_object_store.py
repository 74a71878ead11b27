"""Media in an S3-compatible object store (MEDIA_S3_BUCKET): every node reads and writes the same
bucket, nothing is stored under MEDIA_ROOT; without the variable nothing changes."""

import pytest
import wagtail_factories
from django.core.files.base import ContentFile
from wagtail.images.models import Image

from config.media import LOCAL, media_origin, media_storages
from tests.object_store import PUBLIC_URL, STORE_ENV, keys, object_store  # noqa: F401 -- fixture

pytestmark = pytest.mark.django_db


def test_without_a_bucket_every_file_stays_under_media_root(monkeypatch):
    monkeypatch.delenv("MEDIA_S3_BUCKET", raising=False)
    assert media_storages() == {"default": {"BACKEND": LOCAL}, "protected": {"BACKEND": LOCAL}}
    assert media_origin() == ""


def test_images_and_renditions_are_stored_in_the_bucket_at_its_public_address(
    object_store,  # noqa: F811 -- the fixture
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    image = wagtail_factories.ImageFactory()
    rendition = image.get_rendition("fill-40x30")
    assert rendition.url.startswith(f"{PUBLIC_URL}/images/")
    stored = keys(object_store)
    assert image.file.name in stored
    assert rendition.file.name in stored
    assert not any(tmp_path.iterdir())


def test_a_rendition_is_made_from_the_original_in_the_bucket(object_store):  # noqa: F811
    image = wagtail_factories.ImageFactory()
    image.renditions.all().delete()
    elsewhere = Image.objects.get(pk=image.pk)  # as another node loads it: no file held open
    assert elsewhere.get_rendition("width-20").width == 20
    assert len(keys(object_store)) == 2


def test_a_document_is_streamed_from_the_bucket_even_behind_nginx(
    client,
    object_store,  # noqa: F811 -- the fixture
    settings,
):
    settings.PROTECTED_MEDIA_ACCEL = True
    settings.SENDFILE_BACKEND = "django_sendfile.backends.nginx"
    document = wagtail_factories.DocumentFactory(
        file=ContentFile(b"minutes of the meeting\n", name="minutes.txt")
    )
    assert document.file.name in keys(object_store)
    response = client.get(document.url)
    assert response.status_code == 200
    assert "X-Accel-Redirect" not in response
    assert b"".join(response.streaming_content) == b"minutes of the meeting\n"


def test_public_images_from_another_origin_are_allowed_by_the_policy(monkeypatch):
    for name, value in STORE_ENV.items():
        monkeypatch.setenv(name, value)
    assert media_origin() == "https://media.example.org"
    monkeypatch.delenv("MEDIA_S3_PUBLIC_URL")
    monkeypatch.setenv("MEDIA_S3_ENDPOINT_URL", "http://127.0.0.1:9000")
    assert media_origin() == "http://127.0.0.1:9000"
    assert media_storages()["default"]["OPTIONS"]["addressing_style"] == "path"
