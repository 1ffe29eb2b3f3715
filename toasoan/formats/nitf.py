"""NITF 3.6 (IPTC News Industry Text Format), both directions.

This module also holds what every XML format here shares: the hardened parser (`parse_xml`),
text normalisation, the body conversion HTML -> NITF / XHTML and NITF / XHTML -> HTML (NewsML-G2
carries either inline), and the offline XSD validator.

NITF carries these NewsItem fields (a round trip keeps them):

    guid               head/docdata/doc-id/@id-string (required when decoding)
    provider           head/docdata/doc-id/@regsrc
    version, slugline  head/docdata/du-key/@version, @key
    language           nitf/@baselang
    pubstatus          head/docdata/@management-status (usable | withheld | canceled)
    urgency            head/docdata/urgency/@ed-urg
    version_created    head/docdata/date.issue/@norm (ISO 8601 basic, e.g. 20261112T083000+0700)
    embargo_until      head/docdata/date.release/@norm
    ednote             head/docdata/ed-msg/@info
    copyright_holder   head/docdata/doc.copyright/@holder
    usage_terms        head/docdata/doc.rights/@limitations
    keywords           head/docdata/key-list/keyword/@key
    subjects           head/docdata/identified-content/classifier (value="medtop:CODE")
    people, orgs       head/docdata/identified-content/person, org
    places             head/docdata/identified-content/location
    genre              head/tobject/tobject.property/@tobject.property.type
    headline           head/title and body/body.head/hedline/hl1
    copyright_notice   body.head/rights
    byline             body.head/byline
    credit             body.head/distributor
    dateline           body.head/dateline: location + story.date/@norm
    abstract           body.head/abstract (one p per line)
    body_html          body/body.content (see the HTML mapping below)

Not carried by NITF: type (decoded as "text"), priority, first_created, renditions,
associations, links.

Body HTML <-> NITF block content: p, h2 (h1/h3-h6 as hl2 class="hN"), ul/ol/li, blockquote
(bq/block), strong/b (em class="bold"), em/i (em), a (href, title), br, span lang (lang),
table (caption, thead, tbody, tr, th, td with colspan/rowspan), pre, hr, figure/img (media
media-type="image"; data-item-guid and data-role as media-metadata). Other inline tags (u, s, sub,
sup, code, span) keep their text only. Decoded HTML is canonical (top-level blocks separated by
a newline, XML whitespace collapsed, text NFC) and is NOT sanitised: the caller sanitises it.
"""

from __future__ import annotations

import html as htmllib
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from toasoan.formats.model import PUBSTATUSES, FormatError, NewsItem
from toasoan.vocabularies import mediatopics

__all__ = [
    "NITF_NS",
    "XHTML_NS",
    "XsdValidator",
    "decode",
    "encode",
    "markup_to_html",
    "parse_xml",
    "validate",
]

NITF_NS = "http://iptc.org/std/NITF/2006-10-18/"
XHTML_NS = "http://www.w3.org/1999/xhtml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NITF_VERSION = "-//IPTC//DTD NITF 3.6//EN"
SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
MEDTOP_URI = mediatopics.URI_PREFIX

Element = Any  # lxml ships no type stubs

# ---------------------------------------------------------------------------------------------
# Parsing and text
# ---------------------------------------------------------------------------------------------

_parsers = threading.local()


def _parser() -> Any:
    parser = getattr(_parsers, "parser", None)
    if parser is None:
        parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            dtd_validation=False,
            attribute_defaults=False,
            remove_comments=True,
            remove_pis=True,
        )
        _parsers.parser = parser
    return parser


