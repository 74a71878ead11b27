"""Upload validation for images and documents, by content and not only by file name.

Wagtail 8.0.1's image field opens uploads lazily: a file that starts like a GIF but is broken
(39 bytes are enough) passes its first check and then raises PIL.UnidentifiedImageError from the
pixel-size check, a 500. Here every image is decoded in full before it is accepted (the core's
``decode_image``, the one image check), and EXIF location data (GPS) is removed from photos
before they are stored, because the original file is served to the public.
"""

import zipfile
from io import BytesIO

import willow
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import ExifTags, Image
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from participation.core.images import BROKEN_IMAGE, decode_image


class SafeImageField(WagtailImageField):
    """Wagtail's image field, plus a full decode and the removal of GPS data."""

    def to_python(self, data):
        try:
            f = super().to_python(data)
        except ValidationError:
            raise
        except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError) as exc:
            raise ValidationError(BROKEN_IMAGE, code="broken_image") from exc
        if f is None:
            return None
        content = _read(f)
        decode_image(content, self.max_image_pixels)
        return without_location(f, content)


def _read(f) -> bytes:
    f.seek(0)
    content = f.read()
    f.seek(0)
    return content


def without_location(f, content: bytes):
    """The upload without its EXIF GPS block; the same upload when it has none."""
    with Image.open(BytesIO(content)) as image:
        exif = image.getexif()
        if ExifTags.IFD.GPSInfo not in exif:
            return f
        del exif[ExifTags.IFD.GPSInfo]
        options = {"exif": exif.tobytes()}
        if image.format == "JPEG":
            options["quality"] = "keep"  # re-use the original quantisation: no visible loss
        if image.info.get("icc_profile"):
            options["icc_profile"] = image.info["icc_profile"]
        out = BytesIO()
        image.save(out, format=image.format, **options)
    cleaned = SimpleUploadedFile(f.name, out.getvalue(), content_type=f.content_type)
    cleaned.image = willow.Image.open(BytesIO(out.getvalue()))
    cleaned.content_type = f.content_type
    return cleaned


class ImageForm(BaseImageForm):
    """WAGTAILIMAGES_IMAGE_FORM_BASE: the admin's image form with SafeImageField."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None and not isinstance(field, SafeImageField):
            self.fields["file"] = SafeImageField(
                label=field.label,
                required=field.required,
                help_text=field.help_text,
                widget=field.widget,
            )


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OOXML_PARTS = {"docx": "word/", "xlsx": "xl/"}
MARKUP = (b"<!doctype", b"<html", b"<script", b"<svg", b"<?xml", b"<body", b"<iframe")


def document_content_is(extension: str, content: bytes) -> bool:
    """Whether ``content`` really is a file of ``extension`` (one of WAGTAILDOCS_EXTENSIONS)."""
    if extension == "pdf":
        return content.startswith(b"%PDF-")
    if extension in ("doc", "xls"):
        return content.startswith(OLE2)
    if extension in OOXML_PARTS:
        return _is_ooxml(content, OOXML_PARTS[extension])
    if extension in ("txt", "csv"):
        return _is_plain_text(content)
    return False


def _is_ooxml(content: bytes, part: str) -> bool:
    try:
        with zipfile.ZipFile(BytesIO(content)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, ValueError):
        return False
    return "[Content_Types].xml" in names and any(name.startswith(part) for name in names)


def _is_plain_text(content: bytes) -> bool:
    if b"\x00" in content:
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return False
    head = text[:1024].lstrip().lower().encode()
    return not head.startswith(MARKUP)


class DocumentForm(BaseDocumentForm):
    """WAGTAILDOCS_DOCUMENT_FORM_BASE: refuses files whose content does not match their type."""

    def clean_file(self):
        f = self.cleaned_data.get("file")
        if not f or not hasattr(f, "read") or "file" not in self.changed_data:
            return f
        extension = f.name.rsplit(".", 1)[-1].lower() if "." in f.name else ""
        if not document_content_is(extension, _read(f)):
            raise forms.ValidationError(
                _("文件内容与扩展名“%(extension)s”不符；只能上传 PDF、Word、Excel 和纯文本文件。"),
                code="invalid_document",
                params={"extension": extension},
            )
        return f
