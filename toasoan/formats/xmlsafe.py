"""Hardened XML parsing for the XML formats (NITF, NewsML-G2), and element paths for errors.

`parse_xml` reads untrusted documents: no DTD loading, no network, no entity expansion; a DOCTYPE
that declares entities is refused. `localname`, `xpath_of` and `where` name elements (and their
attributes) the way FormatError paths report them: /newsMessage/itemSet/newsItem[2]/contentMeta.
"""

from __future__ import annotations

import threading
from typing import Any

from lxml import etree

from toasoan.formats.model import FormatError

__all__ = ["XML_LANG", "Element", "localname", "parse_xml", "where", "xpath_of"]

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

Element = Any  # lxml ships no type stubs

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


def where(el: Element, attr: str | None = None) -> str:
    """The path of an element or of one of its attributes (computed only for errors)."""
    return f"{xpath_of(el)}/@{attr}" if attr else xpath_of(el)