def parse_xml(data: bytes) -> Element:
    """Parse untrusted XML: no DTD loading, no network, no entity expansion.

    A DOCTYPE is accepted only without entity declarations (an external DTD reference such as
    NITF's is fine, it is never fetched); XML bombs and external entities raise FormatError.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise FormatError(f"expected bytes, got {type(data).__name__}")
    raw = bytes(data)
    if not raw.strip():
        raise FormatError("empty document")
    try:
        root = etree.fromstring(raw, _parser())
    except etree.XMLSyntaxError as exc:
        raise FormatError(f"malformed XML: {exc.msg}", f"line {exc.lineno}") from None
    except (etree.LxmlError, ValueError) as exc:
        raise FormatError(f"malformed XML: {exc}") from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None:
        for entity in dtd.iterentities():
            raise FormatError(
                f"DOCTYPE declares the entity {entity.name!r}: entity declarations are refused "
                "(entity expansion, external entities)",
                "/",
            )
    return root


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


_LOCALNAMES: dict[str, str] = {}


def localname(el: Element) -> str:
    """The tag without namespace ("" for comments, entities …)."""
    tag = el.tag
    name = _LOCALNAMES.get(tag)
    if name is None:
        if not isinstance(tag, str):
            return ""
        name = tag.rpartition("}")[2]
        if len(_LOCALNAMES) < 4096:  # tags come from untrusted documents: bounded
            _LOCALNAMES[tag] = name
    return name


def element_text(el: Element) -> str:
    """All text of an element (entity references of HTML entities included), one line."""
    return collapse("".join(_texts(el)))


def _texts(el: Element) -> Iterable[str]:
    if el.text:
        yield el.text
    for child in el:
        if child.tag is etree.Entity:
            yield htmllib.unescape(child.text or "")
        elif isinstance(child.tag, str):
            yield from _texts(child)
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


def xpath_of(el: Element) -> str:
    """A readable XPath to `el`: /newsMessage/itemSet/newsItem[2]/contentMeta."""
    parts: list[str] = []
    node = el
    while node is not None:
        name = localname(node)
        parent = node.getparent()
        if parent is None:
            parts.append(name)
            break
        same = [c for c in parent if c.tag == node.tag]
        parts.append(f"{name}[{same.index(node) + 1}]" if len(same) > 1 else name)
        node = parent
    return "/" + "/".join(reversed(parts))


def format_datetime(value: datetime) -> str:
    """ISO 8601 extended; offsets with seconds (old LMT zones) are written in UTC."""
    offset = value.utcoffset()
    if offset is not None and offset % timedelta(minutes=1):
        value = value.astimezone(UTC)
    return value.isoformat()


def where(el: Element, attr: str | None = None) -> str:
    """The path of an element or of one of its attributes (computed only for errors)."""
    return f"{xpath_of(el)}/@{attr}" if attr else xpath_of(el)


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


# ---------------------------------------------------------------------------------------------
# XSD validation (schemas ship in toasoan/formats/schemas, validation is offline)
# ---------------------------------------------------------------------------------------------

_CLARK = re.compile(r"\{[^}]*\}")


class XsdValidator:
    """An XML Schema loaded once (lazily, offline) and shared; validation is serialised."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._schema: Any = None

    def _load(self) -> Any:
        if self._schema is None:
            parser = etree.XMLParser(no_network=True, resolve_entities=False)
            self._schema = etree.XMLSchema(etree.parse(str(self.path), parser))
        return self._schema

    def validate(self, root: Element) -> None:
        with self._lock:
            schema = self._load()
            if schema.validate(root):
                return
            error = schema.error_log[0]
        path = error.path or ""
        try:
            found = root.getroottree().xpath(path) if path else []
        except etree.XPathError:
            found = []
        if found and isinstance(found, list):
            path = xpath_of(found[0])
        message = _CLARK.sub("", error.message)
        raise FormatError(f"schema: {message} (line {error.line})", path)


_NITF_SCHEMA = XsdValidator(SCHEMA_DIR / "nitf" / "nitf-3-6.xsd")


def validate(data: bytes) -> None:
    """Validate a namespaced NITF 3.6 document against the official XSD (offline)."""
    _NITF_SCHEMA.validate(parse_xml(data))


# ---------------------------------------------------------------------------------------------
# HTML -> NITF / XHTML
# ---------------------------------------------------------------------------------------------

_HTML_BLOCKS = frozenset(
    "p h1 h2 h3 h4 h5 h6 ul ol dl blockquote table pre hr figure img div section article "
    "header footer aside main nav figcaption address".split()
)
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_NMTOKEN = re.compile(r"^[\w.:-]+$")


def parse_html(body_html: str) -> Element | None:
    """The body HTML as a <div> element (None when empty)."""
    text = clean(body_html)
    if not text.strip():
        return None
    try:
        return lxml_html.fragment_fromstring(text, create_parent="div")
    except (etree.ParserError, etree.LxmlError, ValueError) as exc:
        raise FormatError(f"body HTML cannot be parsed: {exc}", "body_html") from None


def _html_tag(el: Element) -> str:
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else ""


def _add_text(dst: Element, text: str | None) -> None:
    if not text:
        return
    text = clean(text)
    if len(dst):
        last = dst[-1]
        last.tail = (last.tail or "") + text
    else:
        dst.text = (dst.text or "") + text


