"""Property tests: any picture size, any aspect ratio, any focal point."""

from __future__ import annotations

import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from toasoan.newsroom.media import crop, crop_box, fit_within

sizes = st.tuples(st.integers(10, 3000), st.integers(10, 3000))
aspects = st.tuples(st.integers(1, 64), st.integers(1, 64))
fractions = st.floats(0.0, 1.0, allow_nan=False)
focal_points = st.tuples(fractions, fractions)


def assert_valid_crop(
    size: tuple[int, int],
    aspect: tuple[int, int],
    focal: tuple[float, float],
    box: tuple[int, int, int, int],
) -> None:
    width, height = size
    ratio_w, ratio_h = aspect
    left, top, right, bottom = box
    crop_w, crop_h = right - left, bottom - top
    # Within the picture and not empty.
    assert 0 <= left < right <= width
    assert 0 <= top < bottom <= height
    # The right aspect ratio, within one pixel on the rounded side.
    assert (
        abs(crop_w - crop_h * ratio_w / ratio_h) <= 1
        or abs(crop_h - crop_w * ratio_h / ratio_w) <= 1
    )
    # The largest such crop: it spans the picture in at least one direction.
    assert crop_w == width or crop_h == height
    # The focal point is inside (edges included) ...
    fx, fy = focal[0] * width, focal[1] * height
    assert left <= fx <= right
    assert top <= fy <= bottom
    # ... and centred unless the crop had to stop at an edge.
    if 0 < left and right < width:
        assert abs((left + right) / 2 - fx) <= 0.5 + 1e-9
    if 0 < top and bottom < height:
        assert abs((top + bottom) / 2 - fy) <= 0.5 + 1e-9


@given(size=sizes, aspect=aspects, focal=focal_points)
@settings(max_examples=500)
def test_crop_box_properties(
    size: tuple[int, int], aspect: tuple[int, int], focal: tuple[float, float]
) -> None:
    assert_valid_crop(size, aspect, focal, crop_box(size, aspect, focal))


@given(size=sizes, aspect=aspects)
def test_crop_box_defaults_to_the_centre(size: tuple[int, int], aspect: tuple[int, int]) -> None:
    assert crop_box(size, aspect) == crop_box(size, aspect, (0.5, 0.5))


@given(
    size=sizes,
    aspect=aspects,
    focal=focal_points,
    max_side=st.integers(1, 4000),
)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_crop_end_to_end_properties(
    size: tuple[int, int],
    aspect: tuple[int, int],
    focal: tuple[float, float],
    max_side: int,
) -> None:
    out = io.BytesIO()
    Image.new("L", size, 90).save(out, "PNG")
    result = crop(out.getvalue(), aspect=aspect, focal_point=focal, max_side=max_side)
    box = crop_box(size, aspect, focal)
    assert_valid_crop(size, aspect, focal, box)
    expected = fit_within((box[2] - box[0], box[3] - box[1]), max_side)
    assert (result.width, result.height) == expected
    assert max(expected) <= max_side
    with Image.open(io.BytesIO(result.content)) as im:
        assert im.size == expected
