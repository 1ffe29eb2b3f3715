from __future__ import annotations

from typing import Any

import pytest
from media_samples import picture

from toasoan.newsroom.media import (
    SNIFF_BYTES,
    Kind,
    MediaTooLarge,
    Sniffed,
    UnsupportedMedia,
    check_size,
    sniff,
)

MB = 1024 * 1024


def ftyp(major: bytes, *compatible: bytes) -> bytes:
    body = major + b"\x00\x00\x02\x00" + b"".join(compatible)
    return (8 + len(body)).to_bytes(4, "big") + b"ftyp" + body + b"\x00\x00\x00\x08free"


def ogg(first_packet: bytes) -> bytes:
    header = b"OggS\x00\x02" + bytes(20) + b"\x01" + bytes([len(first_packet)])
    return header + first_packet


def ebml(doctype: bytes) -> bytes:
    element = b"\x42\x82" + bytes([0x80 | len(doctype)]) + doctype
    return b"\x1a\x45\xdf\xa3" + bytes([0x80 | len(element)]) + element


def transport_stream(packet: int = 188, prefix: bytes = b"") -> bytes:
    return (prefix + b"\x47" + bytes(packet - 1 - len(prefix))) * 4


HEADERS: dict[str, tuple[bytes, Kind, str, str]] = {
    "jpeg": (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "picture", "image/jpeg", "jpg"),
    "png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "picture", "image/png", "png"),
    "gif87": (b"GIF87a\x01\x00\x01\x00", "picture", "image/gif", "gif"),
    "gif89": (b"GIF89a\x01\x00\x01\x00", "picture", "image/gif", "gif"),
    "webp": (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "picture", "image/webp", "webp"),
    "tiff-le": (b"II*\x00\x08\x00\x00\x00", "picture", "image/tiff", "tif"),
    "tiff-be": (b"MM\x00*\x00\x00\x00\x08", "picture", "image/tiff", "tif"),
    "avif": (ftyp(b"avif", b"mif1", b"miaf"), "picture", "image/avif", "avif"),
    "pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "graphic", "application/pdf", "pdf"),
    "mp4-isom": (ftyp(b"isom", b"isom", b"iso2", b"avc1", b"mp41"), "video", "video/mp4", "mp4"),
    "mp4-mp42": (ftyp(b"mp42", b"mp42", b"isom"), "video", "video/mp4", "mp4"),
    "mp4-avc1": (ftyp(b"avc1"), "video", "video/mp4", "mp4"),
    "m4v": (ftyp(b"M4V ", b"M4V ", b"M4A ", b"mp42"), "video", "video/mp4", "mp4"),
    "dash": (ftyp(b"dash", b"iso6", b"mp41"), "video", "video/mp4", "mp4"),
    "xavc": (ftyp(b"XAVC", b"XAVC", b"mp42", b"iso2"), "video", "video/mp4", "mp4"),
    "mov": (ftyp(b"qt  ", b"qt  "), "video", "video/quicktime", "mov"),
    "mov-no-ftyp": (b"\x00\x00\x00\x08wide\x00\x10\x00\x00mdat", "video", "video/quicktime", "mov"),
    "3gp": (ftyp(b"3gp5", b"3gp5", b"isom"), "video", "video/3gpp", "3gp"),
    "webm": (ebml(b"webm"), "video", "video/webm", "webm"),
    "mkv": (ebml(b"matroska"), "video", "video/x-matroska", "mkv"),
    "mpeg-ts": (transport_stream(), "video", "video/mp2t", "ts"),
    "m2ts": (transport_stream(192, b"\x00\x00\x00\x00"), "video", "video/mp2t", "ts"),
    "mpeg-ps": (b"\x00\x00\x01\xba\x44\x00\x04\x00", "video", "video/mpeg", "mpg"),
    "avi": (b"RIFF\x00\x10\x00\x00AVI LIST", "video", "video/x-msvideo", "avi"),
    "ogv": (ogg(b"\x80theora\x03\x02\x01"), "video", "video/ogg", "ogv"),
    "mp3-id3": (b"ID3\x04\x00\x00\x00\x00\x00\x21TIT2", "audio", "audio/mpeg", "mp3"),
    "mp3-sync-fffb": (b"\xff\xfb\x90\x64\x00\x00", "audio", "audio/mpeg", "mp3"),
    "mp3-sync-fff3": (b"\xff\xf3\x84\xc4\x00\x00", "audio", "audio/mpeg", "mp3"),
    "mp3-mpeg25-ffe3": (b"\xff\xe3\x18\xc4\x00\x00", "audio", "audio/mpeg", "mp3"),
    "aac-adts": (b"\xff\xf1\x50\x80\x02\x1f\xfc", "audio", "audio/aac", "aac"),
    "wav": (b"RIFF\x24\x08\x00\x00WAVEfmt ", "audio", "audio/wav", "wav"),
    "aiff": (b"FORM\x00\x00\x10\x00AIFFCOMM", "audio", "audio/aiff", "aif"),
    "ogg-opus": (ogg(b"OpusHead\x01\x02"), "audio", "audio/ogg", "opus"),
    "ogg-vorbis": (ogg(b"\x01vorbis\x00\x00\x00\x00"), "audio", "audio/ogg", "ogg"),
    "flac": (b"fLaC\x00\x00\x00\x22", "audio", "audio/flac", "flac"),
    "m4a": (ftyp(b"M4A ", b"M4A ", b"mp42", b"isom"), "audio", "audio/mp4", "m4a"),
}


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_sniff_detects_format_from_magic_bytes(name: str) -> None:
    head, kind, mime, extension = HEADERS[name]
    assert sniff(head) == Sniffed(kind, mime, extension)


