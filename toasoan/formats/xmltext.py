"""Text going into and coming out of XML documents.

Writing: `clean` / `clean_line` make text safe for XML 1.0 (NFC, forbidden characters dropped),
`format_datetime` writes ISO 8601. Reading: `element_text`, `block_text` and `collapse` give
NFC text with XML whitespace collapsed, `escape_text` the same as HTML text, and `parse_int`,
`parse_date`, `parse_datetime` values, raising FormatError with the element's path.
"""

from __future__ import annotations

import html as htmllib
import re
import unicodedata
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from lxml import etree

from toasoan.formats.model import FormatError
from toasoan.formats.xmlsafe import Element, localname, where

__all__ = [
    "block_text",
    "clean",
    "clean_line",
    "collapse",
    "element_text",
    "escape_text",
    "format_datetime",
    "iter_text",
    "nfc",
    "parse_date",
    "parse_datetime",
    "parse_int",
]

_XML_SPACE = re.compile(r"[ \t\r\n]+")
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_NEWLINES = re.compile(r"[\t\r\n]")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def clean(text: str) -> str:
    """Text safe to write into XML: NFC, without characters XML 1.0 forbids."""
    return _XML_INVALID.sub("", nfc(text))


def clean_line(text: str) -> str:
    """`clean` plus tabs and line breaks as spaces (for single-line XML string types)."""
    return _NEWLINES.sub(" ", clean(text))


def collapse(text: str) -> str:
    """One line: XML whitespace runs collapsed to a space, trimmed, NFC."""
    return nfc(_XML_SPACE.sub(" ", text).strip(" "))


def element_text(el: Element) -> str:
    """All text of an element (entity references of HTML entities included), one line."""
    return collapse("".join(iter_text(el)))


def iter_text(el: Element) -> Iterable[str]:
    """The text pieces of an element in document order (HTML entity references decoded)."""
    if el.text:
        yield el.text
    for child in el:
        if child.tag is etree.Entity:
            yield htmllib.unescape(child.text or "")
        elif isinstance(child.tag, str):
            yield from iter_text(child)
        if child.tail:
            yield child.tail


def block_text(el: Element) -> str:
    """Multi-line text of a block element: <br/> is a line break, other whitespace collapses."""
    parts: list[str] = []

    def walk(node: Element) -> None:
        if node.text:
            parts.append(_XML_SPACE.sub(" ", node.text))
        for child in node:
            if child.tag is etree.Entity:
                parts.append(htmllib.unescape(child.text or ""))
            elif localname(child) == "br":
                parts.append("\n")
            elif isinstance(child.tag, str):
                walk(child)
            if child.tail:
                parts.append(_XML_SPACE.sub(" ", child.tail))

    walk(el)
    lines = [collapse(line) for line in "".join(parts).split("\n")]
    return "\n".join(lines).strip("\n")


def escape_text(text: str) -> str:
    return htmllib.escape(_XML_SPACE.sub(" ", text), quote=False)


def format_datetime(value: datetime) -> str:
    """ISO 8601 extended; offsets with seconds (old LMT zones) are written in UTC."""
    offset = value.utcoffset()
    if offset is not None and offset % timedelta(minutes=1):
        value = value.astimezone(UTC)
    return value.isoformat()


def parse_datetime(text: str, el: Element, attr: str | None = None) -> datetime:
    value = text.strip()
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise FormatError(f"invalid date-time {value!r}", where(el, attr)) from None


def parse_date(text: str, el: Element, attr: str | None = None) -> date:
    value = text.strip()
    try:
        if len(value) > 10:  # a date-time: keep its own calendar date
            return datetime.fromisoformat(value).date()
        return date.fromisoformat(value)
    except ValueError:
        raise FormatError(f"invalid date {value!r}", where(el, attr)) from None


def parse_int(
    text: str, el: Element, attr: str | None = None, low: int | None = None, high: int | None = None
) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise FormatError(f"not an integer: {text.strip()!r}", where(el, attr)) from None
    if (low is not None and value < low) or (high is not None and value > high):
        raise FormatError(f"{value} is out of range {low}..{high}", where(el, attr))
    return value
