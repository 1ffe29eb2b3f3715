from __future__ import annotations

import io
import json
import unicodedata
from datetime import datetime, timedelta, timezone

import pytest
from media_samples import (
    UTF8_MARKER,
    alt,
    app13,
    bag,
    iim,
    insert_after_soi,
    jpeg,
    photoshop_resource,
    picture,
    xmp_packet,
)
from PIL import Image, PngImagePlugin, TiffImagePlugin

from toasoan.newsroom.media import EmbeddedMetadata, UnsupportedMedia, read_embedded_metadata

ICT = timezone(timedelta(hours=7))


def exif(**tags: object) -> Image.Exif:
    """EXIF with IFD0 tags by number (``t0x010E=...``) and Exif-IFD dates."""
    data = Image.Exif()
    for key, value in tags.items():
        if key.startswith("t0x"):
            data[int(key[1:], 16)] = value
    ifd = data.get_ifd(0x8769)
    if "taken" in tags:
        ifd[0x9003] = tags["taken"]
    if "offset" in tags:
        ifd[0x9011] = tags["offset"]
    return data


def u(text: str) -> bytes:
    return text.encode("utf-8")


FULL_IPTC = iim(
    UTF8_MARKER,
    (2, 120, u("Người dân đi bộ quanh Hồ Hoàn Kiếm")),
    (2, 105, u("Phố đi bộ Hà Nội")),
    (2, 110, u("TTXVN")),
    (2, 80, u("Nguyễn Văn A")),
    (2, 116, u("© Thông tấn xã Việt Nam")),
    (2, 115, u("Ban Biên tập Ảnh")),
    (2, 25, u("Hà Nội")),
    (2, 25, u("du lịch")),
    (2, 25, u("phố đi bộ")),
    (2, 55, b"20240501"),
    (2, 60, b"193000+0700"),
    (2, 92, u("Hồ Hoàn Kiếm")),
    (2, 90, u("Hà Nội")),
    (2, 101, u("Việt Nam")),
)


def test_iptc_fields_are_read_as_utf8() -> None:
    found = read_embedded_metadata(jpeg(iptc=FULL_IPTC))
    assert found.caption == "Người dân đi bộ quanh Hồ Hoàn Kiếm"
    assert found.headline == "Phố đi bộ Hà Nội"
    assert found.credit == "TTXVN"
    assert found.byline == "Nguyễn Văn A"
    assert found.copyright_notice == "© Thông tấn xã Việt Nam"
    assert found.source == "Ban Biên tập Ảnh"
    assert found.keywords == ["Hà Nội", "du lịch", "phố đi bộ"]
    assert found.date_taken == datetime(2024, 5, 1, 19, 30, tzinfo=ICT)
    assert (found.city, found.country) == ("Hà Nội", "Việt Nam")
    assert found.place == "Hồ Hoàn Kiếm, Hà Nội, Việt Nam"
    assert (found.width, found.height) == (64, 48)


def test_vietnamese_text_is_nfc_normalised_and_stripped() -> None:
    decomposed = unicodedata.normalize("NFD", "  Hà Nội  \r\n")
    assert decomposed.strip() != "Hà Nội"  # really decomposed
    found = read_embedded_metadata(jpeg(iptc=iim(UTF8_MARKER, (2, 90, u(decomposed)))))
    assert found.city == "Hà Nội"
    assert unicodedata.is_normalized("NFC", found.city)


def test_iptc_without_charset_marker_tries_utf8_then_latin1() -> None:
    found = read_embedded_metadata(
        jpeg(iptc=iim((2, 120, u("Đà Nẵng")), (2, 80, "José Café".encode("latin-1"))))
    )
    assert found.caption == "Đà Nẵng"
    assert found.byline == "José Café"


def test_iptc_date_without_time_and_repeated_bylines() -> None:
    found = read_embedded_metadata(
        jpeg(iptc=iim((2, 55, b"20231231"), (2, 80, b"Tran B"), (2, 80, b"Le C")))
    )
    assert found.date_taken == datetime(2023, 12, 31)
    assert found.byline == "Tran B, Le C"


