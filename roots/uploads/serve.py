"""The one way a stored upload reaches a browser.

User files are never linked at `/media/` on the site's origin: each is answered by a view that
has checked who may see it, with a Content-Type taken from the extension the server gave it (an
old file with any other extension goes out as an opaque download), a Content-Disposition, and
`nosniff`. Every response carries a Content-Security-Policy that sandboxes it and allows nothing
to load, so even a file that a browser did render as a page could run no script on the site."""

import logging
from pathlib import PurePath

from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "webp": "image/webp",
    "gif": "image/gif",
}
SHOWN_INLINE = {"png", "jpg", "jpeg", "webp", "gif"}
logger = logging.getLogger(__name__)
SANDBOX_CSP = "default-src 'none'; img-src 'self'; sandbox"


def upload_response(field_file, *, filename: str, private: bool) -> FileResponse:
    """Answer with the stored file: images shown inline, anything else downloaded as
    `filename` plus the stored extension. `private` keeps it out of shared caches."""
    extension = PurePath(field_file.name).suffix.lstrip(".").lower()
    content_type = CONTENT_TYPES.get(extension, "application/octet-stream")
    inline = extension in SHOWN_INLINE
    try:
        stream = field_file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        logger.error("%s is missing from storage", field_file.name or "A file")
        raise Http404 from exc
    response = FileResponse(
        stream,
        as_attachment=not inline,
        filename=f"{filename}.{extension}" if extension in CONTENT_TYPES else filename,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    if private:
        patch_cache_control(response, private=True)
    else:
        patch_cache_control(response, public=True, max_age=3600)
    return response
