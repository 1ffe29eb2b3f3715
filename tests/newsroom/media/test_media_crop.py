from __future__ import annotations

import io
import math

import pytest
from media_samples import jpeg, opened
from PIL import Image

from toasoan.newsroom.media import InvalidCrop, UnsupportedMedia, crop, crop_box


def quadrants(size: tuple[int, int]) -> bytes:
    """A PNG whose four quadrants are red, green, blue and white (top-left clockwise)."""
    width, height = size
    im = Image.new("RGB", size, (255, 0, 0))
    im.paste((0, 255, 0), (width // 2, 0, width, height // 2))
    im.paste((255, 255, 255), (width // 2, height // 2, width, height))
    im.paste((0, 0, 255), (0, height // 2, width // 2, height))
    out = io.BytesIO()
    im.save(out, "PNG")
    return out.getvalue()


def test_crop_to_explicit_box() -> None:
    result = crop(quadrants((400, 300)), box=(200, 0, 400, 150))
    assert (result.name, result.mime, result.width, result.height) == (
        "crop",
        "image/jpeg",
        200,
        150,
    )
    im = opened(result.content)
    assert im.size == (200, 150)
    assert im.getpixel((100, 75)) == pytest.approx((0, 255, 0), abs=8)  # the green quadrant


@pytest.mark.parametrize(
    "box",
    [
        (-1, 0, 100, 100),
        (0, 0, 401, 300),
        (0, 0, 400, 301),
        (100, 100, 100, 200),  # zero width
        (100, 200, 200, 100),  # bottom above top
        (400, 0, 410, 10),
    ],
)
def test_box_outside_the_picture_is_rejected(box: tuple[int, int, int, int]) -> None:
    with pytest.raises(InvalidCrop, match=r"must have left < right .* inside the 400x300 picture"):
        crop(quadrants((400, 300)), box=box)


def test_box_with_aspect_must_match_the_ratio() -> None:
    data = quadrants((400, 300))
    assert crop(data, box=(0, 0, 320, 180), aspect=(16, 9)).width == 320
    assert crop(data, box=(0, 0, 321, 180), aspect=(16, 9)).width == 321  # within a pixel
    with pytest.raises(InvalidCrop, match="does not have the requested aspect ratio 16:9"):
        crop(data, box=(0, 0, 300, 300), aspect=(16, 9))


@pytest.mark.parametrize(
    ("aspect", "expected"),
    [
        ((16, 9), (0, 38, 400, 263)),
        ((1, 1), (50, 0, 350, 300)),
        ((4, 3), (0, 0, 400, 300)),
        ((3, 4), (88, 0, 313, 300)),
    ],
)
def test_aspect_crop_is_largest_and_centred_by_default(
    aspect: tuple[int, int], expected: tuple[int, int, int, int]
) -> None:
    assert crop_box((400, 300), aspect) == expected
    result = crop(quadrants((400, 300)), aspect=aspect)
    assert (result.width, result.height) == (expected[2] - expected[0], expected[3] - expected[1])


def test_focal_point_near_a_corner_stays_within_bounds() -> None:
    # Focal point in the top-right (green) corner; a square crop slides right.
    box = crop_box((400, 300), (1, 1), (0.97, 0.03))
    assert box == (100, 0, 400, 300)
    left, top, right, bottom = crop_box((400, 300), (16, 9), (0.97, 0.03))
    assert (left, top, right, bottom) == (0, 0, 400, 225)
    assert left <= 0.97 * 400 <= right and top <= 0.03 * 300 <= bottom


def test_focal_point_in_the_middle_area_is_centred() -> None:
    left, _top, right, _bottom = crop_box((1000, 300), (1, 1), (0.4, 0.5))
    assert (left + right) / 2 == 400


def test_aspect_crop_follows_the_focal_point_in_pixels() -> None:
    data = quadrants((400, 300))
    top_right = opened(crop(data, aspect=(1, 1), focal_point=(1.0, 0.0)).content)
    bottom_left = opened(crop(data, aspect=(1, 1), focal_point=(0.0, 1.0)).content)
    assert top_right.getpixel((299, 0)) == pytest.approx((0, 255, 0), abs=8)
    assert bottom_left.getpixel((0, 299)) == pytest.approx((0, 0, 255), abs=8)


def test_crop_is_scaled_down_to_max_side_but_not_up() -> None:
    data = quadrants((400, 300))
    small = crop(data, aspect=(16, 9), max_side=100)
    assert (small.width, small.height) == (100, 56)
    assert opened(small.content).size == (100, 56)
    big = crop(data, box=(0, 0, 40, 30), max_side=5000)
    assert (big.width, big.height) == (40, 30)


def test_crop_uses_upright_coordinates() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # stored landscape, displayed portrait
    data = jpeg((400, 300), exif=exif)
    result = crop(data, box=(0, 0, 300, 400))
    assert (result.width, result.height) == (300, 400)
    with pytest.raises(InvalidCrop, match="inside the 300x400 picture"):
        crop(data, box=(0, 0, 400, 300))


def test_transparent_crop_stays_png() -> None:
    im = Image.new("RGBA", (100, 100), (0, 0, 0, 0))
    out = io.BytesIO()
    im.save(out, "PNG")
    assert crop(out.getvalue(), aspect=(2, 1)).mime == "image/png"


@pytest.mark.parametrize(
    "focal_point", [(1.01, 0.5), (0.5, -0.01), (math.nan, 0.5), (0.5, math.inf)]
)
def test_invalid_focal_point(focal_point: tuple[float, float]) -> None:
    with pytest.raises(InvalidCrop, match=r"focal point must be fractions .* between 0 and 1"):
        crop(quadrants((40, 30)), aspect=(1, 1), focal_point=focal_point)
    with pytest.raises(InvalidCrop):
        crop_box((40, 30), (1, 1), focal_point)


@pytest.mark.parametrize("aspect", [(0, 9), (16, 0), (-4, 3)])
def test_invalid_aspect(aspect: tuple[int, int]) -> None:
    with pytest.raises(InvalidCrop, match="aspect ratio must be two positive whole numbers"):
        crop(quadrants((40, 30)), aspect=aspect)


def test_crop_needs_box_or_aspect_and_positive_max_side() -> None:
    with pytest.raises(InvalidCrop, match="needs a box or an aspect ratio"):
        crop(quadrants((40, 30)), focal_point=(0.5, 0.5))
    with pytest.raises(InvalidCrop, match="max_side"):
        crop(quadrants((40, 30)), aspect=(1, 1), max_side=0)
    assert issubclass(InvalidCrop, ValueError)


def test_crop_of_non_picture_raises() -> None:
    with pytest.raises(UnsupportedMedia):
        crop(b"%PDF-1.7", aspect=(1, 1))