XMP_FULL = xmp_packet(
    alt("dc:description", ("vi", "Mô tả tiếng Việt"), ("x-default", "Cầu Rồng về đêm")),
    alt("dc:title", ("x-default", "Cầu Rồng")),
    bag("dc:creator", "Lê Thị B", container="Seq"),
    alt("dc:rights", ("x-default", "© TTXVN")),
    bag("dc:subject", "Đà Nẵng", "cầu", "du lịch"),
    "<photoshop:Credit>TTXVN</photoshop:Credit>",
    "<photoshop:DateCreated>2024-03-02T20:15:00+07:00</photoshop:DateCreated>",
    "<Iptc4xmpCore:Location>Sông Hàn</Iptc4xmpCore:Location>",
    attributes='photoshop:City="Đà Nẵng" photoshop:Country="Việt Nam" photoshop:Source="VNA"',
)


def test_xmp_fields_are_read() -> None:
    found = read_embedded_metadata(jpeg(xmp=XMP_FULL))
    assert found.caption == "Cầu Rồng về đêm"  # x-default wins over other languages
    assert found.headline == "Cầu Rồng"  # dc:title when there is no photoshop:Headline
    assert found.byline == "Lê Thị B"
    assert found.copyright_notice == "© TTXVN"
    assert found.keywords == ["Đà Nẵng", "cầu", "du lịch"]
    assert found.credit == "TTXVN"
    assert found.source == "VNA"
    assert found.date_taken == datetime(2024, 3, 2, 20, 15, tzinfo=ICT)
    assert found.place == "Sông Hàn, Đà Nẵng, Việt Nam"


def test_xmp_partial_date_and_headline() -> None:
    packet = xmp_packet(
        "<photoshop:Headline>Tiêu đề</photoshop:Headline>",
        alt("dc:title", ("x-default", "Object name")),
        "<photoshop:DateCreated>2019-07</photoshop:DateCreated>",
    )
    found = read_embedded_metadata(jpeg(xmp=packet))
    assert found.headline == "Tiêu đề"
    assert found.date_taken == datetime(2019, 7, 1)


def test_xmp_in_png_is_read() -> None:
    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", XMP_FULL.decode("utf-8"))
    found = read_embedded_metadata(picture(fmt="PNG", pnginfo=info))
    assert found.caption == "Cầu Rồng về đêm"


def test_exif_fields_are_read() -> None:
    tags = exif(
        t0x010E="Harbour at dawn",
        t0x013B="Pham D",
        t0x8298="VNA\x00Editor E",
        taken="2022:11:20 06:45:10",
        offset="+07:00",
    )
    found = read_embedded_metadata(jpeg(exif=tags))
    assert found.caption == "Harbour at dawn"
    assert found.byline == "Pham D"
    assert found.copyright_notice == "VNA, Editor E"
    assert found.date_taken == datetime(2022, 11, 20, 6, 45, 10, tzinfo=ICT)


def test_exif_utf8_bytes_and_naive_date() -> None:
    tags = exif(t0x010E=u("Vịnh Hạ Long"), taken="2021:01:02 03:04:05")
    found = read_embedded_metadata(jpeg(exif=tags))
    assert found.caption == "Vịnh Hạ Long"
    assert found.date_taken == datetime(2021, 1, 2, 3, 4, 5)


def test_priority_is_iptc_then_xmp_then_exif() -> None:
    data = jpeg(
        iptc=iim(UTF8_MARKER, (2, 120, u("IPTC caption")), (2, 90, u("Huế"))),
        xmp=xmp_packet(
            alt("dc:description", ("x-default", "XMP caption")),
            "<photoshop:Headline>XMP headline</photoshop:Headline>",
            "<photoshop:City>Sài Gòn</photoshop:City>",
            bag("dc:subject", "xmp"),
        ),
        exif=exif(t0x010E="EXIF caption", t0x013B="EXIF artist", taken="2020:02:02 02:02:02"),
    )
    found = read_embedded_metadata(data)
    assert found.caption == "IPTC caption"
    assert found.city == "Huế"
    assert found.headline == "XMP headline"  # IPTC has none
    assert found.keywords == ["xmp"]
    assert found.byline == "EXIF artist"  # only EXIF has it
    assert found.date_taken == datetime(2020, 2, 2, 2, 2, 2)


def test_exif_orientation_swaps_width_and_height() -> None:
    found = read_embedded_metadata(jpeg((80, 30), exif=exif(t0x0112=6)))
    assert (found.width, found.height) == (30, 80)
    found = read_embedded_metadata(jpeg((80, 30), exif=exif(t0x0112=3)))
    assert (found.width, found.height) == (80, 30)


