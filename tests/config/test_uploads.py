"""Uploads are validated by content: broken images get a form error, GPS is removed, and only
real PDF, Word, Excel and text documents are accepted."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

pytestmark = pytest.mark.django_db

# The 39-byte GIF that crashes Wagtail 8.0.1's image field (PIL.UnidentifiedImageError).
BROKEN_GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00"
    b"!\xf9\x04\x00\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02"
)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def _jpeg(gps=False, size=(64, 48)):
    image = Image.new("RGB", size, "#b3261e")
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Camera"
    if gps:
        exif[ExifTags.IFD.GPSInfo] = {1: "N", 2: (28.0, 12.0, 0.0), 3: "E", 4: (112.0, 58.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=90)
    return out.getvalue()


def _upload_image(client, name, content):
    return client.post(
        reverse("wagtailimages:add"),
        {"title": "照片", "file": SimpleUploadedFile(name, content, "image/jpeg")},
    )


def test_wagtails_own_image_field_crashes_on_the_broken_gif():
    """The bug worked around here; when this fails, Wagtail has fixed it upstream."""
    from django.core.exceptions import ValidationError
    from wagtail.images.fields import WagtailImageField

    with pytest.raises(Exception) as error:  # noqa: PT011 -- any uncaught error is the bug
        WagtailImageField().clean(SimpleUploadedFile("broken.gif", BROKEN_GIF, "image/gif"))
    assert not isinstance(error.value, ValidationError)


def test_the_39_byte_broken_gif_gets_a_form_error_not_a_500(admin_client):
    assert len(BROKEN_GIF) == 39
    response = _upload_image(admin_client, "broken.gif", BROKEN_GIF)
    assert response.status_code == 200
    assert "不是一个完整的图片文件" in response.text
    assert not get_image_model().objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [("truncated.jpg", _jpeg(size=(400, 300))[:400]), ("notes.png", b"just some text")],
)
def test_truncated_or_non_images_get_a_form_error(admin_client, name, content):
    response = _upload_image(admin_client, name, content)
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not get_image_model().objects.exists()


def test_uploaded_photos_lose_their_gps_location_and_keep_other_exif(admin_client):
    assert ExifTags.IFD.GPSInfo in Image.open(io.BytesIO(_jpeg(gps=True))).getexif()
    response = _upload_image(admin_client, "photo.jpg", _jpeg(gps=True))
    assert response.status_code == 302
    image = get_image_model().objects.get()
    with image.file.open() as stored, Image.open(stored) as photo:
        exif = photo.getexif()
        assert ExifTags.IFD.GPSInfo not in exif
        assert exif[ExifTags.Base.Make] == "Camera"
    assert (image.width, image.height) == (64, 48)


def test_broken_gif_in_the_multiple_uploader_gets_an_error(admin_client):
    response = admin_client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile("broken.gif", BROKEN_GIF, "image/gif")},
    )
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert not get_image_model().objects.exists()


def _upload_document(client, name, content):
    return client.post(
        reverse("wagtaildocs:add"),
        {"title": "附件", "file": SimpleUploadedFile(name, content)},
    )


def _docx():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.exe", b"MZ\x90\x00\x03"),
        ("page.html", b"<html><script>alert(1)</script></html>"),
        ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        ("report.pdf", b"<html><body>not a pdf</body></html>"),
        ("report.docx", b"PK\x03\x04 not really a zip"),
        ("table.xls", b"%PDF-1.4 a pdf pretending"),
        ("notes.txt", b"<!DOCTYPE html><html></html>"),
    ],
)
def test_disallowed_or_disguised_documents_are_refused(admin_client, name, content):
    response = _upload_document(admin_client, name, content)
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not get_document_model().objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"),
        ("minutes.docx", _docx()),
        ("figures.csv", "项目,金额\n照明,38600\n".encode()),
    ],
)
def test_real_documents_are_accepted(admin_client, name, content):
    response = _upload_document(admin_client, name, content)
    assert response.status_code == 302
    assert get_document_model().objects.count() == 1


def test_behind_nginx_documents_are_handed_over_by_wagtails_serve_view(client, settings):
    from wagtail.utils.sendfile import _get_sendfile

    settings.SENDFILE_BACKEND = "django_sendfile.backends.nginx"
    _get_sendfile.clear()  # Wagtail keeps the backend it loaded first
    document = get_document_model().objects.create(
        title="公示", file=SimpleUploadedFile("notice.pdf", b"%PDF-1.4\n%%EOF\n")
    )
    try:
        response = client.get(document.url)
    finally:
        _get_sendfile.clear()
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_protected/{document.file.name}"
    assert response["Content-Disposition"].startswith("attachment")
