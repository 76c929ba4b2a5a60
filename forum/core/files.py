"""Stored files (attachments, photographs) sent only after the app has checked them."""

from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header


def send_file(storage, name, content_type, *, public, filename=None, as_attachment=False):
    """
    The stored file ``name``, sent with the type read from its bytes, no sniffing and a
    sandboxing policy, so that no upload can run or be shown as a page of this site; never
    cached unless ``public``. Behind nginx (ATTACHMENT_ACCEL_REDIRECT) the app only checks
    and nginx sends the bytes from an internal location. A file missing from the storage is
    a 404.
    """
    if settings.ATTACHMENT_ACCEL_REDIRECT:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = quote(
            settings.ATTACHMENT_ACCEL_REDIRECT.rstrip("/") + "/" + name
        )
        if filename:
            response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    else:
        try:
            opened = storage.open(name, "rb")
        except FileNotFoundError as error:
            raise Http404 from error
        response = FileResponse(
            opened, content_type=content_type, as_attachment=as_attachment, filename=filename or ""
        )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    if not public:
        add_never_cache_headers(response)
    return response