class _NitfWriter:
    """Writes HTML as NITF block content into elements of namespace `ns`."""

    def __init__(self, ns: str = NITF_NS) -> None:
        self.ns = ns

    def sub(self, parent: Element, name: str, attrs: dict[str, str] | None = None) -> Element:
        return etree.SubElement(parent, f"{{{self.ns}}}{name}", attrs or {})

    def blocks(self, src: Element, dst: Element) -> None:
        """Block content of `src` into `dst` (body.content, block, abstract)."""
        para: list[Element] = []

        def current() -> Element:
            if not para:
                para.append(self.sub(dst, "p"))
            return para[0]

        if src.text and src.text.strip():
            _add_text(current(), src.text)
        for child in src:
            tag = _html_tag(child)
            if tag in _HTML_BLOCKS:
                para.clear()
                self.block(child, dst)
                if child.tail and child.tail.strip():
                    _add_text(current(), child.tail)
            elif tag:
                self.inline(child, current())
            elif child.tail and child.tail.strip():
                _add_text(current(), child.tail)

    def block(self, el: Element, dst: Element) -> None:
        tag = _html_tag(el)
        if tag == "p":
            p = self.sub(dst, "p")
            lang = el.get("lang")
            if lang:
                p.set(XML_LANG, clean_line(lang))
            self.inline_content(el, p)
        elif tag in _HEADINGS:
            self.inline_content(el, self.sub(dst, "hl2", {"class": tag} if tag != "h2" else None))
        elif tag in ("ul", "ol"):
            items = [c for c in el if _html_tag(c)]
            if items:
                lst = self.sub(dst, tag)
                for item in items:
                    self.flow(item, self.sub(lst, "li"))
        elif tag == "blockquote":
            self.blocks(el, self.sub(self.sub(dst, "bq"), "block"))
        elif tag == "table":
            self.table(el, dst)
        elif tag == "pre":
            self.sub(dst, "pre").text = clean(el.text_content())
        elif tag == "hr":
            self.sub(dst, "hr")
        elif tag in ("figure", "img"):
            self.media(el, dst)
        elif tag == "dl":
            for item in el:
                if _html_tag(item):
                    self.inline_content(item, self.sub(dst, "p"))
        elif tag == "figcaption":
            self.inline_content(el, self.sub(dst, "p"))
        else:  # div, section, article …: their content
            self.blocks(el, dst)

    def flow(self, src: Element, dst: Element) -> None:
        """Mixed inline and block content (li, td, th, caption, media-caption)."""
        _add_text(dst, src.text)
        for child in src:
            tag = _html_tag(child)
            if tag in _HTML_BLOCKS and tag != "img":
                self.block(child, dst)
                _add_text(dst, child.tail)
            elif tag:
                self.inline(child, dst)
            else:
                _add_text(dst, child.tail)

    def inline_content(self, src: Element, dst: Element) -> None:
        _add_text(dst, src.text)
        for child in src:
            if _html_tag(child):
                self.inline(child, dst)
            else:
                _add_text(dst, child.tail)

    def inline(self, el: Element, dst: Element) -> None:
        tag = _html_tag(el)
        if tag in ("strong", "b"):
            self.inline_content(el, self.sub(dst, "em", {"class": "bold"}))
        elif tag in ("em", "i"):
            self.inline_content(el, self.sub(dst, "em"))
        elif tag == "a":
            attrs = {k: clean(v) for k in ("href", "title") if (v := el.get(k)) is not None}
            self.inline_content(el, self.sub(dst, "a", attrs))
        elif tag == "br":
            self.sub(dst, "br")
        elif tag == "span" and el.get("lang"):
            lang = self.sub(dst, "lang")
            lang.set(XML_LANG, clean_line(el.get("lang")))
            self.inline_content(el, lang)
        elif tag == "img":
            pass  # an image inside a paragraph has no NITF form: only block-level figures
        else:  # u, s, sub, sup, code, span, nested blocks: the text
            self.inline_content(el, dst)
        _add_text(dst, el.tail)

    def table(self, el: Element, dst: Element) -> None:
        caption = None
        head: list[Element] = []
        foot: list[Element] = []
        body: list[Element] = []
        bare_only = True
        for child in el:
            tag = _html_tag(child)
            if tag == "caption" and caption is None:
                caption = child
            elif tag == "thead":
                head.extend(r for r in child if _html_tag(r) == "tr")
            elif tag == "tfoot":
                foot.extend(r for r in child if _html_tag(r) == "tr")
            elif tag == "tbody":
                bare_only = False
                body.extend(r for r in child if _html_tag(r) == "tr")
            elif tag == "tr":
                body.append(child)
        table = self.sub(dst, "table")
        if caption is not None:
            self.flow(caption, self.sub(table, "caption"))
        for name, rows in (("thead", head), ("tfoot", foot)):
            rows = [r for r in rows if self.has_cells(r)]
            if rows:
                self.rows(rows, self.sub(table, name))
        rows = [r for r in body if self.has_cells(r)]
        if bare_only:
            self.rows(rows, table)
        elif rows:
            self.rows(rows, self.sub(table, "tbody"))

    @staticmethod
    def has_cells(row: Element) -> bool:
        return any(_html_tag(c) in ("td", "th") for c in row)

    def rows(self, rows: list[Element], dst: Element) -> None:
        for row in rows:
            tr = self.sub(dst, "tr")
            for cell in row:
                tag = _html_tag(cell)
                if tag in ("td", "th"):
                    attrs = {
                        k: v
                        for k in ("colspan", "rowspan")
                        if (v := (cell.get(k) or "").strip()) and _NMTOKEN.match(v)
                    }
                    self.flow(cell, self.sub(tr, tag, attrs))

    def media(self, el: Element, dst: Element) -> None:
        img = el if _html_tag(el) == "img" else next(el.iter("img"), None)
        if img is None or not img.get("src"):
            self.blocks(el, dst)  # a figure without an image: its text
            return
        media = self.sub(dst, "media", {"media-type": "image"})
        guid = el.get("data-item-guid") or img.get("data-item-guid")
        if guid:
            self.sub(media, "media-metadata", {"name": "data-item-guid", "value": clean(guid)})
        if el.get("data-role"):
            self.sub(
                media, "media-metadata", {"name": "data-role", "value": clean(el.get("data-role"))}
            )
        ref = {"source": clean(img.get("src"))}
        if img.get("alt") is not None:
            ref["alternate-text"] = clean(img.get("alt"))
        for key in ("width", "height"):
            value = (img.get(key) or "").strip()
            if value and _NMTOKEN.match(value):
                ref[key] = value
        self.sub(media, "media-reference", ref)
        for caption in el.iter("figcaption"):
            self.flow(caption, self.sub(media, "media-caption"))


