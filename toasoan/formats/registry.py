"""Formats by name: what `?format=` accepts on export, and how a document's format is recognised."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from toasoan.formats import feeds
from toasoan.formats.model import FormatError, NewsItem

Encoder = Callable[[NewsItem, feeds.Channel], bytes]


def _ninjs(version: str) -> Encoder:
    def encode(item: NewsItem, channel: feeds.Channel) -> bytes:
        from toasoan.formats import ninjs

        return json.dumps(ninjs.encode(item, version), ensure_ascii=False).encode()

    return encode


def _newsml(item: NewsItem, channel: feeds.Channel) -> bytes:
    from toasoan.formats import newsmlg2

    if item.type == "composite":
        return newsmlg2.encode_package_item(item)
    return newsmlg2.encode_news_item(item)


def _nitf(item: NewsItem, channel: feeds.Channel) -> bytes:
    from toasoan.formats import nitf

    return nitf.encode(item)


def _feed(encode: Callable[[feeds.Channel, list[NewsItem]], bytes]) -> Encoder:
    return lambda item, channel: encode(channel, [item])


@dataclass(frozen=True)
class OutputFormat:
    name: str
    content_type: str
    encode: Encoder


OUTPUTS = {
    f.name: f
    for f in (
        OutputFormat("ninjs", "application/json", _ninjs("2.2")),
        OutputFormat("ninjs-2.2", "application/json", _ninjs("2.2")),
        OutputFormat("ninjs-2.1", "application/json", _ninjs("2.1")),
        OutputFormat("ninjs-3.1", "application/json", _ninjs("3.1")),
        OutputFormat("newsml-g2", "application/vnd.iptc.g2.newsitem+xml", _newsml),
        OutputFormat("nitf", "application/xml", _nitf),
        OutputFormat("rss", "application/rss+xml", _feed(feeds.rss)),
        OutputFormat("atom", "application/atom+xml", _feed(feeds.atom)),
        OutputFormat("jsonfeed", "application/feed+json", _feed(feeds.json_feed)),
        OutputFormat("news-sitemap", "application/xml", _feed(feeds.news_sitemap)),
    )
}

INPUTS = ("auto", "ninjs", "newsmlg2", "nitf", "rss", "atom")
NEWSML_ROOTS = {"newsItem", "packageItem", "newsMessage"}
_SAFE = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False
)


def detect(data: bytes) -> str:
    """The input format of a document, judged by its content."""
    head = data.lstrip()[:1]
    if head in (b"{", b"["):
        return "ninjs"
    try:
        root = etree.fromstring(data, _SAFE)
    except etree.XMLSyntaxError as exc:
        raise FormatError(f"neither JSON nor well-formed XML: {exc}") from exc
    name = etree.QName(root).localname
    if name in NEWSML_ROOTS:
        return "newsmlg2"
    if name == "nitf":
        return "nitf"
    if name in ("rss", "RDF"):
        return "rss"
    if name == "feed":
        return "atom"
    raise FormatError(f"unknown document type <{name}>", "/")


def decode(data: bytes, fmt: str = "auto") -> list[NewsItem]:
    if fmt not in INPUTS:
        raise FormatError(f"unknown input format '{fmt}' (known: {', '.join(INPUTS)})")
    kind = detect(data) if fmt == "auto" else fmt
    if kind == "ninjs":
        from toasoan.formats import ninjs

        try:
            parsed = json.loads(data) if data.lstrip()[:1] == b"[" else None
        except ValueError as exc:
            raise FormatError(f"invalid JSON: {exc}") from exc
        docs = parsed if isinstance(parsed, list) else [data]
        return [ninjs.decode(doc) for doc in docs]
    if kind == "newsmlg2":
        from toasoan.formats import newsmlg2

        return newsmlg2.decode(data)
    if kind == "nitf":
        from toasoan.formats import nitf

        return [nitf.decode(data)]
    return feeds.decode(data)
