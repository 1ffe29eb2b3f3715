"""Demo media drawn with Pillow, carrying real embedded metadata (XMP) like agency photos do."""

from __future__ import annotations

import io
import math
import struct
import wave
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw

XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/">
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{caption}</rdf:li></rdf:Alt></dc:description>
<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">{rights}</rdf:li></rdf:Alt></dc:rights>
<dc:creator><rdf:Seq><rdf:li>{creator}</rdf:li></rdf:Seq></dc:creator>
<photoshop:Credit>{credit}</photoshop:Credit><photoshop:City>{city}</photoshop:City>
<photoshop:Country>{country}</photoshop:Country><photoshop:DateCreated>{taken}</photoshop:DateCreated>
</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>"""


def _hex(color: str) -> tuple[int, int, int]:
    color = color.lstrip("#")
    return (int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16))


def _draw_motif(draw: ImageDraw.ImageDraw, motif: str, w: int, h: int, fg: tuple[int, ...]) -> None:
    if motif == "skyline":
        for i in range(12):
            x = i * w // 12
            top = h // 2 - (i * 37 % 5) * h // 14
            draw.rectangle([x + 4, top, x + w // 12 - 4, h], fill=fg)
    elif motif in ("field", "river"):
        for i in range(8):
            y = h // 2 + i * h // 18
            draw.arc([-w // 4, y - 40, w + w // 4, y + 40], 0, 180, fill=fg, width=6)
    elif motif == "chart":
        for i in range(8):
            bar = (i * 53 % 7 + 2) * h // 11
            draw.rectangle(
                [40 + i * (w - 80) // 8, h - 30 - bar, 20 + (i + 1) * (w - 80) // 8, h - 30],
                fill=fg,
            )
    else:  # crowd, portrait, stadium
        for i in range(30 if motif != "portrait" else 1):
            r = 60 if motif != "portrait" else h // 3
            cx = (i * 97) % w if motif != "portrait" else w // 2
            cy = h // 2 + (i * 31) % (h // 3) if motif != "portrait" else h // 2
            draw.ellipse([cx - r // 2, cy - r // 2, cx + r // 2, cy + r // 2], fill=fg)


def picture(spec: dict[str, Any], caption: str, *, graphic: bool = False) -> bytes:
    """A JPEG photo (or PNG graphic) with an XMP packet carrying caption, credit and place."""
    w, h = (1600, 1067) if not graphic else (1200, 800)
    palette = spec.get("palette") or ["#1f4e79", "#f2c14e"]
    bg, fg = _hex(palette[0]), _hex(palette[-1])
    im = Image.new("RGB", (w, h), bg)
    draw = ImageDraw.Draw(im)
    for y in range(0, h, 4):  # a soft vertical gradient so renditions have real detail
        shade = tuple(max(0, c - y * 40 // h) for c in bg)
        draw.line([(0, y), (w, y)], fill=shade, width=4)
    _draw_motif(draw, spec.get("motif", "crowd"), w, h, fg)
    out = io.BytesIO()
    if graphic:
        im.save(out, "PNG", optimize=True)
        return out.getvalue()
    taken = spec.get("taken") or datetime(2026, 11, 20, 8, 30).isoformat()
    xmp = XMP.format(
        caption=escape(caption),
        rights=escape(spec.get("copyright", "")),
        creator=escape(spec.get("credit", "").split("/")[-1]),
        credit=escape(spec.get("credit", "")),
        city=escape(spec.get("city", "")),
        country=escape(spec.get("country", "")),
        taken=taken,
    )
    im.save(out, "JPEG", quality=82, xmp=xmp.encode("utf-8"))
    return out.getvalue()


def tone(seconds: float = 1.5, hz: float = 440.0) -> bytes:
    """A short WAV file (a real audio upload for audio items)."""
    rate = 16000
    frames = b"".join(
        struct.pack("<h", int(8000 * math.sin(2 * math.pi * hz * n / rate)))
        for n in range(int(rate * seconds))
    )
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(frames)
    return out.getvalue()
