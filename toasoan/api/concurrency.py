"""ETag / If-Match: every write names the revision it was based on; a stale one gets 412."""

from __future__ import annotations

import re

from django.http import HttpRequest

from toasoan.core.errors import InvalidInput, PreconditionRequired, StaleWrite
from toasoan.newsroom.models import Item

_ETAG = re.compile(r'^(?:W/)?"(\d+)-(\d+)"$')


def expected_revision(request: HttpRequest, item_id: int) -> int | None:
    """The revision the client last saw, from If-Match; None for "*" (any)."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired(
            "send If-Match with the ETag from your last read of the item", field="If-Match"
        )
    if header == "*":
        return None
    match = _ETAG.match(header.split(",")[0].strip())
    if not match:
        raise InvalidInput('must be an ETag such as "12-3"', field="If-Match")
    if int(match.group(1)) != item_id:
        raise StaleWrite("the ETag belongs to another item", field="If-Match")
    return int(match.group(2))


def etag_headers(item: Item) -> dict[str, str]:
    return {"ETag": item.etag, "Cache-Control": "private, no-cache"}