def html_to_nitf(body_html: str, dst: Element, ns: str = NITF_NS) -> None:
    """Append the NITF block content of `body_html` to `dst` (a body.content element)."""
    root = parse_html(body_html)
    if root is not None:
        _NitfWriter(ns).blocks(root, dst)


_XHTML_KEEP = {
    "p": ("lang",),
    "br": (),
    "h1": (),
    "h2": (),
    "h3": (),
    "h4": (),
    "h5": (),
    "h6": (),
    "ul": (),
    "ol": (),
    "li": (),
    "dl": (),
    "dt": (),
    "dd": (),
    "blockquote": ("cite",),
    "strong": (),
    "b": (),
    "em": (),
    "i": (),
    "u": (),
    "s": (),
    "sub": (),
    "sup": (),
    "a": ("href", "title"),
    "table": (),
    "thead": (),
    "tbody": (),
    "tfoot": (),
    "tr": (),
    "th": ("colspan", "rowspan", "scope"),
    "td": ("colspan", "rowspan"),
    "caption": (),
    "figure": ("data-item-guid", "data-role"),
    "figcaption": (),
    "img": ("src", "alt", "width", "height", "data-item-guid"),
    "hr": (),
    "pre": (),
    "code": (),
    "span": ("lang",),
    "div": (),
}


def html_to_xhtml(body_html: str, dst: Element) -> None:
    """Append `body_html` as XHTML elements (namespace XHTML_NS) to `dst` (an XHTML body).

    Known tags and attributes are copied; other tags keep their content.
    """
    root = parse_html(body_html)
    if root is None:
        return

    def copy(src: Element, out: Element) -> None:
        _add_text(out, src.text)
        for child in src:
            tag = _html_tag(child)
            if tag in _XHTML_KEEP:
                attrs = {k: clean(v) for k in _XHTML_KEEP[tag] if (v := child.get(k)) is not None}
                target = etree.SubElement(out, f"{{{XHTML_NS}}}{tag}", attrs)
                copy(child, target)
            elif tag:
                copy(child, out)
            _add_text(out, child.tail)

    copy(root, dst)


# ---------------------------------------------------------------------------------------------
# NITF / XHTML -> HTML
# ---------------------------------------------------------------------------------------------

_BLOCK_NAMES = frozenset(
    "p hl1 hl2 h1 h2 h3 h4 h5 h6 ul ol dl bq blockquote block table nitf-table pre hr media "
    "figure div section article header footer aside main nav note fn body.content abstract "
    "address".split()
)
_PASSTHROUGH_INLINE = frozenset("u s sub sup code".split())


def escape_text(text: str) -> str:
    return htmllib.escape(_XML_SPACE.sub(" ", text), quote=False)


def _attr(name: str, value: str) -> str:
    return f' {name}="{htmllib.escape(value, quote=True)}"'


def _lang_of(el: Element) -> str:
    return (el.get(XML_LANG) or el.get("lang") or "").strip()


