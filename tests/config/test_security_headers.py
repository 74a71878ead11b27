import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

pytestmark = pytest.mark.django_db


def test_public_pages_carry_a_content_security_policy(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "object-src 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_only_the_admin_allows_inline_scripts(admin_client):
    public = admin_client.get("/")["Content-Security-Policy"]
    admin = admin_client.get("/admin/pages/")["Content-Security-Policy"]
    assert "'unsafe-inline'" not in public.split("script-src")[1].split(";")[0]
    assert "'unsafe-inline'" in admin.split("script-src")[1].split(";")[0]


def test_documents_are_served_as_attachments_by_django(client):
    pdf = ContentFile(b"%PDF-1.4\n", name="f.pdf")
    document = Document.objects.create(title="财务公开", file=pdf)
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
