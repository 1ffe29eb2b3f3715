"""Descriptive metadata embedded in pictures: IPTC IIM, then XMP, then EXIF.

Damaged metadata never raises: whatever could be read is returned. Only bytes
that are not a picture Pillow can open raise :class:`UnsupportedMedia`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, BinaryIO

from PIL import Image

from toasoan.newsroom.media._imaging import SWAPPING_ORIENTATIONS, decode_text, open_image
from toasoan.newsroom.media._iptc import Values, read_iptc
from toasoan.newsroom.media._xmp import read_xmp

logger = logging.getLogger(__name__)

_EXIF_IFD = 0x8769
_ORIENTATION = 0x0112
_EXIF_TEXT = {0x010E: "caption", 0x013B: "byline", 0x8298: "copyright_notice"}
_DATE_TIME_ORIGINAL, _DATE_TIME_DIGITIZED = 0x9003, 0x9004
_OFFSET_TIME_ORIGINAL, _OFFSET_TIME_DIGITIZED = 0x9011, 0x9012
_TEXT_FIELDS = ("caption", "headline", "credit", "byline", "copyright_notice", "source")
_PLACE_PARTS = ("sublocation", "city", "state", "country")


@dataclass
class EmbeddedMetadata:
    caption: str = ""
    headline: str = ""
    credit: str = ""
    byline: str = ""
    copyright_notice: str = ""
    source: str = ""
    keywords: list[str] = field(default_factory=list)
    date_taken: datetime | None = None
    city: str = ""
    country: str = ""
    place: str = ""
    width: int = 0
    height: int = 0

    def as_json(self) -> dict[str, Any]:
        """JSON-ready dict (``date_taken`` as ISO 8601 text or ``None``)."""
        data = asdict(self)
        data["date_taken"] = self.date_taken.isoformat() if self.date_taken else None
        return data


def _exif_text(value: object) -> str:
    if isinstance(value, bytes):
        raw = value
    elif isinstance(value, str):
        raw = value.encode("latin-1", "replace")  # Pillow decodes EXIF ASCII as Latin-1
    else:
        return ""
    return ", ".join(text for part in raw.split(b"\x00") if (text := decode_text(part)))


def _exif_date(value: object, offset: object) -> datetime | None:
    text = _exif_text(value)
    try:
        taken = datetime.strptime(text, "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    zone = _exif_text(offset)
    if len(zone) == 6 and zone[0] in "+-" and zone[3] == ":":
        try:
            delta = timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6]))
            return taken.replace(tzinfo=timezone(-delta if zone[0] == "-" else delta))
        except ValueError:
            return taken
    return taken


def read_exif(im: Image.Image) -> Values:
    exif = im.getexif()
    values: Values = {}
    for tag, name in _EXIF_TEXT.items():
        if text := _exif_text(exif.get(tag)):
            values[name] = text
    ifd = exif.get_ifd(_EXIF_IFD)
    taken = _exif_date(ifd.get(_DATE_TIME_ORIGINAL), ifd.get(_OFFSET_TIME_ORIGINAL)) or _exif_date(
        ifd.get(_DATE_TIME_DIGITIZED), ifd.get(_OFFSET_TIME_DIGITIZED)
    )
    if taken is not None:
        values["date_taken"] = taken
    return values


def _safely(reader: Callable[[Image.Image], Values], im: Image.Image) -> Values:
    try:
        return reader(im)
    except Exception:  # damaged metadata must not stop an upload
        logger.info("ignoring unreadable metadata (%s)", reader.__name__, exc_info=True)
        return {}


def _upright_size(im: Image.Image) -> tuple[int, int]:
    width, height = im.size
    try:
        orientation = im.getexif().get(_ORIENTATION, 1)
    except Exception:  # a broken EXIF block reads as "no rotation"
        logger.info("ignoring unreadable EXIF orientation", exc_info=True)
        orientation = 1
    return (height, width) if orientation in SWAPPING_ORIENTATIONS else (width, height)


def read_embedded_metadata(data: bytes | BinaryIO) -> EmbeddedMetadata:
    """Read caption, credits, keywords, date and place from a picture.

    For each field the first source that has it wins: IPTC IIM, then XMP, then
    EXIF. Text is NFC-normalised and stripped. ``width``/``height`` are those of
    the picture as displayed (after EXIF orientation).
    """
    with open_image(data) as im:
        sources = [_safely(reader, im) for reader in (read_iptc, read_xmp, read_exif)]
        width, height = _upright_size(im)

    def first(name: str) -> Any:
        return next((source[name] for source in sources if source.get(name)), None)

    found = EmbeddedMetadata(width=width, height=height)
    for name in (*_TEXT_FIELDS, "city", "country"):
        setattr(found, name, first(name) or "")
    found.keywords = list(first("keywords") or [])
    found.date_taken = first("date_taken")
    parts = [first(name) or "" for name in _PLACE_PARTS]
    found.place = ", ".join(dict.fromkeys(part for part in parts if part))
    return found