class _HtmlReader:
    """Renders NITF or XHTML block content (both namespaces, or none) as canonical HTML."""

    def blocks(self, container: Element) -> list[str]:
        out: list[str] = []
        stray: list[str] = []

        def flush() -> None:
            text = "".join(stray).strip(" ")
            stray.clear()
            if text:
                out.append(f"<p>{text}</p>")

        if container.text and container.text.strip():
            stray.append(escape_text(container.text))
        for child in container:
            name = localname(child)
            if name in _BLOCK_NAMES:
                flush()
                self.block(child, name, out)
                if child.tail and child.tail.strip():
                    stray.append(escape_text(child.tail))
            else:
                stray.append(self.inline(child))
        flush()
        return out

    def block(self, el: Element, name: str, out: list[str]) -> None:
        if name == "p":
            lang = _lang_of(el)
            out.append(f"<p{_attr('lang', lang) if lang else ''}>{self.inline_content(el)}</p>")
        elif name in ("hl1", "hl2") or name in _HEADINGS:
            cls = (el.get("class") or "").strip()
            tag = cls if cls in _HEADINGS else name if name in _HEADINGS else "h2"
            out.append(f"<{tag}>{self.inline_content(el)}</{tag}>")
        elif name in ("ul", "ol"):
            items = "".join(
                f"<li>{self.flow(li)}</li>" for li in el if localname(li) in ("li", "dt", "dd")
            )
            if items:
                out.append(f"<{name}>{items}</{name}>")
        elif name in ("bq", "blockquote"):
            inner: list[str] = []
            for child in el:
                child_name = localname(child)
                if child_name == "credit":
                    inner.append(f"<p>{self.inline_content(child)}</p>")
                elif child_name == "block":
                    inner.extend(self.blocks(child))
                elif child_name in _BLOCK_NAMES:
                    self.block(child, child_name, inner)
                elif child_name:
                    inner.append(f"<p>{self.inline(child).strip(' ')}</p>")
            if el.text and el.text.strip():
                inner.insert(0, f"<p>{escape_text(el.text).strip(' ')}</p>")
            out.append(f"<blockquote>{''.join(inner)}</blockquote>")
        elif name == "table":
            out.append(self.table(el))
        elif name == "pre":
            out.append(f"<pre>{htmllib.escape(''.join(_texts(el)), quote=False)}</pre>")
        elif name == "hr":
            out.append("<hr>")
        elif name == "media":
            out.extend(self.media(el))
        elif name == "figure":
            out.append(self.figure(el))
        elif name == "dl":
            for item in el:
                if localname(item):
                    out.append(f"<p>{self.inline_content(item)}</p>")
        else:  # block, div, note, fn, section, body.content, nitf-table …: their content
            out.extend(self.blocks(el))

    def inline_content(self, el: Element) -> str:
        parts = [escape_text(el.text)] if el.text else []
        parts.extend(self.inline(child) for child in el)
        return "".join(parts).strip(" ")

    def flow(self, el: Element) -> str:
        """li, td, th, caption: inline content and nested blocks."""
        parts = [escape_text(el.text)] if el.text else []
        for child in el:
            name = localname(child)
            if name in _BLOCK_NAMES:
                nested: list[str] = []
                self.block(child, name, nested)
                parts.extend(nested)
                if child.tail:
                    parts.append(escape_text(child.tail))
            else:
                parts.append(self.inline(child))
        return "".join(parts).strip(" ")

    def inline(self, el: Element) -> str:
        tail = escape_text(el.tail) if el.tail else ""
        if el.tag is etree.Entity:
            return htmllib.escape(htmllib.unescape(el.text or ""), quote=False) + tail
        name = localname(el)
        if name == "em":
            classes = (el.get("class") or "").lower().split()
            tag = "strong" if "bold" in classes or "strong" in classes else "em"
            return f"<{tag}>{self._inner(el)}</{tag}>{tail}"
        if name in ("strong", "b"):
            return f"<strong>{self._inner(el)}</strong>{tail}"
        if name == "i":
            return f"<em>{self._inner(el)}</em>{tail}"
        if name == "a":
            attrs = "".join(_attr(k, v) for k in ("href", "title") if (v := el.get(k)) is not None)
            return f"<a{attrs}>{self._inner(el)}</a>{tail}"
        if name == "br":
            return f"<br>{tail}"
        if name in ("lang", "span"):
            lang = _lang_of(el)
            if lang:
                return f"<span{_attr('lang', lang)}>{self._inner(el)}</span>{tail}"
        if name in _PASSTHROUGH_INLINE:
            return f"<{name}>{self._inner(el)}</{name}>{tail}"
        if name == "img" and el.get("src"):
            return self.img(el) + tail
        return self._inner(el) + tail  # person, org, location, q, chron …: their text

    def _inner(self, el: Element) -> str:
        parts = [escape_text(el.text)] if el.text else []
        parts.extend(self.inline(child) for child in el)
        return "".join(parts)

    def table(self, el: Element) -> str:
        parts: list[str] = []
        for child in el:
            name = localname(child)
            if name == "caption":
                parts.append(f"<caption>{self.flow(child)}</caption>")
            elif name in ("thead", "tbody", "tfoot"):
                rows = "".join(self.row(r) for r in child if localname(r) == "tr")
                parts.append(f"<{name}>{rows}</{name}>")
            elif name == "tr":
                parts.append(self.row(child))
        return f"<table>{''.join(parts)}</table>"

    def row(self, tr: Element) -> str:
        cells = []
        for cell in tr:
            name = localname(cell)
            if name in ("td", "th"):
                attrs = "".join(
                    _attr(k, v.strip()) for k in ("colspan", "rowspan") if (v := cell.get(k))
                )
                cells.append(f"<{name}{attrs}>{self.flow(cell)}</{name}>")
        return f"<tr>{''.join(cells)}</tr>"

    def img(self, img: Element, source: str = "src") -> str:
        attrs = _attr("src", img.get(source) or "")
        alt = img.get("alternate-text" if source == "source" else "alt")
        if alt is not None:
            attrs += _attr("alt", alt)
        for key in ("width", "height"):
            if img.get(key):
                attrs += _attr(key, img.get(key).strip())
        return f"<img{attrs}>"

    def media(self, el: Element) -> list[str]:
        meta = {
            m.get("name"): m.get("value") or ""
            for m in el
            if localname(m) == "media-metadata" and m.get("name")
        }
        refs = [r for r in el if localname(r) == "media-reference" and r.get("source")]
        captions = [self.flow(c) for c in el if localname(c) == "media-caption"]
        caption = " ".join(c for c in captions if c)
        if (el.get("media-type") or "").strip().lower() not in ("image", "photo", "graphic"):
            if not refs:
                return [f"<p>{caption}</p>"] if caption else []
            link = (
                f"<a{_attr('href', refs[0].get('source'))}>{caption or refs[0].get('source')}</a>"
            )
            return [f"<p>{link}</p>"]
        attrs = "".join(_attr(k, meta[k]) for k in ("data-item-guid", "data-role") if k in meta)
        img = self.img(refs[0], "source") if refs else ""
        figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
        return [f"<figure{attrs}>{img}{figcaption}</figure>"] if img or figcaption else []

    def figure(self, el: Element) -> str:
        attrs = "".join(
            _attr(k, v) for k in ("data-item-guid", "data-role") if (v := el.get(k)) is not None
        )
        img = next((self.img(i) for i in el.iter(f"{{{XHTML_NS}}}img", "img")), "")
        captions = [self.flow(c) for c in el if localname(c) == "figcaption"]
        figcaption = "".join(f"<figcaption>{c}</figcaption>" for c in captions)
        return f"<figure{attrs}>{img}{figcaption}</figure>"


