"""Bytes from a partner to decoded items, with the character-encoding rules ingest enforces.

- JSON may come in UTF-8, UTF-16 or UTF-32, with or without a byte-order mark.
- XML is decoded as its BOM or its prolog says (UTF-16, Windows-1258 … whatever libxml2 knows).
- A document that is not valid in its declared charset is refused with a precise error, never
  guessed at. The one mislabelling that decodes without error is UTF-8 declared as ISO-8859-1 /
  Windows-1252 (every byte is a valid latin-1 character, so it would store mojibake such as
  "Ä\x91" for "đ"): when such a document is valid UTF-8 with multi-byte sequences, it is refused
  too, naming the mismatch, so the partner fixes its declaration.
- Entity declarations (XML bombs, external entities) are refused before any decoder runs.
"""

from __future__ import annotations

import codecs
import json
import re

from toasoan.formats.model import FormatError, NewsItem
from toasoan.formats.registry import INPUTS, decode
from toasoan.formats.xmlsafe import parse_xml

_PROLOG = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']")
_LATIN = {"iso-8859-1", "latin-1", "latin1", "iso8859-1", "l1", "windows-1252", "cp1252"}
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Content types partners send, to a decoder name (None: judge by content).
CONTENT_TYPES = {
    "application/ninjs+json": "ninjs",
    "application/vnd.iptc.g2.newsitem+xml": "newsmlg2",
    "application/vnd.iptc.g2.newsmessage+xml": "newsmlg2",
    "application/vnd.iptc.g2.packageitem+xml": "newsmlg2",
    "application/nitf+xml": "nitf",
    "application/rss+xml": "rss",
    "application/atom+xml": "atom",
}


def format_for(content_type: str, configured: str) -> str:
    """The decoder to use: the feed's configured format wins; else a specific content type."""
    if configured != "auto":
        return configured
    mime = content_type.split(";")[0].strip().lower()
    return CONTENT_TYPES.get(mime, "auto")


def _bom(data: bytes) -> str | None:
    for mark, codec in _BOMS:
        if data.startswith(mark):
            return codec
    return None


def _as_utf8_json(data: bytes) -> bytes | None:
    """JSON in any UTF, re-encoded as UTF-8; None when the document is not JSON."""
    codec = _bom(data) or json.detect_encoding(data)
    if codec == "utf-8" and data.lstrip()[:1] not in (b"{", b"["):
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise FormatError(f"invalid {codec} at byte {exc.start}: not a valid JSON text") from None
    if text.lstrip()[:1] not in ("{", "["):
        return None
    return text.encode("utf-8")


def _check_declared_charset(data: bytes) -> None:
    match = _PROLOG.match(data)
    if match is None or _bom(data):
        return
    declared = match.group(1).decode("ascii").lower()
    if declared in _LATIN and not data.isascii():
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return  # really single-byte text: decodes as declared
        raise FormatError(
            f"the XML declares encoding {declared!r} but its bytes are UTF-8 (multi-byte "
            'sequences); refused rather than stored as mojibake: declare encoding="UTF-8"',
            "/",
        )


def decode_document(data: bytes, fmt: str = "auto") -> list[NewsItem]:
    """Items of one document. Raises FormatError (one message, with a path when known)."""
    if fmt not in INPUTS:
        raise FormatError(f"unknown input format '{fmt}' (known: {', '.join(INPUTS)})")
    if not data.strip():
        raise FormatError("empty document")
    if fmt in ("auto", "ninjs"):
        as_json = _as_utf8_json(data)
        if as_json is not None:
            return decode(as_json, "ninjs")
        if fmt == "ninjs":
            raise FormatError("invalid JSON: the document does not start with { or [")
    _check_declared_charset(data)
    parse_xml(data)  # refuses bombs and external entities whatever decoder comes next
    return decode(data, fmt)
