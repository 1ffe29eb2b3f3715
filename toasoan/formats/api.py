"""GET /api/v1/items/{id}/export?format=...: an item in any standard format."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import Router

from toasoan.api.auth import user_of
from toasoan.core.errors import InvalidInput
from toasoan.formats.adapter import from_item
from toasoan.formats.feeds import Channel
from toasoan.formats.registry import OUTPUTS
from toasoan.newsroom.access import get_readable

router = Router(tags=["formats"])


@router.get(
    "/items/{item_id}/export",
    summary="Export an item (ninjs 2.2/2.1/3.1, NewsML-G2, NITF, RSS, Atom, JSON Feed, sitemap)",
)
def export(request: HttpRequest, item_id: int, format: str = "ninjs") -> HttpResponse:
    output = OUTPUTS.get(format)
    if output is None:
        raise InvalidInput(f"must be one of {', '.join(OUTPUTS)}", field="format")
    item = get_readable(user_of(request), item_id)
    base = settings.PUBLIC_BASE_URL
    channel = Channel(
        title=item.outlet.name,
        link=f"{base.rstrip('/')}/{item.outlet.slug}",
        language=item.outlet.language,
        publication=item.outlet.name,
    )
    body = output.encode(from_item(item), channel)
    response = HttpResponse(body, content_type=f"{output.content_type}; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="item-{item.pk}.{_ext(format)}"'
    return response


def _ext(fmt: str) -> str:
    return "json" if fmt.startswith(("ninjs", "jsonfeed")) else "xml"