_READER = _HtmlReader()


def markup_to_html(*containers: Element) -> str:
    """Canonical HTML for the block content of NITF body.content or an XHTML body."""
    blocks: list[str] = []
    for container in containers:
        blocks.extend(_READER.blocks(container))
    return nfc("\n".join(blocks))


# ---------------------------------------------------------------------------------------------
# NITF encode
# ---------------------------------------------------------------------------------------------


def _nitf_datetime(value: datetime) -> str:
    """ISO 8601 basic, as NITF's norm attributes use: 20261112T083000+0700."""
    offset = value.utcoffset()
    if offset is not None and offset % timedelta(minutes=1):
        value = value.astimezone(UTC)
    text = value.strftime("%Y%m%dT%H%M%S")
    if value.microsecond:
        text += f".{value.microsecond:06d}"
    return text + value.strftime("%z")


def check_item(item: NewsItem) -> None:
    if not item.guid.strip():
        raise FormatError("the item has no guid", "guid")
    if item.version < 1:
        raise FormatError(f"version must be >= 1, got {item.version}", "version")
    if item.pubstatus not in PUBSTATUSES:
        raise FormatError(f"unknown pubstatus {item.pubstatus!r}", "pubstatus")
    for name in ("urgency", "priority"):
        value = getattr(item, name)
        if value is not None and not 1 <= value <= 9:
            raise FormatError(f"{name} must be 1..9, got {value}", name)


