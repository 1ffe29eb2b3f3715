"""Media files in the embedded mode: served by the app to signed-in users who may read the item."""

from __future__ import annotations

import mimetypes

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest

from toasoan.newsroom.access import can_read
from toasoan.newsroom.models import Rendition


@login_required
def media_file(request: HttpRequest, path: str) -> FileResponse:
    # Copies share files, so the file is readable if any item showing it is.
    rendition = next(
        (
            r
            for r in Rendition.objects.select_related("item").filter(file=path)
            if can_read(request.user, r.item)  # type: ignore[arg-type]
        ),
        None,
    )
    if rendition is None:
        raise Http404("no such file")
    content_type = rendition.mime or mimetypes.guess_type(path)[0] or "application/octet-stream"
    response = FileResponse(default_storage.open(path, "rb"), content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response