@pytest.mark.parametrize(
    ("fmt", "save", "mime"),
    [
        ("JPEG", {}, "image/jpeg"),
        ("PNG", {}, "image/png"),
        ("GIF", {}, "image/gif"),
        ("WEBP", {}, "image/webp"),
        ("TIFF", {"compression": "tiff_lzw"}, "image/tiff"),
        ("TIFF", {"big_endian": True}, "image/tiff"),
    ],
)
def test_sniff_detects_real_pictures(fmt: str, save: dict[str, Any], mime: str) -> None:
    found = sniff(picture(fmt=fmt, **save)[:SNIFF_BYTES])
    assert (found.kind, found.mime) == ("picture", mime)


@pytest.mark.parametrize(
    "head",
    [
        b"",
        b"hello, this is a text file that somebody renamed to photo.jpg\n",
        b"<!DOCTYPE html><html><body>not a picture</body></html>",
        b"<svg xmlns='http://www.w3.org/2000/svg'></svg>",
        b"PK\x03\x04\x14\x00\x06\x00",  # zip / docx
        b"MZ\x90\x00\x03\x00",  # Windows executable
        b"\xff\xd9\x00\x00",  # JPEG end marker alone is no frame sync
        b"\xff\xff\xff\xff",  # bitrate and sample-rate bits "bad": not MPEG audio
        ftyp(b"zzzz", b"yyyy"),  # an ISO box file with unknown brands
        b"RIFF\x00\x00\x00\x00CDXA",
        b"abcdfree text that mentions free",
    ],
)
def test_sniff_rejects_unknown_content(head: bytes) -> None:
    with pytest.raises(
        UnsupportedMedia,
        match="file content is not a supported picture, video, audio or graphic format",
    ):
        sniff(head)


@pytest.mark.parametrize("brand", [b"heic", b"mif1", b"crx "])
def test_sniff_rejects_heif_and_raw_with_advice(brand: bytes) -> None:
    with pytest.raises(UnsupportedMedia, match="export the picture as JPEG"):
        sniff(ftyp(brand, brand, b"heic"))


