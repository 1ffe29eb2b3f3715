"""NewsItem -> ninjs 2.1, 2.2 or 3.1 (a dict ready for json.dumps; see the package docstring)."""

from __future__ import annotations

import html
import re
import unicodedata
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any

from toasoan.formats.model import ITEM_TYPES, PUBSTATUSES, FormatError, NewsItem
from toasoan.vocabularies import mediatopics

ENCODE_VERSIONS = ("2.2", "2.1", "3.1")
SCHEMA_URI = "http://www.iptc.org/std/ninjs/ninjs-schema_{}.json"
MEDTOP_URI = mediatopics.URI_PREFIX
MEDTOP_QCODE = mediatopics.QCODE_PREFIX

# toasoan's conventions where ninjs has no property of its own (all inside the official schema):
ROLE_MAIN = "main"  # headlines / bodies
ROLE_ABSTRACT = "summary"  # descriptions
ROLE_CREDIT = "creditline"  # descriptions, as AP does
ROLE_DATELINE = "dateline"  # descriptions: the dateline date, ISO 8601 (the place is `located`)
ROLE_PRIORITY = "priority"  # descriptions: integer as text
REL_KEYWORD = "keyword"  # subjects without a vocabulary
ROLE_PROVIDER = "provider"  # infosources
ASSOCIATION_ROLES = ("featured", "embedded", "member")
LINK_RELS = ("update-of", "correction-of", "translation-of", "taken-from")  # associations too
MAIN_GROUP = "main"

# Property names that differ between the 2.x (lower case) and 3.x (camelCase) schemas.
KEYS_2 = {
    k: k
    for k in (
        "firstcreated",
        "versioncreated",
        "embargoed",
        "pubstatus",
        "copyrightholder",
        "copyrightnotice",
        "usageterms",
        "ednote",
        "contenttype",
        "charcount",
        "wordcount",
        "sizeinbytes",
        "infosources",
    )
}
KEYS_3 = {
    **{k: k for k in KEYS_2},
    "firstcreated": "firstCreated",
    "versioncreated": "versionCreated",
    "embargoed": "embargoedUntil",
    "pubstatus": "pubStatus",
    "copyrightholder": "copyrightHolder",
    "copyrightnotice": "copyrightNotice",
    "usageterms": "usageTerms",
    "ednote": "edNote",
    "contenttype": "contentType",
    "charcount": "charCount",
    "wordcount": "wordCount",
    "sizeinbytes": "sizeInBytes",
    "infosources": "infoSources",
}

_CODE = re.compile(r"[0-9]{8}")
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|li|ul|ol|h[1-6]|blockquote|figure|table|tr|td|th|section|article)\b[^>]*>",
    re.IGNORECASE,
)
_TAG = re.compile(r"<[^>]*>")
_CAPTION = re.compile(r"<figcaption\b.*?</figcaption\s*>", re.IGNORECASE | re.DOTALL)


def association_name(role: str, group: str, position: int) -> str:
    """featured, embedded-3, member-sidebar-2: one per (role, group, position), parseable back."""
    if group == MAIN_GROUP:
        return role if position == 0 else f"{role}-{position}"
    return f"{role}-{group}-{position}"


def body_counts(body_html: str) -> tuple[int, int]:
    """(characters, words) of the body text without markup and figure captions."""
    text = _TAG.sub("", _BLOCK_TAG.sub(" ", _CAPTION.sub(" ", body_html)))
    words = html.unescape(text).split()
    return sum(map(len, words)) + max(len(words) - 1, 0), len(words)


@cache
def _topic_name(code: str, language: str) -> str:
    return mediatopics.get(code).label(language) if mediatopics.is_known(code) else ""


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _timestamp(value: datetime, path: str) -> str:
    offset = value.utcoffset()
    if offset is None:
        raise FormatError("date-time without a time zone", path)
    if offset % timedelta(minutes=1):  # RFC 3339 offsets are whole minutes
        value = value.astimezone(UTC)
    return value.isoformat()


def _int(value: object, path: str, low: int | None = None, high: int | None = None) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise FormatError(f"expected an integer, got {value!r}", path)
    if (low is not None and value < low) or (high is not None and value > high):
        raise FormatError(f"{value} is out of range {low}..{high}", path)
    return value


