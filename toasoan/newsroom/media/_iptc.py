"""IPTC IIM (Information Interchange Model) reading, tolerant of damaged blocks (private)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from PIL import Image

from toasoan.newsroom.media._imaging import decode_text

Values = dict[str, str | list[str] | datetime]

IPTC_NAA_TIFF_TAG = 33723
PHOTOSHOP_IPTC_RESOURCE = 0x0404
_UTF8_MARKERS = (b"\x1b%G", b"\x1b%/G", b"\x1b%/I")

# (record 2 dataset) -> field name; repeated datasets are joined or listed.
_TEXT_FIELDS = {
    120: "caption",
    105: "headline",
    110: "credit",
    80: "byline",
    116: "copyright_notice",
    115: "source",
    90: "city",
    92: "sublocation",
    95: "state",
    101: "country",
}
_TIME = re.compile(r"^(\d{2})(\d{2})(\d{2})(?:([+-])(\d{2})(\d{2}))?$")


def parse_iim(data: bytes) -> dict[tuple[int, int], list[bytes]]:
    """Split an IIM block into datasets; stop quietly at the first malformed one."""
    found: dict[tuple[int, int], list[bytes]] = {}
    pos = 0
    while pos + 5 <= len(data) and data[pos] == 0x1C:
        tag = (data[pos + 1], data[pos + 2])
        size = int.from_bytes(data[pos + 3 : pos + 5], "big")
        pos += 5
        if size & 0x8000:  # extended dataset: the low bits give the length of the length
            width = size & 0x7FFF
            if not 0 < width <= 4:
                break
            size = int.from_bytes(data[pos : pos + width], "big")
            pos += width
        if pos + size > len(data):
            break
        found.setdefault(tag, []).append(data[pos : pos + size])
        pos += size
    return found


def raw_iim(im: Image.Image) -> bytes | None:
    """The IIM block of a JPEG (Photoshop APP13 resource) or TIFF (tag 33723)."""
    photoshop = im.info.get("photoshop")
    if isinstance(photoshop, dict):
        block = photoshop.get(PHOTOSHOP_IPTC_RESOURCE)
        if isinstance(block, bytes):
            return block
    tagdata = getattr(getattr(im, "tag_v2", None), "_tagdata", None)
    if isinstance(tagdata, dict):
        block = tagdata.get(IPTC_NAA_TIFF_TAG)
        if isinstance(block, bytes):
            return block
    return None


def _date(day: bytes | None, time: bytes | None) -> datetime | None:
    if not day:
        return None
    try:
        taken = datetime.strptime(day.decode("ascii").strip(), "%Y%m%d")
    except (UnicodeDecodeError, ValueError):
        return None
    match = _TIME.match(time.decode("ascii", "replace").strip()) if time else None
    if match is None:
        return taken
    hour, minute, second, sign, off_h, off_m = match.groups()
    try:
        clock = taken.replace(hour=int(hour), minute=int(minute), second=int(second))
        if sign:
            offset = timedelta(hours=int(off_h), minutes=int(off_m))
            clock = clock.replace(tzinfo=timezone(-offset if sign == "-" else offset))
    except ValueError:
        return taken  # a bad time or offset leaves the date alone
    return clock


def read_iptc(im: Image.Image) -> Values:
    block = raw_iim(im)
    if not block:
        return {}
    datasets = parse_iim(block)
    utf8 = any(datasets.get((1, 90), [b""])[0].startswith(m) for m in _UTF8_MARKERS)
    values: Values = {}
    for dataset, name in _TEXT_FIELDS.items():
        parts = [decode_text(raw, utf8=utf8) for raw in datasets.get((2, dataset), [])]
        text = ", ".join(part for part in parts if part)
        if text:
            values[name] = text
    keywords = [decode_text(raw, utf8=utf8) for raw in datasets.get((2, 25), [])]
    if any(keywords):
        values["keywords"] = [word for word in keywords if word]
    taken = _date(
        next(iter(datasets.get((2, 55), [])), None), next(iter(datasets.get((2, 60), [])), None)
    )
    if taken is not None:
        values["date_taken"] = taken
    return values
