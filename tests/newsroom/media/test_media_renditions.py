from __future__ import annotations

import io
import math

import pytest
from media_samples import iim, jpeg, opened, picture, xmp_packet
from PIL import Image, ImageCms

from toasoan.newsroom.media import (
    RENDITION_SPECS,
    InvalidCrop,
    UnsupportedMedia,
    crop,
    fit_within,
    make_renditions,
)

SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def oriented(size: tuple[int, int], orientation: int) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010E] = "secret caption"
    return jpeg(size, exif=exif)


def test_rendition_specs() -> None:
    assert RENDITION_SPECS == {"thumbnail": 240, "viewImage": 1024, "baseImage": 1920}


def test_renditions_of_a_large_photo() -> None:
    data = jpeg(
        (4000, 3000),
        exif=Image.Exif(),
        xmp=xmp_packet("<photoshop:City>Hà Nội</photoshop:City>"),
        iptc=iim((2, 120, b"caption")),
        icc_profile=SRGB,
    )
    renditions = make_renditions(data)
    assert [r.name for r in renditions] == ["thumbnail", "viewImage", "baseImage"]
    assert [(r.width, r.height) for r in renditions] == [(240, 180), (1024, 768), (1920, 1440)]
    for rendition in renditions:
        assert rendition.mime == "image/jpeg"
        im = opened(rendition.content)
        assert (im.format, im.size, im.mode) == ("JPEG", (rendition.width, rendition.height), "RGB")
        assert im.info.get("icc_profile") == SRGB  # colour profile kept
        for stripped in ("exif", "xmp", "photoshop"):  # everything else removed
            assert stripped not in im.info
        assert not im.getexif()


def test_small_pictures_are_never_upscaled() -> None:
    renditions = make_renditions(jpeg((300, 200)))
    assert [(r.width, r.height) for r in renditions] == [(240, 160), (300, 200), (300, 200)]
    assert all(opened(r.content).size == (r.width, r.height) for r in renditions)


@pytest.mark.parametrize("size", [(1, 1), (5000, 7), (7, 5000), (1000, 1000), (2500, 1200)])
def test_aspect_ratio_is_preserved(size: tuple[int, int]) -> None:
    for rendition in make_renditions(picture(size, fmt="PNG")):
        longest = RENDITION_SPECS[rendition.name]
        assert max(rendition.width, rendition.height) == min(longest, max(size))
        assert rendition.width >= 1 and rendition.height >= 1
        scale = max(rendition.width, rendition.height) / max(size)
        assert abs(size[0] * scale - rendition.width) <= 1
        assert abs(size[1] * scale - rendition.height) <= 1


def test_exif_orientation_is_applied_and_removed() -> None:
    renditions = make_renditions(oriented((400, 300), 6))
    assert [(r.width, r.height) for r in renditions] == [(180, 240), (300, 400), (300, 400)]
    im = opened(renditions[-1].content)
    assert im.getexif().get(0x0112) is None
    assert b"secret caption" not in renditions[-1].content


def test_transparent_png_stays_png_with_alpha() -> None:
    im = Image.new("RGBA", (600, 400), (0, 128, 255, 255))
    im.paste((0, 0, 0, 0), (0, 0, 300, 400))
    out = io.BytesIO()
    im.save(out, "PNG")
    renditions = make_renditions(out.getvalue())
    assert {r.mime for r in renditions} == {"image/png"}
    result = opened(renditions[0].content)
    assert result.mode == "RGBA"
    assert result.getchannel("A").getextrema() == (0, 255)


@pytest.mark.parametrize(
    ("mode", "color", "fmt", "result_mode"),
    [
        ("RGBA", (10, 20, 30, 255), "PNG", "RGB"),  # opaque alpha: a photo after all
        ("P", 3, "GIF", "RGB"),
        ("L", 128, "PNG", "L"),
        ("1", 1, "PNG", "L"),
        ("CMYK", (0, 100, 200, 0), "JPEG", "RGB"),
        ("I;16", 40000, "PNG", "L"),
    ],
)
def test_colour_modes_become_jpeg(mode: str, color: object, fmt: str, result_mode: str) -> None:
    renditions = make_renditions(picture((50, 40), mode=mode, color=color, fmt=fmt))
    assert {r.mime for r in renditions} == {"image/jpeg"}
    assert opened(renditions[0].content).mode == result_mode


def test_sixteen_bit_grey_is_scaled_not_clipped() -> None:
    renditions = make_renditions(picture((20, 20), mode="I;16", color=32768, fmt="PNG"))
    assert opened(renditions[0].content).getpixel((5, 5)) in range(126, 131)


def test_cmyk_with_unusable_profile_falls_back_to_plain_conversion() -> None:
    data = picture((40, 40), mode="CMYK", color=(0, 0, 0, 0), fmt="JPEG", icc_profile=SRGB)
    (thumbnail, *_rest) = make_renditions(data)
    im = opened(thumbnail.content)
    assert im.mode == "RGB"
    assert "icc_profile" not in im.info  # a CMYK profile must not label RGB pixels
    assert im.getpixel((20, 20)) == pytest.approx((255, 255, 255), abs=3)


def test_animated_gif_uses_first_frame() -> None:
    frames = [Image.new("P", (30, 20), index) for index in range(3)]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:])
    renditions = make_renditions(out.getvalue())
    assert [(r.width, r.height) for r in renditions] == [(30, 20)] * 3


@pytest.mark.parametrize("data", [b"", b"not a picture", b"%PDF-1.4\n"])
def test_renditions_of_non_pictures_raise(data: bytes) -> None:
    with pytest.raises(UnsupportedMedia):
        make_renditions(data)


def test_truncated_jpeg_raises_unsupported_media() -> None:
    data = jpeg((400, 300))
    with pytest.raises(UnsupportedMedia, match="damaged or truncated"):
        make_renditions(data[: len(data) // 2])


@pytest.mark.parametrize("focal_point", [(1.5, 0.5), (0.5, -0.1), (math.nan, 0.5)])
def test_renditions_validate_focal_point(focal_point: tuple[float, float]) -> None:
    with pytest.raises(InvalidCrop, match="focal point"):
        make_renditions(jpeg(), focal_point=focal_point)


def test_renditions_accept_a_valid_focal_point() -> None:
    assert len(make_renditions(jpeg(), focal_point=(0.0, 1.0))) == 3


def test_fit_within() -> None:
    assert fit_within((4000, 3000), 240) == (240, 180)
    assert fit_within((3000, 4000), 240) == (180, 240)
    assert fit_within((100, 50), 240) == (100, 50)
    assert fit_within((10000, 1), 240) == (240, 1)


def test_crop_is_also_exported_here() -> None:
    assert crop(jpeg((40, 40)), aspect=(1, 1)).mime == "image/jpeg"
