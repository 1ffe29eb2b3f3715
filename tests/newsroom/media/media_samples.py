"""Builders for sample pictures with embedded IPTC, XMP and EXIF (test helpers)."""

from __future__ import annotations

import io
import struct
from typing import Any

from PIL import Image

UTF8_MARKER = (1, 90, b"\x1b%G")


def iim(*datasets: tuple[int, int, bytes]) -> bytes:
    """An IPTC IIM block from (record, dataset, value) triples (standard lengths)."""
    return b"".join(
        b"\x1c" + bytes((record, number)) + struct.pack(">H", len(value)) + value
        for record, number, value in datasets
    )


def photoshop_resource(block: bytes, resource: int = 0x0404) -> bytes:
    """A Photoshop 8BIM image resource (empty Pascal name, even padding)."""
    padded = block + (b"\x00" if len(block) % 2 else b"")
    return (
        b"8BIM" + struct.pack(">H", resource) + b"\x00\x00" + struct.pack(">I", len(block)) + padded
    )


def app13(payload: bytes) -> bytes:
    """A JPEG APP13 "Photoshop 3.0" segment carrying ``payload`` (8BIM resources)."""
    body = b"Photoshop 3.0\x00" + payload
    return b"\xff\xed" + struct.pack(">H", len(body) + 2) + body


def insert_after_soi(jpeg: bytes, segment: bytes) -> bytes:
    assert jpeg[:2] == b"\xff\xd8"
    return jpeg[:2] + segment + jpeg[2:]


def xmp_packet(*properties: str, attributes: str = "") -> bytes:
    """An XMP packet with one rdf:Description holding the given property elements."""
    body = "\n".join(properties)
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
    xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"
    xmlns:exif="http://ns.adobe.com/exif/1.0/" {attributes}>
{body}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()


def alt(name: str, *values: tuple[str, str]) -> str:
    items = "".join(f'<rdf:li xml:lang="{lang}">{text}</rdf:li>' for lang, text in values)
    return f"<{name}><rdf:Alt>{items}</rdf:Alt></{name}>"


def bag(name: str, *values: str, container: str = "Bag") -> str:
    items = "".join(f"<rdf:li>{text}</rdf:li>" for text in values)
    return f"<{name}><rdf:{container}>{items}</rdf:{container}></{name}>"


def picture(
    size: tuple[int, int] = (64, 48),
    *,
    mode: str = "RGB",
    color: object = (200, 30, 30),
    fmt: str = "JPEG",
    **save: Any,
) -> bytes:
    """A plain picture in ``fmt``; extra keyword arguments go to ``Image.save``."""
    out = io.BytesIO()
    Image.new(mode, size, color).save(out, fmt, **save)  # type: ignore[arg-type]
    return out.getvalue()


def jpeg(
    size: tuple[int, int] = (64, 48),
    *,
    exif: Image.Exif | None = None,
    xmp: bytes | None = None,
    iptc: bytes | None = None,
    icc_profile: bytes | None = None,
) -> bytes:
    """A JPEG with optional EXIF, XMP, ICC and an IPTC IIM block in APP13."""
    save: dict[str, Any] = {}
    if exif is not None:
        save["exif"] = exif
    if xmp is not None:
        save["xmp"] = xmp
    if icc_profile is not None:
        save["icc_profile"] = icc_profile
    data = picture(size, **save)
    if iptc is not None:
        data = insert_after_soi(data, app13(photoshop_resource(iptc)))
    return data


def opened(data: bytes) -> Image.Image:
    im = Image.open(io.BytesIO(data))
    im.load()
    return im
