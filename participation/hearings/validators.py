"""Checking an opinion's attachment by its content: a PDF or an image, never anything else.

The uploaded file name and the browser's content type are ignored: an executable renamed
``.pdf`` starts with ``MZ`` or ``\\x7fELF``, an SVG with ``<``, and neither matches a signature
below. Images go through the core's ``decode_image`` (size from the header first, then every
pixel decoded). The stored file takes the extension of the detected type (``attachment_path``).
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from participation.core.images import decode_image

MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000

# (signature at offset 0, extension, Pillow format or None for PDF)
SIGNATURES = [
    (b"%PDF-", "pdf", None),
    (b"\x89PNG\r\n\x1a\n", "png", "PNG"),
    (b"\xff\xd8\xff", "jpg", "JPEG"),
    (b"GIF87a", "gif", "GIF"),
    (b"GIF89a", "gif", "GIF"),
]
UNSUPPORTED = _("附件只能是 PDF 文件或图片（JPEG、PNG、GIF、WebP）。")


@dataclass(frozen=True)
class DetectedType:
    extension: str
    image_format: str | None


def max_attachment_bytes() -> int:
    return getattr(settings, "HEARINGS_MAX_ATTACHMENT_BYTES", MAX_ATTACHMENT_BYTES)


def max_image_pixels() -> int:
    return getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", MAX_IMAGE_PIXELS)


def detect_type(head: bytes) -> DetectedType | None:
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return DetectedType("webp", "WEBP")
    for signature, extension, image_format in SIGNATURES:
        if head.startswith(signature):
            return DetectedType(extension, image_format)
    return None


def validate_attachment(upload) -> DetectedType:
    """The detected type of ``upload``, or a ValidationError in the resident's language."""
    limit = max_attachment_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("附件不能超过 %(limit)s。"), code="too_large", params={"limit": filesizeformat(limit)}
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    detected = detect_type(head)
    if detected is None:
        raise ValidationError(UNSUPPORTED, code="unsupported_type")
    if detected.image_format:
        _check_image(upload, detected.image_format)
    else:
        _check_pdf(upload)
    upload.seek(0)
    return detected


def _check_pdf(upload):
    upload.seek(max(0, upload.size - 1024))
    tail = upload.read()
    if b"%%EOF" not in tail:
        raise ValidationError(_("PDF 文件不完整或已损坏。"), code="broken_pdf")


def _check_image(upload, expected_format):
    upload.seek(0)
    if decode_image(upload.read(), max_image_pixels()) != expected_format:
        raise ValidationError(UNSUPPORTED, code="unsupported_type")