def encode(item: NewsItem) -> bytes:
    """The item as a namespaced NITF 3.6 document (UTF-8); valid against the NITF XSD."""
    check_item(item)
    w = _NitfWriter()
    attrs = {"version": NITF_VERSION}
    if item.language:
        attrs["baselang"] = clean_line(item.language)
    root = etree.Element(f"{{{NITF_NS}}}nitf", attrs, nsmap={None: NITF_NS})
    head = w.sub(root, "head")
    if item.headline:
        w.sub(head, "title").text = clean(item.headline)
    if item.genre:
        tobject = w.sub(head, "tobject")
        w.sub(tobject, "tobject.property", {"tobject.property.type": clean(item.genre)})
    docdata = w.sub(head, "docdata", {"management-status": item.pubstatus})
    doc_id = {"id-string": clean(item.guid)}
    if item.provider:
        doc_id["regsrc"] = clean(item.provider)
    w.sub(docdata, "doc-id", doc_id)
    if item.urgency is not None:
        w.sub(docdata, "urgency", {"ed-urg": str(item.urgency)})
    if item.version_created is not None:
        w.sub(docdata, "date.issue", {"norm": _nitf_datetime(item.version_created)})
    if item.embargo_until is not None:
        w.sub(docdata, "date.release", {"norm": _nitf_datetime(item.embargo_until)})
    if item.ednote:
        w.sub(docdata, "ed-msg", {"info": clean(item.ednote)})
    du_key = {"version": str(item.version)}
    if item.slugline:
        du_key["key"] = clean(item.slugline)
    w.sub(docdata, "du-key", du_key)
    if item.copyright_holder:
        w.sub(docdata, "doc.copyright", {"holder": clean(item.copyright_holder)})
    if item.usage_terms:
        w.sub(docdata, "doc.rights", {"limitations": clean(item.usage_terms)})
    keywords = [k for k in item.keywords if k]
    if keywords:
        key_list = w.sub(docdata, "key-list")
        for keyword in keywords:
            w.sub(key_list, "keyword", {"key": clean(keyword)})
    if item.subjects or item.people or item.organisations or item.places:
        content = w.sub(docdata, "identified-content")
        for i, code in enumerate(item.subjects):
            check_code(code, f"subjects[{i}]")
            classifier = w.sub(
                content,
                "classifier",
                {"type": "mediatopic", "idsrc": MEDTOP_URI, "value": f"medtop:{code}"},
            )
            label = _topic_label(code, item.language)
            if label:
                classifier.text = clean(label)
        for tag, values in (
            ("person", item.people),
            ("org", item.organisations),
            ("location", item.places),
        ):
            for value in values:
                if value:
                    w.sub(content, tag).text = clean(value)

    body = w.sub(root, "body")
    body_head = w.sub(body, "body.head")
    if item.headline:
        w.sub(w.sub(body_head, "hedline"), "hl1").text = clean(item.headline)
    if item.copyright_notice:
        w.sub(body_head, "rights").text = clean(item.copyright_notice)
    if item.byline:
        w.sub(body_head, "byline").text = clean(item.byline)
    if item.credit:
        w.sub(body_head, "distributor").text = clean(item.credit)
    if item.dateline_place or item.dateline_date:
        dateline = w.sub(body_head, "dateline")
        if item.dateline_place:
            w.sub(dateline, "location").text = clean(item.dateline_place)
        if item.dateline_date:
            if item.dateline_place:
                dateline[0].tail = ", "
            norm = {"norm": item.dateline_date.strftime("%Y%m%d")}
            w.sub(dateline, "story.date", norm).text = item.dateline_date.strftime("%d/%m/%Y")
    if item.abstract:
        abstract = w.sub(body_head, "abstract")
        for line in item.abstract.split("\n"):
            w.sub(abstract, "p").text = clean(line)
    body_content = w.sub(body, "body.content")
    html_to_nitf(item.body_html, body_content)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def check_code(code: str, path: str) -> None:
    if not (len(code) == 8 and code.isascii() and code.isdigit()):
        raise FormatError(f"not an IPTC Media Topic code (8 digits): {code!r}", path)


@cache
def _topic_label(code: str, lang: str) -> str:
    """The label of a known Media Topic in `lang` (else Vietnamese, else English), or ""."""
    if not mediatopics.is_known(code):
        return ""
    return mediatopics.get(code).label(lang or "vi")


# ---------------------------------------------------------------------------------------------
# NITF decode
# ---------------------------------------------------------------------------------------------

_MANAGEMENT_STATUS = {"usable": "usable", "embargoed": "usable", "withheld": "withheld"}
_MANAGEMENT_STATUS.update(canceled="canceled", cancelled="canceled")


def _children(el: Element | None, name: str) -> list[Element]:
    if el is None:
        return []
    return [c for c in el if localname(c) == name]


def _child(el: Element | None, name: str) -> Element | None:
    if el is None:
        return None
    for c in el:
        if localname(c) == name:
            return c
    return None


def _medtop_code(value: str, idsrc: str = "") -> str | None:
    """The 8-digit Media Topic code of a qcode, URI or (with a mediatopic idsrc) bare code."""
    value = value.strip()
    for prefix in ("medtop:", MEDTOP_URI, MEDTOP_URI.replace("http:", "https:", 1)):
        if value.startswith(prefix):
            value = value[len(prefix) :].rstrip("/")
            break
    else:
        if "mediatopic" not in idsrc.lower():
            return None
    if len(value) == 8 and value.isascii() and value.isdigit():
        return value
    return None


