"""Behind nginx a protected file leaves as an empty response with X-Accel-Redirect; it must not
announce the file's length, or granian drops the connection (the body it gets is empty) and nginx
answers 502 (found by the production stack, tests/stack/test_files.py)."""

import pytest
import wagtail_factories
from django.core.files.base import ContentFile

pytestmark = pytest.mark.django_db


@pytest.fixture
def behind_nginx(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PROTECTED_MEDIA_ACCEL = True
    settings.SENDFILE_ROOT = str(tmp_path)
    settings.SENDFILE_BACKEND = "django_sendfile.backends.nginx"


def test_a_document_is_handed_to_nginx_without_a_length(client, behind_nginx):
    document = wagtail_factories.DocumentFactory(
        file=ContentFile(b"minutes of the meeting\n", name="minutes.txt")
    )
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"].startswith("/_protected/")
    assert response.content == b""
    assert response.get("Content-Length", "0") == "0"
