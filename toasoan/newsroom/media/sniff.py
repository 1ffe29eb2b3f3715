"""Decide what an uploaded file is from its content (magic bytes) alone.

The file name and the browser's Content-Type are never consulted: both are
chosen by the uploader. Pass the first :data:`SNIFF_BYTES` bytes of the file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal, get_args

Kind = Literal["picture", "graphic", "video", "audio"]
KINDS: tuple[Kind, ...] = get_args(Kind)

#: How many leading bytes :func:`sniff` wants (MPEG-TS needs three packets).
SNIFF_BYTES = 1024

_MB = 1024 * 1024


class UnsupportedMedia(ValueError):
    """The content is not a format the newsroom accepts for the given kind."""


class MediaTooLarge(ValueError):
    """The file is bigger than the configured limit for its kind."""


@dataclass(frozen=True)
class Sniffed:
    kind: Kind
    mime: str
    extension: str


_Format = tuple[Kind, str, str]

JPEG: _Format = ("picture", "image/jpeg", "jpg")
PNG: _Format = ("picture", "image/png", "png")
GIF: _Format = ("picture", "image/gif", "gif")
WEBP: _Format = ("picture", "image/webp", "webp")
TIFF: _Format = ("picture", "image/tiff", "tif")
AVIF: _Format = ("picture", "image/avif", "avif")
PDF: _Format = ("graphic", "application/pdf", "pdf")
MP4: _Format = ("video", "video/mp4", "mp4")
MOV: _Format = ("video", "video/quicktime", "mov")
THREE_GP: _Format = ("video", "video/3gpp", "3gp")
WEBM: _Format = ("video", "video/webm", "webm")
MKV: _Format = ("video", "video/x-matroska", "mkv")
MPEG_TS: _Format = ("video", "video/mp2t", "ts")
MPEG_PS: _Format = ("video", "video/mpeg", "mpg")
AVI: _Format = ("video", "video/x-msvideo", "avi")
OGV: _Format = ("video", "video/ogg", "ogv")
MP3: _Format = ("audio", "audio/mpeg", "mp3")
AAC: _Format = ("audio", "audio/aac", "aac")
M4A: _Format = ("audio", "audio/mp4", "m4a")
WAV: _Format = ("audio", "audio/wav", "wav")
AIFF: _Format = ("audio", "audio/aiff", "aif")
OGG: _Format = ("audio", "audio/ogg", "ogg")
OPUS: _Format = ("audio", "audio/ogg", "opus")
FLAC: _Format = ("audio", "audio/flac", "flac")
WEBA: _Format = ("audio", "audio/webm", "weba")
MKA: _Format = ("audio", "audio/x-matroska", "mka")

#: Containers that may hold sound only: declared "audio" takes them as audio.
_AUDIO_VARIANT: dict[_Format, _Format] = {MP4: M4A, MOV: M4A, WEBM: WEBA, MKV: MKA}

_AUDIO_BRANDS = {b"M4A ", b"M4B ", b"F4A ", b"F4B "}
# HEIF stills and Canon CR3 raw share the MP4 box structure but are not video.
_STILL_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1", b"crx "}
_GENERIC_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42"}
_VIDEO_BRANDS = _GENERIC_BRANDS | {
    b"avc1",
    b"iso3",
    b"iso7",
    b"iso8",
    b"iso9",
    b"mp71",
    b"mp21",
    b"mmp4",
    b"M4V ",
    b"M4VH",
    b"M4VP",
    b"dash",
    b"cmfc",
    b"cmfv",
    b"f4v ",
    b"f4p ",
    b"XAVC",
    b"MSNV",
    b"NDAS",
    b"CAEP",
}
_QT_ATOMS = {b"moov", b"wide", b"free", b"skip", b"pnot"}


def _quicktime_without_ftyp(head: bytes) -> _Format | None:
    size = int.from_bytes(head[0:4], "big")
    atom = head[4:8]
    if atom == b"mdat" and size >= 8:
        return MOV
    return MOV if atom in _QT_ATOMS and 8 <= size < 1 << 24 else None


def _iso_bmff(head: bytes) -> _Format | None:
    if head[4:8] != b"ftyp":
        return _quicktime_without_ftyp(head)
    major = head[8:12]
    size = int.from_bytes(head[0:4], "big")
    end = min(max(size, 16), len(head))
    brands = {major} | {head[i : i + 4] for i in range(16, end - 3, 4)}
    if major in _AUDIO_BRANDS:
        return M4A
    if major in (b"avif", b"avis") or (major in (b"mif1", b"msf1") and b"avif" in brands):
        return AVIF
    if major in _STILL_BRANDS:
        raise UnsupportedMedia(
            "HEIC/HEIF and camera raw pictures are not supported; export the picture as JPEG"
        )
    if major == b"qt  ":
        return MOV
    if major.startswith((b"3gp", b"3g2")):
        return THREE_GP
    if major in _VIDEO_BRANDS or brands & _GENERIC_BRANDS:
        return MP4
    return None


def _matroska(head: bytes) -> _Format | None:
    if not head.startswith(b"\x1a\x45\xdf\xa3"):
        return None
    return WEBM if b"\x42\x82\x84webm" in head[:64] else MKV


def _riff(head: bytes) -> _Format | None:
    if head[:4] != b"RIFF":
        return None
    return {b"WEBP": WEBP, b"WAVE": WAV, b"AVI ": AVI}.get(head[8:12])


def _ogg(head: bytes) -> _Format | None:
    if not head.startswith(b"OggS") or len(head) < 27:
        return None
    start = 27 + head[26]  # page header, then one lacing byte per segment
    first_packet = head[start : start + 8]
    if first_packet.startswith(b"OpusHead"):
        return OPUS
    if first_packet.startswith(b"\x80theora"):
        return OGV
    return OGG


def _mpeg_ts(head: bytes) -> _Format | None:
    for packet, start in ((188, 0), (192, 4)):
        if len(head) > start + 2 * packet and all(
            head[start + i * packet] == 0x47 for i in range(3)
        ):
            return MPEG_TS
    return None


def _mpeg_audio(head: bytes) -> _Format | None:
    if head.startswith(b"ID3"):
        return MP3
    if len(head) < 3 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return None
    version, layer = (head[1] >> 3) & 0b11, (head[1] >> 1) & 0b11
    if layer == 0:
        return AAC if head[1] & 0xF6 == 0xF0 and (head[2] >> 2) & 0xF < 13 else None
    bitrate, rate = head[2] >> 4, (head[2] >> 2) & 0b11
    if version == 0b01 or bitrate == 0b1111 or rate == 0b11:
        return None
    return MP3


def _prefix(magic: tuple[bytes, ...], fmt: _Format) -> Callable[[bytes], _Format | None]:
    return lambda head: fmt if head.startswith(magic) else None


_RULES: tuple[Callable[[bytes], _Format | None], ...] = (
    _prefix((b"\xff\xd8\xff",), JPEG),
    _prefix((b"\x89PNG\r\n\x1a\n",), PNG),
    _prefix((b"GIF87a", b"GIF89a"), GIF),
    _prefix((b"II*\x00", b"MM\x00*"), TIFF),
    _prefix((b"%PDF-",), PDF),
    _prefix((b"fLaC",), FLAC),
    _prefix((b"\x00\x00\x01\xba",), MPEG_PS),
    _riff,
    _iso_bmff,
    _matroska,
    _ogg,
    lambda head: AIFF if head[:4] == b"FORM" and head[8:11] == b"AIF" else None,
    _mpeg_ts,
    _mpeg_audio,
)


def _detect(head: bytes) -> _Format:
    for rule in _RULES:
        found = rule(head)
        if found is not None:
            return found
    raise UnsupportedMedia(
        "file content is not a supported picture, video, audio or graphic format"
    )


def sniff(head: bytes, declared_kind: str | None = None) -> Sniffed:
    """Identify the media in ``head`` (the file's first bytes).

    With ``declared_kind`` the content must fit that kind: "graphic" accepts
    pictures and PDF, "audio" also accepts sound-only MP4/QuickTime/WebM/
    Matroska containers (which cannot be told apart from video by their first
    bytes), and any other mismatch raises :class:`UnsupportedMedia`.
    """
    if declared_kind is not None and declared_kind not in KINDS:
        raise UnsupportedMedia(
            f"unknown media kind {declared_kind!r}; expected one of {', '.join(KINDS)}"
        )
    fmt = _detect(head)
    kind, mime, extension = fmt
    if declared_kind is None or declared_kind == kind:
        return Sniffed(kind, mime, extension)
    if declared_kind == "graphic" and kind == "picture":
        return Sniffed("graphic", mime, extension)
    if declared_kind == "audio" and fmt in _AUDIO_VARIANT:
        return Sniffed(*_AUDIO_VARIANT[fmt])
    label = extension.upper() if kind != "picture" else mime.split("/")[1].upper()
    raise UnsupportedMedia(f"declared kind {declared_kind!r} but the content is a {label} {kind}")


def _megabytes(size: int) -> str:
    value = size / _MB
    return f"{value:.0f} MB" if value.is_integer() else f"{value:.1f} MB"


def check_size(kind: str, size: int, limits: Mapping[str, int]) -> None:
    """Raise :class:`MediaTooLarge` when ``size`` bytes exceed ``limits[kind]``.

    Limits are in bytes; a kind missing from ``limits`` is not limited.
    """
    if size < 0:
        raise ValueError(f"file size cannot be negative (got {size})")
    limit = limits.get(kind)
    if limit is not None and size > limit:
        raise MediaTooLarge(
            f"{kind} file is {_megabytes(size)}; the limit for {kind} files is {_megabytes(limit)}"
        )
