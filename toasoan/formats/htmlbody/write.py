"""Body HTML -> NITF block content / XHTML elements (the mapping is in htmlbody/__init__.py)."""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from toasoan.formats.model import FormatError
from toasoan.formats.xmlsafe import XML_LANG, Element
from toasoan.formats.xmltext import clean, clean_line

__all__ = ["HEADINGS", "NITF_NS", "XHTML_NS", "NitfWriter", "html_to_nitf", "html_to_xhtml"]

NITF_NS = "http://iptc.org/std/NITF/2006-10-18/"
XHTML_NS = "http://www.w3.org/1999/xhtml"

_HTML_BLOCKS = frozenset(
    "p h1 h2 h3 h4 h5 h6 ul ol dl blockquote table pre hr figure img div section article "
    "header footer aside main nav figcaption address".split()
)
HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
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


class NitfWriter:
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
        elif tag in HEADINGS:
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
        NitfWriter(ns).blocks(root, dst)


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
