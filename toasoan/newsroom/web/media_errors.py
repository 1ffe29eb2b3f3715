"""Domain errors as the media pages show them: translated where the reason is known, JSON shape
of the API ({"error": {"code", "message", "field"}}) with the error's HTTP status."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, JsonResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from toasoan.core.errors import DomainError, PayloadTooLarge, UnsupportedMediaType
from toasoan.newsroom import media
from toasoan.newsroom.web.error_text import known_reason

_KIND_LABELS = {
    "picture": gettext_lazy("picture"),
    "graphic": gettext_lazy("graphic"),
    "audio": gettext_lazy("audio"),
    "video": gettext_lazy("video"),
}


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def describe(exc: DomainError) -> str:
    """The message a person reads: the translated reason where one is known, then the detail."""
    lead = known_reason(exc)
    return f"{lead} ({exc.message})" if lead else exc.message


def error_json(exc: DomainError, message: str | None = None) -> JsonResponse:
    body: dict[str, object] = {"code": exc.code, "message": message or describe(exc)}
    if exc.field:
        body["field"] = exc.field
    return JsonResponse({"error": body}, status=exc.status)


def _kind_of(file: UploadedFile) -> str | None:
    try:
        with file.open("rb") as stream:
            return media.sniff(stream.read(media.SNIFF_BYTES)).kind
    except (media.UnsupportedMedia, OSError, ValueError):
        return None


def upload_error(exc: DomainError, name: str, file: UploadedFile | None) -> JsonResponse:
    """Name the file and the rule it broke."""
    if isinstance(exc, UnsupportedMediaType):
        message = _(
            "“%(file)s” was not accepted: only pictures (JPEG, PNG, WebP, GIF, TIFF), graphics, "
            "video and audio files can be uploaded (%(detail)s)."
        ) % {"file": name, "detail": exc.message}
        return error_json(exc, message)
    if isinstance(exc, PayloadTooLarge) and file is not None:
        kind = _kind_of(file) or "picture"
        limit = settings.MEDIA_SIZE_LIMITS.get(kind, 0)
        message = _("“%(file)s” is %(size)s; the limit for %(kind)s files is %(limit)s.") % {
            "file": name,
            "size": filesizeformat(file.size or 0),
            "kind": str(_KIND_LABELS.get(kind, kind)),
            "limit": filesizeformat(limit),
        }
        return error_json(exc, message)
    field = f" ({exc.field})" if exc.field else ""
    return error_json(exc, f"“{name}”: {describe(exc)}{field}")
