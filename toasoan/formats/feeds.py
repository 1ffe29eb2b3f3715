"""Syndication feeds: RSS 2.0 with Media RSS, Atom 1.0, JSON Feed 1.1 and the Google News sitemap
out; RSS and Atom in (through feedparser, which copes with the variations real feeds have)."""

from __future__ import annotations

import calendar
import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

import feedparser
from lxml import etree

from toasoan.formats.model import FormatError, NewsItem, Rendition

MEDIA_NS = "http://search.yahoo.com/mrss/"
ATOM_NS = "http://www.w3.org/2005/Atom"
DC_NS = "http://purl.org/dc/elements/1.1/"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


@dataclass(frozen=True)
class Channel:
    """What a feed says about itself, and how an item's public page address is made."""

    title: str
    link: str
    description: str = ""
    language: str = "vi"
    publication: str = ""  # Google News publication name
    item_url: str = "{link}/items/{guid}"

    def url_of(self, item: NewsItem) -> str:
        return self.item_url.format(link=self.link.rstrip("/"), guid=item.guid)


def _when(item: NewsItem) -> datetime:
    return item.version_created or item.first_created or datetime.now(UTC)


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> Any:
    el = etree.SubElement(parent, tag, {k: v for k, v in attrs.items() if v})
    if text:
        el.text = text
    return el


def _media(parent: etree._Element, renditions: Sequence[Rendition]) -> None:
    for r in renditions:
        if r.name in ("original",) or not r.href:
            continue
        attrs = {"url": r.href, "type": r.mime, "width": str(r.width or ""),
                 "height": str(r.height or ""), "fileSize": str(r.size or "")}  # fmt: skip
        tag = f"{{{MEDIA_NS}}}thumbnail" if r.name == "thumbnail" else f"{{{MEDIA_NS}}}content"
        if tag.endswith("thumbnail"):
            attrs = {k: v for k, v in attrs.items() if k in ("url", "width", "height")}
        _sub(parent, tag, **attrs)


def rss(channel: Channel, items: Sequence[NewsItem]) -> bytes:
    root = etree.Element(
        "rss", version="2.0", nsmap={"media": MEDIA_NS, "atom": ATOM_NS, "dc": DC_NS,
                                     "content": CONTENT_NS},
    )  # fmt: skip
    ch = _sub(root, "channel")
    _sub(ch, "title", channel.title)
    _sub(ch, "link", channel.link)
    _sub(ch, "description", channel.description or channel.title)
    _sub(ch, "language", channel.language)
    _sub(ch, f"{{{ATOM_NS}}}link", href=channel.link, rel="self", type="application/rss+xml")
    for item in items:
        entry = _sub(ch, "item")
        _sub(entry, "title", item.headline)
        _sub(entry, "link", channel.url_of(item))
        _sub(entry, "guid", item.guid, isPermaLink="false")
        _sub(entry, "pubDate", format_datetime(_when(item).astimezone(UTC), usegmt=True))
        _sub(entry, "description", item.abstract)
        if item.body_html:
            _sub(entry, f"{{{CONTENT_NS}}}encoded").text = etree.CDATA(item.body_html)
        if item.byline:
            _sub(entry, f"{{{DC_NS}}}creator", item.byline)
        for keyword in item.keywords:
            _sub(entry, "category", keyword)
        _media(entry, item.renditions)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def atom(channel: Channel, items: Sequence[NewsItem]) -> bytes:
    root = etree.Element(f"{{{ATOM_NS}}}feed", nsmap={None: ATOM_NS, "media": MEDIA_NS})
    root.set("{http://www.w3.org/XML/1998/namespace}lang", channel.language)
    _sub(root, f"{{{ATOM_NS}}}id", channel.link)
    _sub(root, f"{{{ATOM_NS}}}title", channel.title)
    newest = max((_when(i) for i in items), default=datetime.now(UTC))
    _sub(root, f"{{{ATOM_NS}}}updated", newest.isoformat())
    _sub(root, f"{{{ATOM_NS}}}link", href=channel.link, rel="alternate")
    for item in items:
        entry = _sub(root, f"{{{ATOM_NS}}}entry")
        _sub(entry, f"{{{ATOM_NS}}}id", item.guid)
        _sub(entry, f"{{{ATOM_NS}}}title", item.headline)
        _sub(entry, f"{{{ATOM_NS}}}updated", _when(item).isoformat())
        if item.first_created:
            _sub(entry, f"{{{ATOM_NS}}}published", item.first_created.isoformat())
        _sub(entry, f"{{{ATOM_NS}}}link", href=channel.url_of(item), rel="alternate")
        if item.byline:
            _sub(_sub(entry, f"{{{ATOM_NS}}}author"), f"{{{ATOM_NS}}}name", item.byline)
        if item.abstract:
            _sub(entry, f"{{{ATOM_NS}}}summary", item.abstract)
        if item.body_html:
            _sub(entry, f"{{{ATOM_NS}}}content", item.body_html, type="html")
        for keyword in item.keywords:
            _sub(entry, f"{{{ATOM_NS}}}category", term=keyword)
        if item.copyright_notice:
            _sub(entry, f"{{{ATOM_NS}}}rights", item.copyright_notice)
        _media(entry, item.renditions)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def json_feed(channel: Channel, items: Sequence[NewsItem]) -> bytes:
    def entry(item: NewsItem) -> dict[str, Any]:
        picture = next((r for r in item.renditions if r.name == "viewImage"), None)
        data: dict[str, Any] = {
            "id": item.guid,
            "url": channel.url_of(item),
            "title": item.headline,
            "summary": item.abstract or None,
            "content_html": item.body_html or None,
            "image": picture.href if picture else None,
            "date_published": (item.first_created or _when(item)).isoformat(),
            "date_modified": _when(item).isoformat(),
            "authors": [{"name": item.byline}] if item.byline else None,
            "tags": item.keywords or None,
            "language": item.language,
        }
        return {k: v for k, v in data.items() if v is not None}

    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": channel.title,
        "home_page_url": channel.link,
        "description": channel.description or None,
        "language": channel.language,
        "items": [entry(i) for i in items],
    }
    return json.dumps({k: v for k, v in feed.items() if v is not None}, ensure_ascii=False).encode()


