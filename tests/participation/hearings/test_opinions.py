"""Written opinions: handing in, the attachment checked by content, withdrawing, the deadline."""

import io
import struct
import zlib
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from participation.hearings.models import Opinion
from participation.residents.factories import VerifiedResidentFactory

from .conftest import make_hearing

pytestmark = pytest.mark.django_db
TEXT = "建议在东门增设临时停车位，并错峰开放地面车位。"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def png_bytes(size=(8, 8)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, "PNG")
    return buffer.getvalue()


def png_header_only(width, height):
    """A tiny PNG that claims a huge canvas: a decompression bomb's shape."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


# A GIF cut after its first image descriptor: Pillow's verify() passes it (it does not decode GIF).
BROKEN_GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00"
    b"!\xf9\x04\x00\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02"
)
BROKEN_IMAGE = "这不是一个完整的图片文件（文件可能已损坏或被截断），请换一个文件上传。"


def submit(client, user, hearing, attachment=None, **extra):
    client.force_login(user)
    data = {"text": TEXT, **extra}
    if attachment is not None:
        data["attachment"] = attachment
    return client.post(reverse("participation_hearings:submit_opinion", args=[hearing.pk]), data)


def test_resident_hands_in_an_opinion_with_a_pdf(client, hearing, resident):
    upload = SimpleUploadedFile("意见.pdf", PDF, content_type="application/pdf")
    response = submit(client, resident, hearing, upload, show_name="on")
    assert response.status_code == 302
    opinion = Opinion.objects.get()
    assert (opinion.author, opinion.text, opinion.show_name) == (resident, TEXT, True)
    assert opinion.attachment.name.endswith(".pdf")
    assert "意见" not in opinion.attachment.name  # the uploaded name is never used
    assert not opinion.is_published


def test_an_image_attachment_is_accepted(client, hearing, resident):
    upload = SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png")
    assert submit(client, resident, hearing, upload).status_code == 302
    assert Opinion.objects.get().attachment.name.endswith(".png")


def test_the_stored_file_takes_the_extension_of_its_content(client, hearing, resident):
    upload = SimpleUploadedFile("x.html", png_bytes(), content_type="text/html")
    assert submit(client, resident, hearing, upload).status_code == 302
    opinion = Opinion.objects.get()
    assert opinion.attachment.name.endswith(".png"), opinion.attachment.name
    response = client.get(reverse("participation_hearings:attachment", args=[opinion.pk]))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].endswith(f'filename="opinion-{opinion.pk}.png"')


def test_a_broken_image_is_refused_in_english_too(client, hearing, resident):
    from django.utils import translation

    upload = SimpleUploadedFile("cut.gif", BROKEN_GIF, content_type="image/gif")
    with translation.override("en"):
        response = submit(client, resident, hearing, upload)
    assert response.status_code == 200
    assert "not a complete image" in response.text
    assert not Opinion.objects.exists()


BAD_ATTACHMENTS = {
    "executable renamed .pdf": (
        "plan.pdf",
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200,
        "附件只能是 PDF 文件或图片（JPEG、PNG、GIF、WebP）。",
    ),
    "ELF renamed .png": ("x.png", b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "附件只能是"),
    "svg": (
        "map.svg",
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "附件只能是",
    ),
    "svg renamed .png": (
        "map.png",
        b'<svg xmlns="http://www.w3.org/2000/svg"></svg>',
        "附件只能是",
    ),
    "html renamed .pdf": ("a.pdf", b"<html><script>alert(1)</script></html>", "附件只能是"),
    "decompression bomb": ("bomb.png", png_header_only(30000, 30000), "图片像素过多"),
    "over the pixel limit": ("big.png", png_header_only(7000, 7000), "图片像素过多"),
    "truncated image": ("cut.png", png_bytes((64, 64))[:60], BROKEN_IMAGE),
    "39-byte GIF, header only": ("cut.gif", BROKEN_GIF, BROKEN_IMAGE),
    "truncated pdf": ("cut.pdf", b"%PDF-1.4\n1 0 obj <<", "PDF 文件不完整或已损坏。"),
    "empty file": ("empty.pdf", b"", "所提交的是空文件。"),
}


@pytest.mark.parametrize(
    ("name", "content", "message"), BAD_ATTACHMENTS.values(), ids=BAD_ATTACHMENTS
)
def test_bad_attachments_are_refused_and_nothing_is_lost(
    client, hearing, resident, name, content, message, settings
):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = submit(client, resident, hearing, upload)
    assert response.status_code == 200
    assert message in response.text
    assert TEXT in response.text  # the text comes back in the form
    assert not Opinion.objects.exists()
    assert not any(settings.MEDIA_ROOT.rglob("*.*"))


def test_attachment_over_the_size_limit_is_refused(client, hearing, resident, settings):
    settings.HEARINGS_MAX_ATTACHMENT_BYTES = 1024
    upload = SimpleUploadedFile("big.pdf", PDF + b"0" * 2000, content_type="application/pdf")
    response = submit(client, resident, hearing, upload)
    assert "附件不能超过 1.0\xa0KB。" in response.text
    assert not Opinion.objects.exists()


def test_default_size_limit_is_five_megabytes(client, hearing, resident):
    content = b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024) + b"\n%%EOF\n"
    response = submit(client, resident, hearing, SimpleUploadedFile("big.pdf", content))
    assert "附件不能超过 5.0\xa0MB。" in response.text
    assert not Opinion.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "请填写意见内容。"),
        ("   ", "意见内容太短：至少 5 个字（不计空白）。"),
        ("好", "意见内容太短：至少 5 个字（不计空白）。"),
        ("好\u200b\u200b\u200b\u200b\u200b", "意见内容太短：至少 5 个字（不计空白）。"),
        ("x" * 5001, "意见内容太长：最多 5000 个字。"),
        ("建议公开\x00收支明细", "意见内容包含无效字符。"),
    ],
)
def test_bad_text_is_refused(client, hearing, resident, text, message):
    client.force_login(resident)
    url = reverse("participation_hearings:submit_opinion", args=[hearing.pk])
    response = client.post(url, {"text": text})
    assert message in response.text
    assert not Opinion.objects.exists()


def test_invisible_format_characters_are_removed(client, hearing, resident):
    client.force_login(resident)
    url = reverse("participation_hearings:submit_opinion", args=[hearing.pk])
    client.post(url, {"text": "建议\u202e公开停车\u200b收支明细"})
    assert Opinion.objects.get().text == "建议公开停车收支明细"


def test_opinion_after_the_deadline_is_refused(client, notice_page, resident):
    hearing = make_hearing(notice_page, opinion_deadline=timezone.now() - timedelta(minutes=1))
    response = submit(client, resident, hearing)
    assert "书面意见的提交已经截止。" in response.text
    assert TEXT in response.text
    assert not Opinion.objects.exists()
    assert "书面意见的提交已经截止。" in client.get(hearing.page.url).text


def test_unverified_account_cannot_hand_in(client, hearing, unverified):
    response = submit(client, unverified, hearing)
    assert "只有已认证的居民可以提交书面意见。" in response.text
    assert not Opinion.objects.exists()


def test_withdraw_before_the_deadline(client, hearing, resident):
    submit(client, resident, hearing)
    opinion = Opinion.objects.get()
    url = reverse("participation_hearings:withdraw_opinion", args=[opinion.pk])
    assert client.post(url).status_code == 302
    opinion.refresh_from_db()
    assert opinion.status == Opinion.Status.WITHDRAWN
    response = client.post(url, follow=True)
    assert "这条意见已经撤回了。" in response.text


def test_withdraw_after_the_deadline_is_refused(client, hearing, resident):
    submit(client, resident, hearing)
    opinion = Opinion.objects.get()
    hearing.opinion_deadline = timezone.now() - timedelta(seconds=1)
    hearing.save()
    url = reverse("participation_hearings:withdraw_opinion", args=[opinion.pk])
    response = client.post(url, follow=True)
    assert "已过书面意见截止时间，不能再撤回。" in response.text
    opinion.refresh_from_db()
    assert opinion.status == Opinion.Status.SUBMITTED


def test_nobody_withdraws_someone_elses_opinion(client, hearing, resident):
    submit(client, resident, hearing)
    opinion = Opinion.objects.get()
    client.force_login(VerifiedResidentFactory())
    url = reverse("participation_hearings:withdraw_opinion", args=[opinion.pk])
    assert client.post(url).status_code == 404
    opinion.refresh_from_db()
    assert opinion.status == Opinion.Status.SUBMITTED


def test_attachment_is_served_to_author_and_staff_only(client, hearing, resident, staff):
    submit(client, resident, hearing, SimpleUploadedFile("a.pdf", PDF))
    opinion = Opinion.objects.get()
    url = reverse("participation_hearings:attachment", args=[opinion.pk])
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF
    client.force_login(VerifiedResidentFactory())
    assert client.get(url).status_code == 403
    client.force_login(staff)
    assert client.get(url).status_code == 200


def test_behind_nginx_the_attachment_is_handed_over_only_after_the_check(
    client, hearing, resident, settings
):
    settings.PROTECTED_MEDIA_ACCEL = True
    settings.SENDFILE_ROOT = str(settings.MEDIA_ROOT)
    settings.SENDFILE_BACKEND = "django_sendfile.backends.nginx"
    submit(client, resident, hearing, SimpleUploadedFile("a.pdf", PDF))
    opinion = Opinion.objects.get()
    url = reverse("participation_hearings:attachment", args=[opinion.pk])
    response = client.get(url)
    assert response["X-Accel-Redirect"] == f"/_protected/{opinion.attachment.name}"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="opinion-{opinion.pk}.pdf"'
    assert response.content == b""  # nginx sends the bytes from its internal location
    assert "Content-Length" not in response  # granian drops a reply shorter than announced
    client.force_login(VerifiedResidentFactory())
    refused = client.get(url)
    assert refused.status_code == 403
    assert "X-Accel-Redirect" not in refused


def test_my_opinion_is_listed_on_the_page_with_a_withdraw_button(client, hearing, resident):
    submit(client, resident, hearing)
    text = client.get(hearing.page.url).text
    assert TEXT in text
    assert "撤回" in text
