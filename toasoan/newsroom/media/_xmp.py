"""XMP packet reading with lxml: no DTDs, no entities, no network (private)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from lxml import etree
from PIL import Image

from toasoan.newsroom.media._imaging import clean_text
from toasoan.newsroom.media._iptc import Values

XMP_TIFF_TAG = 700
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
DC = "http://purl.org/dc/elements/1.1/"
PHOTOSHOP = "http://ns.adobe.com/photoshop/1.0/"
IPTC_CORE = "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"
EXIF = "http://ns.adobe.com/exif/1.0/"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_CONTAINERS = {f"{{{RDF}}}Alt", f"{{{RDF}}}Seq", f"{{{RDF}}}Bag"}

# field name -> properties to try, in order
_TEXT_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "caption": ((DC, "description"),),
    "headline": ((PHOTOSHOP, "Headline"), (DC, "title")),
    "credit": ((PHOTOSHOP, "Credit"),),
    "byline": ((DC, "creator"),),
    "copyright_notice": ((DC, "rights"),),
    "source": ((PHOTOSHOP, "Source"),),
    "city": ((PHOTOSHOP, "City"),),
    "sublocation": ((IPTC_CORE, "Location"),),
    "state": ((PHOTOSHOP, "State"),),
    "country": ((PHOTOSHOP, "Country"),),
}
_PARTIAL_DATE = re.compile(r"\d{4}(-\d{2})?")
_DATES = ((PHOTOSHOP, "DateCreated"), (EXIF, "DateTimeOriginal"))


def raw_xmp(im: Image.Image) -> bytes | None:
    """The XMP packet of a JPEG/WebP/GIF (``xmp``), PNG (iTXt) or TIFF (tag 700)."""
    candidates: list[Any] = [im.info.get("xmp"), im.info.get("XML:com.adobe.xmp")]
    tags = getattr(im, "tag_v2", None)
    if tags is not None:
        candidates.append(tags.get(XMP_TIFF_TAG))
    for packet in candidates:
        if isinstance(packet, str):
            return packet.encode("utf-8")
        if isinstance(packet, bytes) and packet:
            return packet
    return None


def parse_packet(packet: bytes) -> Any:
    """Parse an XMP packet; ``None`` when it is unusable or carries a DTD."""
    packet = packet.strip(b"\x00 \t\r\n")
    if not packet or b"<!DOCTYPE" in packet or b"<!ENTITY" in packet:
        return None
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True
    )
    return etree.fromstring(packet, parser)


def _property(root: Any, namespace: str, name: str) -> list[str]:
    qname = f"{{{namespace}}}{name}"
    for description in root.iter(f"{{{RDF}}}Description"):
        attribute = description.get(qname)
        if attribute is not None:
            return [attribute]
        element = description.find(qname)
        if element is None:
            continue
        container = next((child for child in element if child.tag in _CONTAINERS), None)
        if container is None:
            return [element.text or ""]
        items = container.findall(f"{{{RDF}}}li")
        if container.tag == f"{{{RDF}}}Alt" and items:
            default = [li for li in items if li.get(_XML_LANG) == "x-default"]
            items = default[:1] or items[:1]
        return [li.text or "" for li in items]
    return []


def _date(text: str) -> datetime | None:
    text = text.strip()
    if _PARTIAL_DATE.fullmatch(text):  # "2024" or "2024-05" are valid XMP dates
        text += "-01-01"[len(text) - 4 :]
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def read_xmp(im: Image.Image) -> Values:
    packet = raw_xmp(im)
    root = parse_packet(packet) if packet else None
    if root is None:
        return {}
    values: Values = {}
    for field, properties in _TEXT_FIELDS.items():
        for namespace, name in properties:
            parts = [clean_text(part) for part in _property(root, namespace, name)]
            text = ", ".join(part for part in parts if part)
            if text:
                values[field] = text
                break
    keywords = [clean_text(word) for word in _property(root, DC, "subject")]
    if any(keywords):
        values["keywords"] = [word for word in keywords if word]
    for namespace, name in _DATES:
        taken = next((_date(text) for text in _property(root, namespace, name)), None)
        if taken is not None:
            values["date_taken"] = taken
            break
    return values
