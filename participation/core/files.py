"""Protected files: they leave the server only through a view that has checked permission.

They live under MEDIA_ROOT, which the proxy never serves as a whole. Behind nginx
(``PROTECTED_MEDIA_ACCEL=1``) the view answers with an ``X-Accel-Redirect`` to nginx's
``internal`` location ``SENDFILE_URL`` and nginx sends the bytes; otherwise Django streams them.
"""

from django.conf import settings
from django.http import FileResponse
from django_sendfile import sendfile


def protected_file_response(request, field_file, *, filename: str, content_type: str):
    """A download of ``field_file`` named ``filename``, for a request already allowed to have it."""
    if settings.PROTECTED_MEDIA_ACCEL:
        return sendfile(
            request,
            field_file.path,
            attachment=True,
            attachment_filename=filename,
            mimetype=content_type,
        )
    return FileResponse(
        field_file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
