"""In an object store an opinion's attachment is private: after the permission check its author
gets a redirect to a download URL signed for a minute, anyone else nothing."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from participation.hearings.models import Opinion
from participation.residents.factories import VerifiedResidentFactory
from tests.object_store import keys, object_store  # noqa: F401 -- the fixture

from .test_opinions import PDF, submit

pytestmark = pytest.mark.django_db


def test_the_attachment_leaves_the_bucket_as_a_short_signed_download(
    client,
    hearing,
    resident,
    media_root,
    object_store,  # noqa: F811 -- the fixture
):
    submit(client, resident, hearing, SimpleUploadedFile("a.pdf", PDF))
    opinion = Opinion.objects.get()
    assert keys(object_store) == [f"protected/{opinion.attachment.name}"]
    assert not media_root.exists() or not any(media_root.rglob("*.*"))

    response = client.get(reverse("participation_hearings:attachment", args=[opinion.pk]))
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    target = urlsplit(response["Location"])
    query = parse_qs(target.query)
    assert target.path.endswith(f"/protected/{opinion.attachment.name}")
    assert query["X-Amz-Expires"] == ["60"]
    assert query["response-content-disposition"] == [
        f'attachment; filename="opinion-{opinion.pk}.pdf"'
    ]
    assert query["response-content-type"] == ["application/pdf"]

    client.force_login(VerifiedResidentFactory())
    refused = client.get(reverse("participation_hearings:attachment", args=[opinion.pk]))
    assert refused.status_code == 403
    assert "Location" not in refused