def news_sitemap(channel: Channel, items: Sequence[NewsItem]) -> bytes:
    root = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS, "news": NEWS_NS})
    for item in items:
        url = _sub(root, f"{{{SITEMAP_NS}}}url")
        _sub(url, f"{{{SITEMAP_NS}}}loc", channel.url_of(item))
        news = _sub(url, f"{{{NEWS_NS}}}news")
        pub = _sub(news, f"{{{NEWS_NS}}}publication")
        _sub(pub, f"{{{NEWS_NS}}}name", channel.publication or channel.title)
        _sub(pub, f"{{{NEWS_NS}}}language", item.language or channel.language)
        _sub(
            news, f"{{{NEWS_NS}}}publication_date", (item.first_created or _when(item)).isoformat()
        )
        _sub(news, f"{{{NEWS_NS}}}title", item.headline)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# --- in -----------------------------------------------------------------------------------------


def _nfc(value: str | None) -> str:
    return unicodedata.normalize("NFC", value or "").strip()


def _parsed_time(entry: Any, *names: str) -> datetime | None:
    for name in names:
        # Ask only for what the entry has: feedparser maps a missing updated_parsed onto
        # published_parsed with a deprecation warning.
        value = entry.get(name) if name.removesuffix("_parsed") in entry.keys() else None
        if value:
            return datetime.fromtimestamp(calendar.timegm(value), UTC)
    return None


def decode(data: bytes) -> list[NewsItem]:
    """Items of an RSS or Atom feed. A feed that is not well-formed is refused, not guessed at."""
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    if parsed.bozo and not parsed.entries:
        raise FormatError(f"not a readable RSS or Atom feed: {parsed.bozo_exception}")
    if not parsed.get("version"):
        raise FormatError("not an RSS or Atom feed (no rss, feed or RDF root)")
    items = []
    for n, entry in enumerate(parsed.entries):
        guid = entry.get("id") or entry.get("link")
        if not guid:
            raise FormatError("entry has neither id/guid nor link", f"/entries/{n}")
        content = entry.get("content") or []
        body = content[0].get("value", "") if content else ""
        renditions = [
            Rendition(
                name="viewImage" if i == 0 else f"media-{i}",
                href=m.get("url", ""),
                mime=m.get("type", ""),
                width=int(m["width"]) if str(m.get("width", "")).isdigit() else None,
                height=int(m["height"]) if str(m.get("height", "")).isdigit() else None,
            )
            for i, m in enumerate(entry.get("media_content") or [])
            if m.get("url")
        ]
        items.append(
            NewsItem(
                guid=_nfc(guid),
                headline=_nfc(entry.get("title")),
                abstract=_nfc(entry.get("summary")) if body else "",
                body_html=body or entry.get("summary", ""),
                byline=_nfc(entry.get("author")),
                keywords=[_nfc(t.get("term")) for t in entry.get("tags") or [] if t.get("term")],
                language=(entry.get("language") or parsed.feed.get("language") or "")[:10],
                first_created=_parsed_time(entry, "published_parsed", "updated_parsed"),
                version_created=_parsed_time(entry, "updated_parsed", "published_parsed"),
                copyright_notice=_nfc(entry.get("rights")),
                renditions=renditions,
            )
        )
    return items
