"""NITF block content / an XHTML body -> canonical body HTML (mapping in htmlbody/__init__.py)."""

from __future__ import annotations

import html as htmllib

from lxml import etree

from toasoan.formats.htmlbody.write import HEADINGS, XHTML_NS
from toasoan.formats.xmlsafe import XML_LANG, Element, localname
from toasoan.formats.xmltext import escape_text, iter_text, nfc

__all__ = ["markup_to_html"]

_BLOCK_NAMES = frozenset(
    "p hl1 hl2 h1 h2 h3 h4 h5 h6 ul ol dl bq blockquote block table nitf-table pre hr media "
    "figure div section article header footer aside main nav note fn body.content abstract "
    "address".split()
)
_PASSTHROUGH_INLINE = frozenset("u s sub sup code".split())


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
        elif name in ("hl1", "hl2") or name in HEADINGS:
            cls = (el.get("class") or "").strip()
            tag = cls if cls in HEADINGS else name if name in HEADINGS else "h2"
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
            out.append(f"<pre>{htmllib.escape(''.join(iter_text(el)), quote=False)}</pre>")
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
