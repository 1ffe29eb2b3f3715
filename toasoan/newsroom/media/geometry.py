"""Pure pixel arithmetic for renditions and crops (no image decoding)."""

from __future__ import annotations

import math

Box = tuple[int, int, int, int]
Size = tuple[int, int]


class InvalidCrop(ValueError):
    """A crop request that cannot be honoured for this picture."""


def fit_within(size: Size, longest: int) -> Size:
    """Scale ``size`` down so its longest side is ``longest``; never scale up."""
    width, height = size
    if max(width, height) <= longest:
        return width, height
    scale = longest / max(width, height)
    if width >= height:
        return longest, max(1, round(height * scale))
    return max(1, round(width * scale)), longest


def check_focal_point(focal_point: tuple[float, float]) -> tuple[float, float]:
    x, y = focal_point
    if not (0.0 <= x <= 1.0 and 0.0 <= y <= 1.0):  # also rejects NaN
        raise InvalidCrop(
            f"focal point must be fractions of width and height between 0 and 1 (got {x}, {y})"
        )
    return float(x), float(y)


def check_aspect(aspect: tuple[int, int]) -> tuple[int, int]:
    ratio_w, ratio_h = aspect
    if not all(isinstance(part, int) and part > 0 for part in aspect):
        raise InvalidCrop(
            f"aspect ratio must be two positive whole numbers (got {ratio_w}:{ratio_h})"
        )
    return ratio_w, ratio_h


def check_box(box: Box, size: Size, aspect: tuple[int, int] | None = None) -> Box:
    """Validate (left, top, right, bottom) against a picture of ``size``."""
    left, top, right, bottom = box
    width, height = size
    if not (0 <= left < right <= width and 0 <= top < bottom <= height):
        raise InvalidCrop(
            f"crop box {box} must have left < right and top < bottom and lie inside "
            f"the {width}x{height} picture"
        )
    if aspect is not None:
        ratio_w, ratio_h = check_aspect(aspect)
        # Within a pixel: changing one side by 1px would give the exact ratio.
        if abs((right - left) * ratio_h - (bottom - top) * ratio_w) > max(ratio_w, ratio_h):
            raise InvalidCrop(
                f"crop box {right - left}x{bottom - top} does not have the requested "
                f"aspect ratio {ratio_w}:{ratio_h}"
            )
    return left, top, right, bottom


def _place(length: int, crop_length: int, focus: float) -> int:
    """Start of a window of ``crop_length`` centred on ``focus`` as far as the edges allow."""
    start = math.floor(focus - crop_length / 2 + 0.5)
    return min(max(start, 0), length - crop_length)


def crop_box(
    size: Size, aspect: tuple[int, int], focal_point: tuple[float, float] | None = None
) -> Box:
    """The largest ``aspect`` box inside ``size`` with the focal point as central as it can be.

    The focal point (fractions of width and height, default the centre) always
    lies inside the box, edges included.
    """
    width, height = size
    if width < 1 or height < 1:
        raise InvalidCrop(f"picture size must be positive (got {width}x{height})")
    ratio_w, ratio_h = check_aspect(aspect)
    fx, fy = check_focal_point(focal_point) if focal_point is not None else (0.5, 0.5)
    if width * ratio_h >= height * ratio_w:  # picture wider than the ratio: keep full height
        crop_w = min(width, max(1, (2 * height * ratio_w + ratio_h) // (2 * ratio_h)))
        crop_h = height
    else:
        crop_w = width
        crop_h = min(height, max(1, (2 * width * ratio_h + ratio_w) // (2 * ratio_w)))
    left = _place(width, crop_w, fx * width)
    top = _place(height, crop_h, fy * height)
    return left, top, left + crop_w, top + crop_h


def resolve_box(
    size: Size,
    *,
    box: Box | None,
    aspect: tuple[int, int] | None,
    focal_point: tuple[float, float] | None,
) -> Box:
    """The box a crop request means: an explicit box, else the aspect crop."""
    if box is not None:
        return check_box(box, size, aspect)
    if aspect is not None:
        return crop_box(size, aspect, focal_point)
    raise InvalidCrop("a crop needs a box or an aspect ratio")
