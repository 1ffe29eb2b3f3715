"""Rendering an item version once per output format, for the outbox and the pull feed."""

from __future__ import annotations

from django.conf import settings

from toasoan.formats import feeds
from toasoan.formats.adapter import from_item
from toasoan.formats.model import NewsItem
from toasoan.formats.registry import OUTPUTS, OutputFormat
from toasoan.newsroom.models import Item

_EXTENSIONS = {"application/json": "json", "application/feed+json": "json"}


def channel() -> feeds.Channel:
    base = getattr(settings, "PUBLIC_BASE_URL", "").rstrip("/") or "http://localhost"
    return feeds.Channel(
        title=settings.AGENCY_DOMAIN, link=base, publication=settings.AGENCY_DOMAIN
    )


def output(name: str) -> OutputFormat:
    return OUTPUTS[name]


class Renderer:
    """Renders one item as it is now, each format at most once."""

    def __init__(self, item: Item) -> None:
        self.item = item
        self._news: NewsItem | None = None
        self._bodies: dict[str, bytes] = {}

    @property
    def news(self) -> NewsItem:
        if self._news is None:
            self._news = from_item(self.item)
        return self._news

    def body(self, fmt: str) -> bytes:
        if fmt not in self._bodies:
            self._bodies[fmt] = OUTPUTS[fmt].encode(self.news, channel())
        return self._bodies[fmt]


def filename(guid: str, version: int, fmt: str) -> str:
    media_type = OUTPUTS[fmt].content_type
    ext = _EXTENSIONS.get(media_type, "xml")
    safe = "".join(ch if ch.isalnum() or ch in "-._" else "-" for ch in guid)
    return f"{safe}-v{version}.{ext}"
