"""The one check of an uploaded image, wherever images are accepted (the image library, hearing
attachments): its size is read from the header first, so a decompression bomb is refused
without being decompressed, then every pixel is decoded. ``Image.verify()`` is not enough: it
does not decode GIF data, so a GIF cut after its header (39 bytes) passes it."""

import warnings
from io import BytesIO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image

BROKEN_IMAGE = _("这不是一个完整的图片文件（文件可能已损坏或被截断），请换一个文件上传。")
DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError)
TOO_MANY_PIXELS = _("图片像素过多，请缩小后再上传。")


def decode_image(content: bytes, max_pixels: int) -> str:
    """The Pillow format of the image in ``content``, decoded in full; a ValidationError in the
    user's language when it is broken or has more than ``max_pixels`` pixels."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(content)) as image:
                _check_pixels(*image.size, max_pixels)
                image.load()
                return image.format
    except ValidationError:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
        raise ValidationError(
            _("图片像素过多，请缩小后再上传。"), code="too_many_pixels"
        ) from error
    except DECODE_ERRORS as error:
        raise ValidationError(BROKEN_IMAGE, code="broken_image") from error


def _check_pixels(width, height, max_pixels):
    if width * height > max_pixels:
        raise ValidationError(
            _("图片像素过多（%(width)s×%(height)s），请缩小后再上传。"),
            code="too_many_pixels",
            params={"width": width, "height": height},
        )