def test_sniff_ignores_what_the_file_claims_to_be() -> None:
    # A text file named photo.jpg: only the bytes are looked at.
    with pytest.raises(UnsupportedMedia):
        sniff(b"photo.jpg\nJFIF\xff\xd8\xff", declared_kind="picture")


def test_declared_kind_must_match_content() -> None:
    jpeg_head = HEADERS["jpeg"][0]
    with pytest.raises(
        UnsupportedMedia, match=r"^declared kind 'audio' but the content is a JPEG picture$"
    ):
        sniff(jpeg_head, declared_kind="audio")
    with pytest.raises(
        UnsupportedMedia, match=r"^declared kind 'picture' but the content is a PDF graphic$"
    ):
        sniff(HEADERS["pdf"][0], declared_kind="picture")
    with pytest.raises(UnsupportedMedia, match="declared kind 'video' but the content is a M4A"):
        sniff(HEADERS["m4a"][0], declared_kind="video")
    with pytest.raises(UnsupportedMedia, match=r"declared kind 'graphic' but .* MP3 audio"):
        sniff(HEADERS["mp3-id3"][0], declared_kind="graphic")


def test_declared_kind_matching_content_is_accepted() -> None:
    assert sniff(HEADERS["jpeg"][0], declared_kind="picture").kind == "picture"
    assert sniff(HEADERS["wav"][0], declared_kind="audio").kind == "audio"
    assert sniff(HEADERS["webm"][0], declared_kind="video").kind == "video"


@pytest.mark.parametrize("name", ["jpeg", "png", "gif89", "webp", "tiff-le", "pdf"])
def test_declared_graphic_accepts_pictures_and_pdf(name: str) -> None:
    head, _kind, mime, extension = HEADERS[name]
    assert sniff(head, declared_kind="graphic") == Sniffed("graphic", mime, extension)


@pytest.mark.parametrize(
    ("name", "mime", "extension"),
    [
        ("mp4-isom", "audio/mp4", "m4a"),
        ("mov", "audio/mp4", "m4a"),
        ("webm", "audio/webm", "weba"),
        ("mkv", "audio/x-matroska", "mka"),
    ],
)
def test_declared_audio_accepts_sound_only_containers(name: str, mime: str, extension: str) -> None:
    assert sniff(HEADERS[name][0], declared_kind="audio") == Sniffed("audio", mime, extension)


def test_unknown_declared_kind_is_rejected() -> None:
    with pytest.raises(UnsupportedMedia, match="unknown media kind 'document'"):
        sniff(HEADERS["pdf"][0], declared_kind="document")


def test_sniffed_is_immutable() -> None:
    found = sniff(HEADERS["png"][0])
    with pytest.raises(AttributeError):
        found.kind = "video"  # type: ignore[misc]


LIMITS = {"picture": 40 * MB, "video": 2048 * MB, "audio": 300 * MB}


def test_check_size_accepts_up_to_the_limit() -> None:
    check_size("picture", 0, LIMITS)
    check_size("picture", 40 * MB, LIMITS)
    check_size("video", 2 * 1024 * MB, LIMITS)


def test_check_size_rejects_over_the_limit_naming_kind_and_limit() -> None:
    with pytest.raises(MediaTooLarge) as caught:
        check_size("picture", 40 * MB + 1, LIMITS)
    assert str(caught.value) == "picture file is 40.0 MB; the limit for picture files is 40 MB"
    with pytest.raises(MediaTooLarge, match=r"audio file is 512 MB; .* audio files is 300 MB"):
        check_size("audio", 512 * MB, LIMITS)
    assert issubclass(MediaTooLarge, ValueError)


def test_check_size_kind_without_limit_and_negative_size() -> None:
    check_size("graphic", 10_000 * MB, LIMITS)
    with pytest.raises(ValueError, match="negative"):
        check_size("picture", -1, LIMITS)