def encode(item: NewsItem, version: str = "2.2") -> dict[str, Any]:
    """The item as a ninjs document of `version` ("2.2", "2.1" or "3.1")."""
    if version not in ENCODE_VERSIONS:
        raise ValueError(f"ninjs {version!r} cannot be written (one of {ENCODE_VERSIONS})")
    k = KEYS_3 if version[0] == "3" else KEYS_2
    if item.type not in ITEM_TYPES:
        raise FormatError(f"unknown item type {item.type!r}", "/type")
    if item.pubstatus not in PUBSTATUSES:
        raise FormatError(f"unknown pubstatus {item.pubstatus!r}", f"/{k['pubstatus']}")
    doc: dict[str, Any] = {
        "uri": item.guid,
        "standard": {"name": "ninjs", "version": version, "schema": SCHEMA_URI.format(version)},
        "type": item.type,
        "version": str(_int(item.version, "/version", 0)),
    }
    for attr, key in (
        ("first_created", "firstcreated"),
        ("version_created", "versioncreated"),
        ("embargo_until", "embargoed"),
    ):
        value = getattr(item, attr)
        if value is not None:
            doc[k[key]] = _timestamp(value, f"/{k[key]}")
    doc[k["pubstatus"]] = item.pubstatus
    if item.urgency is not None:
        doc["urgency"] = _int(item.urgency, "/urgency", 1, 9)
    _put(doc, "language", item.language)
    _put(doc, "slugline", _nfc(item.slugline))
    if item.headline:
        doc["headlines"] = [{"role": ROLE_MAIN, "value": _nfc(item.headline)}]
    _put(doc, "by", _nfc(item.byline))
    _put(doc, "located", _nfc(item.dateline_place))
    descriptions = _descriptions(item)
    if descriptions:
        doc["descriptions"] = descriptions
    if item.body_html:
        chars, words = body_counts(item.body_html)
        doc["bodies"] = [
            {
                "role": ROLE_MAIN,
                k["contenttype"]: "text/html",
                k["charcount"]: chars,
                k["wordcount"]: words,
                "value": item.body_html,
            }
        ]
    subjects = [_subject(code, item.language, i) for i, code in enumerate(item.subjects)]
    subjects += [{"name": _nfc(word), "rel": REL_KEYWORD} for word in item.keywords]
    if subjects:
        doc["subjects"] = subjects
    if item.genre:
        doc["genres"] = [{"literal": _nfc(item.genre)}]
    for key, names in (
        ("places", item.places),
        ("people", item.people),
        ("organisations", item.organisations),
    ):
        if names:
            doc[key] = [{"name": _nfc(name)} for name in names]
    if item.provider:
        doc[k["infosources"]] = [{"name": _nfc(item.provider), "role": ROLE_PROVIDER}]
    _put(doc, k["copyrightholder"], _nfc(item.copyright_holder))
    _put(doc, k["copyrightnotice"], _nfc(item.copyright_notice))
    _put(doc, k["usageterms"], _nfc(item.usage_terms))
    _put(doc, k["ednote"], _nfc(item.ednote))
    if item.renditions:
        doc["renditions"] = _renditions(item, k)
    associations = _associations(item, version)
    if associations:
        doc["associations"] = associations
    return doc


def _put(doc: dict[str, Any], key: str, value: str) -> None:
    if value:
        doc[key] = value


def _descriptions(item: NewsItem) -> list[dict[str, str]]:
    out = []
    if item.abstract:
        out.append({"role": ROLE_ABSTRACT, "value": _nfc(item.abstract)})
    if item.credit:
        out.append({"role": ROLE_CREDIT, "value": _nfc(item.credit)})
    if item.dateline_date is not None:
        if not isinstance(item.dateline_date, date) or isinstance(item.dateline_date, datetime):
            raise FormatError("dateline_date must be a date", "/descriptions")
        out.append({"role": ROLE_DATELINE, "value": item.dateline_date.isoformat()})
    if item.priority is not None:
        out.append({"role": ROLE_PRIORITY, "value": str(_int(item.priority, "/descriptions", 0))})
    return out


def _subject(code: str, language: str, index: int) -> dict[str, str]:
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        raise FormatError(f"not an 8-digit Media Topic code: {code!r}", f"/subjects/{index}")
    subject = {"uri": MEDTOP_URI + code, "literal": MEDTOP_QCODE + code}
    name = _topic_name(code, language)
    if name:
        subject["name"] = name
    return subject


def _renditions(item: NewsItem, k: dict[str, str]) -> list[dict[str, Any]]:
    out = []
    for i, r in enumerate(item.renditions):
        rendition: dict[str, Any] = {"name": r.name}
        if r.href:
            rendition["href"] = r.href
        if r.mime:
            rendition[k["contenttype"]] = r.mime
        for key, value in (("width", r.width), ("height", r.height), (k["sizeinbytes"], r.size)):
            if value is not None:
                rendition[key] = _int(value, f"/renditions/{i}/{key}", 0)
        out.append(rendition)
    return out


def _associations(item: NewsItem, version: str) -> list[dict[str, Any]]:
    out = []
    for i, a in enumerate(item.associations):
        path = f"/associations/{i}"
        if a.role not in ASSOCIATION_ROLES:
            raise FormatError(f"unknown association role {a.role!r}", f"{path}/name")
        if a.type not in ITEM_TYPES:
            raise FormatError(f"unknown item type {a.type!r}", f"{path}/type")
        position = _int(a.position, f"{path}/name", 0)
        obj: dict[str, Any] = {
            "name": association_name(a.role, a.group, position),
            "uri": a.guid,
            "type": a.type,
        }
        if a.headline:
            obj["headlines"] = [{"role": ROLE_MAIN, "value": _nfc(a.headline)}]
        if version[0] == "3":
            obj["rel"] = a.role
        out.append(obj)
    for j, link in enumerate(item.links, start=len(out)):
        if link.rel not in LINK_RELS:
            raise FormatError(f"unknown link relation {link.rel!r}", f"/associations/{j}/name")
        obj = {"name": link.rel, "uri": link.guid}
        if version[0] == "3":
            obj["rel"] = link.rel
        out.append(obj)
    return out