def test_file_object_input_and_no_metadata() -> None:
    found = read_embedded_metadata(io.BytesIO(picture((10, 20), fmt="PNG")))
    assert found == EmbeddedMetadata(width=10, height=20)


def test_as_json_is_serialisable() -> None:
    found = read_embedded_metadata(jpeg(iptc=FULL_IPTC))
    data = json.loads(json.dumps(found.as_json()))
    assert data["date_taken"] == "2024-05-01T19:30:00+07:00"
    assert data["keywords"] == ["Hà Nội", "du lịch", "phố đi bộ"]


BROKEN_APP13 = [
    pytest.param(b"8BIM\x04\x04\x00", id="truncated-resource-header"),
    pytest.param(b"8BIM\x04\x04\x00\x00\xff\xff\xff\xff\x1c\x02x", id="length-past-end"),
    pytest.param(photoshop_resource(b"\x1c\x02x\x00\x05ab"), id="dataset-past-end"),
    pytest.param(photoshop_resource(b"\x1c\x02x\x80\x07abcdefghij"), id="bad-extended-length"),
    pytest.param(photoshop_resource(b"garbage that is not IIM at all"), id="not-iim"),
    pytest.param(photoshop_resource(iim((2, 55, b"2024xx01"), (2, 60, b"99"))), id="bad-date"),
    pytest.param(b"", id="empty"),
]


@pytest.mark.parametrize("payload", BROKEN_APP13)
def test_broken_app13_does_not_raise(payload: bytes) -> None:
    data = insert_after_soi(jpeg(), app13(payload))
    found = read_embedded_metadata(data)
    assert (found.width, found.height) == (64, 48)
    assert found.date_taken is None


def test_broken_iim_keeps_datasets_before_the_damage() -> None:
    block = iim((2, 120, b"kept")) + b"\x1c\x02\x50\x00\x40short"
    assert read_embedded_metadata(jpeg(iptc=block)).caption == "kept"


@pytest.mark.parametrize(
    "packet",
    [
        b"<x:xmpmeta><rdf:RDF><unclosed",
        b"\x00\x00\x00",
        b"not xml at all",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/">&e;</x:xmpmeta>',
    ],
)
def test_broken_or_hostile_xmp_is_ignored(packet: bytes) -> None:
    found = read_embedded_metadata(jpeg(xmp=packet, exif=exif(t0x010E="from exif")))
    assert found.caption == "from exif"
    assert "root:" not in json.dumps(found.as_json())


@pytest.mark.filterwarnings("ignore:Corrupt EXIF data")
def test_broken_exif_does_not_raise() -> None:
    data = jpeg(iptc=iim((2, 120, b"caption")))
    segment = b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\xff\xff\x00\x00"
    data = insert_after_soi(data, b"\xff\xe1" + (len(segment) + 2).to_bytes(2, "big") + segment)
    found = read_embedded_metadata(data)
    assert found.caption == "caption"
    assert (found.width, found.height) == (64, 48)


@pytest.mark.parametrize(
    "data", [b"", b"just text", b"%PDF-1.7\n", b"\xff\xd8\xff\xe0 truncated jpeg"]
)
def test_non_pictures_raise_unsupported_media(data: bytes) -> None:
    with pytest.raises(UnsupportedMedia, match="not a picture"):
        read_embedded_metadata(data)


def test_tiff_iptc_and_xmp_tags_are_read() -> None:
    tags = TiffImagePlugin.ImageFileDirectory_v2()
    tags[33723] = iim(UTF8_MARKER, (2, 120, u("Hà Nội về đêm")))
    tags.tagtype[33723] = 7  # UNDEFINED: raw bytes
    tags[700] = xmp_packet("<photoshop:City>Huế</photoshop:City>")
    tags.tagtype[700] = 1
    found = read_embedded_metadata(picture((30, 20), fmt="TIFF", tiffinfo=tags))
    assert (found.caption, found.city, found.width) == ("Hà Nội về đêm", "Huế", 30)


def test_webp_xmp_and_exif_are_read() -> None:
    data = picture(
        fmt="WEBP",
        xmp=xmp_packet("<photoshop:Country>Việt Nam</photoshop:Country>"),
        exif=exif(t0x013B="Vo F"),
    )
    found = read_embedded_metadata(data)
    assert (found.country, found.place, found.byline) == ("Việt Nam", "Việt Nam", "Vo F")