def decode(data: bytes) -> NewsItem:
    """Read a NITF document (3.x, with the NITF 3.6 namespace or none; a DOCTYPE without entity
    declarations is accepted and never fetched)."""
    root = parse_xml(data)
    ns = etree.QName(root).namespace
    if localname(root) != "nitf" or ns not in (None, NITF_NS):
        raise FormatError(f"expected a nitf root element, found {root.tag!r}", xpath_of(root))
    head = _child(root, "head")
    docdata = _child(head, "docdata")
    doc_id = _child(docdata, "doc-id")
    if doc_id is None or not (doc_id.get("id-string") or "").strip():
        where = xpath_of(doc_id) if doc_id is not None else "/nitf/head/docdata/doc-id"
        raise FormatError("the document has no doc-id/@id-string (the item guid)", where)
    item = NewsItem(guid=nfc(doc_id.get("id-string").strip()), type="text", language="")
    item.language = (root.get("baselang") or root.get(XML_LANG) or "").strip()
    item.provider = collapse(doc_id.get("regsrc") or "")
    _decode_docdata(docdata, item)
    title = _child(head, "title")
    tobject = _child(head, "tobject")
    for prop in _children(tobject, "tobject.property"):
        genre = collapse(prop.get("tobject.property.type") or "")
        if genre:
            item.genre = genre
            break

    body = _child(root, "body")
    if body is None:
        raise FormatError("the document has no body", "/nitf/body")
    body_head = _child(body, "body.head")
    hedline = _child(body_head, "hedline")
    hl1 = _child(hedline, "hl1")
    if hl1 is not None:
        item.headline = element_text(hl1)
    elif title is not None:
        item.headline = element_text(title)
    rights = _child(body_head, "rights")
    if rights is not None:
        item.copyright_notice = element_text(rights)
    item.byline = ", ".join(t for b in _children(body_head, "byline") if (t := element_text(b)))
    distributor = _child(body_head, "distributor")
    if distributor is not None:
        item.credit = element_text(distributor)
    dateline = _child(body_head, "dateline")
    if dateline is not None:
        _decode_dateline(dateline, item)
    lines: list[str] = []
    for abstract in _children(body_head, "abstract"):
        blocks = [c for c in abstract if localname(c)]
        lines.extend(element_text(b) for b in blocks)
        if not blocks and abstract.text and abstract.text.strip():
            lines.append(collapse(abstract.text))
    item.abstract = "\n".join(lines)
    item.body_html = markup_to_html(*_children(body, "body.content"))
    return item


def _decode_docdata(docdata: Element | None, item: NewsItem) -> None:
    if docdata is None:
        return
    status = (docdata.get("management-status") or "").strip().lower()
    if status:
        if status not in _MANAGEMENT_STATUS:
            raise FormatError(
                f"unknown management-status {status!r}", where(docdata, "management-status")
            )
        item.pubstatus = _MANAGEMENT_STATUS[status]
    for el in docdata:
        name = localname(el)
        if name == "urgency" and el.get("ed-urg"):
            item.urgency = parse_int(el.get("ed-urg"), el, "ed-urg", 1, 9)
        elif name == "date.issue" and el.get("norm"):
            item.version_created = parse_datetime(el.get("norm"), el, "norm")
        elif name == "date.release" and el.get("norm"):
            item.embargo_until = parse_datetime(el.get("norm"), el, "norm")
        elif name == "ed-msg" and el.get("info"):
            item.ednote = _lines(el.get("info"))
        elif name == "du-key":
            if el.get("key"):
                item.slugline = collapse(el.get("key"))
            if el.get("version"):
                item.version = parse_int(el.get("version"), el, "version", 1)
        elif name == "doc.copyright" and el.get("holder"):
            item.copyright_holder = collapse(el.get("holder"))
        elif name == "doc.rights" and el.get("limitations"):
            item.usage_terms = _lines(el.get("limitations"))
        elif name == "key-list":
            item.keywords.extend(
                k for kw in _children(el, "keyword") if (k := collapse(kw.get("key") or ""))
            )
        elif name == "identified-content":
            _decode_identified(el, item)


def _lines(text: str) -> str:
    return "\n".join(collapse(line) for line in text.split("\n")).strip("\n")


def _decode_identified(content: Element, item: NewsItem) -> None:
    targets: dict[str, Callable[[str], None]] = {
        "person": item.people.append,
        "org": item.organisations.append,
        "location": item.places.append,
    }
    for el in content:
        name = localname(el)
        if name == "classifier":
            code = _medtop_code(
                el.get("value") or "", (el.get("idsrc") or "") + (el.get("type") or "")
            )
            if code:
                item.subjects.append(code)
        elif name in targets:
            text = element_text(el) or collapse(el.get("value") or "")
            if text:
                targets[name](text)


def _decode_dateline(dateline: Element, item: NewsItem) -> None:
    location = _child(dateline, "location")
    story_date = _child(dateline, "story.date")
    if location is not None:
        item.dateline_place = element_text(location)
    else:
        own = collapse(dateline.text or "")
        if not own and story_date is None:
            own = element_text(dateline)
        item.dateline_place = own.split(",")[0].strip()
    if story_date is not None and story_date.get("norm"):
        norm = story_date.get("norm").strip()
        item.dateline_date = parse_date(norm, story_date, "norm")
