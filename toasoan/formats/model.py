"""The neutral news item every format module encodes from and decodes to.

It carries exactly the fields toasoan maps to ninjs and NewsML-G2 (IPTC), so a round trip through
any format keeps them: formats never see Django models, and ingest turns a decoded item into one.
`check_item` and `check_code` are what the XML encoders (NITF, NewsML-G2) require of an item.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

ITEM_TYPES = ("text", "picture", "video", "audio", "graphic", "composite")
PUBSTATUSES = ("usable", "withheld", "canceled")


@dataclass
class Rendition:
    name: str  # thumbnail, viewImage, baseImage, original, crop-16-9 …
    href: str
    mime: str = ""
    width: int | None = None
    height: int | None = None
    size: int | None = None


@dataclass
class Association:
    role: str  # featured, embedded, member
    guid: str
    type: str = "text"
    headline: str = ""
    group: str = "main"  # package group for members
    position: int = 0


@dataclass
class Link:
    rel: str  # update-of, correction-of, translation-of, taken-from (toasoan lineage)
    guid: str


@dataclass
class NewsItem:
    guid: str
    version: int = 1
    type: str = "text"
    language: str = "vi"
    pubstatus: str = "usable"
    headline: str = ""
    slugline: str = ""
    byline: str = ""
    dateline_place: str = ""
    dateline_date: date | None = None
    abstract: str = ""
    body_html: str = ""
    urgency: int | None = None
    priority: int | None = None
    genre: str = ""
    subjects: list[str] = field(default_factory=list)  # IPTC Media Topic codes (8 digits)
    places: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    credit: str = ""
    copyright_holder: str = ""
    copyright_notice: str = ""
    usage_terms: str = ""
    embargo_until: datetime | None = None
    first_created: datetime | None = None
    version_created: datetime | None = None
    ednote: str = ""  # editorial note: the public correction note, kill reason
    provider: str = ""  # who sent it (the agency, or a partner on ingest)
    renditions: list[Rendition] = field(default_factory=list)
    associations: list[Association] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


class FormatError(ValueError):
    """A document that cannot be read: `path` says where (JSON pointer or XPath), when known."""

    def __init__(self, message: str, path: str = ""):
        super().__init__(f"{path}: {message}" if path else message)
        self.message = message
        self.path = path


def check_item(item: NewsItem) -> None:
    if not item.guid.strip():
        raise FormatError("the item has no guid", "guid")
    if item.version < 1:
        raise FormatError(f"version must be >= 1, got {item.version}", "version")
    if item.pubstatus not in PUBSTATUSES:
        raise FormatError(f"unknown pubstatus {item.pubstatus!r}", "pubstatus")
    for name in ("urgency", "priority"):
        value = getattr(item, name)
        if value is not None and not 1 <= value <= 9:
            raise FormatError(f"{name} must be 1..9, got {value}", name)


def check_code(code: str, path: str) -> None:
    if not (len(code) == 8 and code.isascii() and code.isdigit()):
        raise FormatError(f"not an IPTC Media Topic code (8 digits): {code!r}", path)
