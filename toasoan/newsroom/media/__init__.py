"""Pure-Python media handling for uploads: sniffing, embedded metadata, renditions.

No Django here: the models and the upload action call these functions.
"""

from toasoan.newsroom.media.geometry import InvalidCrop, crop_box, fit_within
from toasoan.newsroom.media.metadata import EmbeddedMetadata, read_embedded_metadata
from toasoan.newsroom.media.renditions import (
    RENDITION_SPECS,
    RenditionImage,
    crop,
    make_renditions,
)
from toasoan.newsroom.media.sniff import (
    KINDS,
    SNIFF_BYTES,
    Kind,
    MediaTooLarge,
    Sniffed,
    UnsupportedMedia,
    check_size,
    sniff,
)

__all__ = [
    "KINDS",
    "RENDITION_SPECS",
    "SNIFF_BYTES",
    "EmbeddedMetadata",
    "InvalidCrop",
    "Kind",
    "MediaTooLarge",
    "RenditionImage",
    "Sniffed",
    "UnsupportedMedia",
    "check_size",
    "crop",
    "crop_box",
    "fit_within",
    "make_renditions",
    "read_embedded_metadata",
    "sniff",
]
