"""Resized renditions and crops of pictures.

Output is upright (EXIF orientation applied), stripped of EXIF/IPTC/XMP but
keeps the ICC colour profile: JPEG quality 85, or PNG when the picture really
uses transparency. Pictures are never upscaled.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

from PIL import Image, ImageCms, ImageOps

from toasoan.newsroom.media._imaging import load_pixels, open_image
from toasoan.newsroom.media.geometry import (
    InvalidCrop,
    check_aspect,
    check_focal_point,
    fit_within,
    resolve_box,
)
from toasoan.newsroom.media.sniff import UnsupportedMedia

#: Rendition name -> longest side in pixels.
RENDITION_SPECS: dict[str, int] = {"thumbnail": 240, "viewImage": 1024, "baseImage": 1920}
JPEG_QUALITY = 85

logger = logging.getLogger(__name__)

__all__ = ["RENDITION_SPECS", "InvalidCrop", "RenditionImage", "crop", "make_renditions"]


@dataclass
class RenditionImage:
    name: str
    content: bytes
    mime: str
    width: int
    height: int


def _has_alpha(im: Image.Image) -> bool:
    if not im.has_transparency_data:
        return False
    with_alpha = im if "A" in im.getbands() else im.convert("RGBA")
    low = with_alpha.getchannel("A").getextrema()[0]
    return isinstance(low, int | float) and low < 255  # all-opaque alpha is no transparency


def _to_srgb(im: Image.Image, icc: bytes | None) -> tuple[Image.Image, bytes | None]:
    """CMYK (print) pictures become RGB, through their ICC profile when they carry one."""
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            srgb = ImageCms.createProfile("sRGB")
            converted = ImageCms.profileToProfile(im, source, srgb, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError):
            converted = None
        if converted is not None:
            return converted, ImageCms.ImageCmsProfile(srgb).tobytes()
    return im.convert("RGB"), None


def _make_upright(im: Image.Image) -> None:
    try:
        ImageOps.exif_transpose(im, in_place=True)
    except Exception:  # a broken EXIF block reads as "no rotation", as in metadata.py
        logger.info("ignoring unreadable EXIF orientation", exc_info=True)


def _normalise(im: Image.Image) -> tuple[Image.Image, bytes | None, bool]:
    """Upright pixels in an encodable mode, the ICC profile to keep, and whether PNG.

    Works in place where it can: pictures can be large.
    """
    load_pixels(im)
    icc = im.info.get("icc_profile") or None
    _make_upright(im)
    try:
        if im.mode == "CMYK":
            im, icc = _to_srgb(im, icc)
        elif im.mode.startswith("I;16"):
            im = im.convert("I").point(lambda value: value / 256).convert("L")
        png = _has_alpha(im)
        if png:
            mode = "LA" if im.mode in ("L", "LA") else "RGBA"
        else:
            mode = "L" if im.mode in ("1", "L", "LA", "I", "F") else "RGB"
        return (im if im.mode == mode else im.convert(mode)), icc, png
    except ValueError as exc:
        raise UnsupportedMedia(f"picture colour mode {im.mode} is not supported") from exc


def _encode(name: str, im: Image.Image, icc: bytes | None, png: bool) -> RenditionImage:
    out = io.BytesIO()
    extra = {"icc_profile": icc} if icc else {}
    im.info = {}  # nothing of the source's metadata travels along
    if png:
        im.save(out, "PNG", optimize=False, **extra)
    else:
        im.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True, **extra)
    return RenditionImage(
        name=name,
        content=out.getvalue(),
        mime="image/png" if png else "image/jpeg",
        width=im.width,
        height=im.height,
    )


def _resized(im: Image.Image, size: tuple[int, int]) -> Image.Image:
    if size == im.size:
        return im
    return im.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def make_renditions(
    data: bytes, focal_point: tuple[float, float] | None = None
) -> list[RenditionImage]:
    """The thumbnail, viewImage and baseImage renditions of a picture.

    Each is the whole picture scaled so its longest side is at most the size in
    :data:`RENDITION_SPECS`. ``focal_point`` is validated but does not change
    these renditions, which keep the whole frame; it matters to :func:`crop`.
    """
    if focal_point is not None:
        check_focal_point(focal_point)
    with open_image(data) as source:
        im, icc, png = _normalise(source)
        return [
            _encode(name, _resized(im, fit_within(im.size, longest)), icc, png)
            for name, longest in RENDITION_SPECS.items()
        ]


def crop(
    data: bytes,
    *,
    box: tuple[int, int, int, int] | None = None,
    aspect: tuple[int, int] | None = None,
    focal_point: tuple[float, float] | None = None,
    max_side: int = 1920,
) -> RenditionImage:
    """Crop a picture to ``box`` or to the largest ``aspect`` crop around ``focal_point``.

    ``box`` is (left, top, right, bottom) in pixels of the upright picture,
    right/bottom exclusive. With both ``box`` and ``aspect`` the box must have
    that aspect ratio (within a pixel). The result is scaled down so its longest
    side is at most ``max_side``; it is named "crop".
    """
    if max_side < 1:
        raise InvalidCrop(f"max_side must be a positive number of pixels (got {max_side})")
    if focal_point is not None:  # cheap checks before decoding any pixels
        check_focal_point(focal_point)
    if aspect is not None:
        check_aspect(aspect)
    elif box is None:
        raise InvalidCrop("a crop needs a box or an aspect ratio")
    with open_image(data) as source:
        im, icc, png = _normalise(source)
        cropped = im.crop(resolve_box(im.size, box=box, aspect=aspect, focal_point=focal_point))
        return _encode("crop", _resized(cropped, fit_within(cropped.size, max_side)), icc, png)
