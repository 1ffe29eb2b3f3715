"""Helpers shared by the metadata and rendition modules (private)."""

from __future__ import annotations

import io
import re
import unicodedata
from typing import BinaryIO

from PIL import Image, UnidentifiedImageError

from toasoan.newsroom.media.sniff import UnsupportedMedia

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

#: EXIF orientations (5-8) that swap width and height when applied.
SWAPPING_ORIENTATIONS = frozenset({5, 6, 7, 8})


def open_image(data: bytes | BinaryIO) -> Image.Image:
    """Open ``data`` with Pillow (lazily: pixels are not decoded yet)."""
    stream = io.BytesIO(data) if isinstance(data, bytes | bytearray | memoryview) else data
    try:
        return Image.open(stream)
    except Image.DecompressionBombError as exc:
        raise UnsupportedMedia(f"picture has too many pixels to process safely: {exc}") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise UnsupportedMedia("file content is not a picture that can be opened") from exc


def load_pixels(im: Image.Image) -> None:
    """Decode the pixels, turning a damaged file into :class:`UnsupportedMedia`."""
    try:
        im.load()
    except Image.DecompressionBombError as exc:
        raise UnsupportedMedia(f"picture has too many pixels to process safely: {exc}") from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise UnsupportedMedia(f"picture data is damaged or truncated: {exc}") from exc


def clean_text(value: str) -> str:
    """NFC-normalise, drop control characters and surrounding whitespace."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", _CONTROL.sub("", value)).strip()


def decode_text(raw: bytes, *, utf8: bool = False) -> str:
    """Decode legacy metadata bytes: UTF-8 when declared or valid, else Windows-1252/Latin-1."""
    raw = raw.rstrip(b"\x00")
    try:
        return clean_text(raw.decode("utf-8"))
    except UnicodeDecodeError:
        if utf8:
            return clean_text(raw.decode("utf-8", "replace"))
    try:
        return clean_text(raw.decode("cp1252"))
    except UnicodeDecodeError:
        return clean_text(raw.decode("latin-1"))
