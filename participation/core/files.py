"""Protected files: they leave the server only through a view that has checked permission.

They live in the ``protected`` storage (config/media.py). On the file system that is MEDIA_ROOT,
which the proxy never serves as a whole: behind nginx (``PROTECTED_MEDIA_ACCEL=1``) the view
answers with an ``X-Accel-Redirect`` to nginx's ``internal`` location ``SENDFILE_URL`` and nginx
sends the bytes; otherwise Django streams them. In an object store the view redirects to a URL
of the store signed for a short time (MEDIA_S3_SIGNED_SECONDS) that names the download.
"""

from django.conf import settings
from django.core.files.storage import storages
from django.http import FileResponse, HttpResponseRedirect
from django_sendfile import sendfile


def protected_storage():
    """The storage of protected files (a FileField's ``storage`` callable)."""
    return storages["protected"]


def protected_file_response(request, field_file, *, filename: str, content_type: str):
    """A download of ``field_file`` named ``filename``, for a request already allowed to have it."""
    if not _is_local(field_file.storage):
        return _signed_redirect(field_file, filename=filename, content_type=content_type)
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


def _is_local(storage) -> bool:
    try:
        storage.path("")
    except NotImplementedError:
        return False
    return True


def _signed_redirect(field_file, *, filename: str, content_type: str):
    parameters = {
        "ResponseContentDisposition": f'attachment; filename="{filename}"',
        "ResponseContentType": content_type,
        "ResponseCacheControl": "private, no-store",
    }
    response = HttpResponseRedirect(field_file.storage.url(field_file.name, parameters=parameters))
    response["Cache-Control"] = "private, no-store"
    return response
