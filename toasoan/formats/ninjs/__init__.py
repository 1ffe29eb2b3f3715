"""IPTC ninjs (News in JSON), both directions.

    encode(item, version="2.2") -> dict     ninjs 2.2 (default), 2.1 or 3.1
    decode(doc) -> NewsItem                 ninjs 1.x, 2.x or 3.x; a dict, or JSON as str/bytes
    validate(doc, version)                  against the official schema ("1.6", "2.1", "2.2", "3.1")
    detect_version(doc) -> "1" | "2" | "3"

2.x spells properties in lower case, 3.x in camelCase (firstCreated, pubStatus, contentType,
sizeInBytes …) and 3.x calls the embargo `embargoedUntil`; 3.x urgency and rendition sizes are
integers. Everything else below is the same in every version written.

Mapped to standard properties: guid `uri`, version `version` (a string), type `type`, language,
pubstatus, urgency, first/version created, embargo, headline `headlines[role=main]`, body
`bodies[role=main, contenttype=text/html, charcount, wordcount]`, byline `by`, slugline,
dateline place `located` (nar:located), copyright holder/notice, usage terms, ednote, places /
people / organisations (`{name}`), Media Topics in `subjects` (`uri`
http://cv.iptc.org/newscodes/mediatopic/CODE, `literal` medtop:CODE, `name` the label in the item
language), genre `genres[{literal}]`, renditions (array of `{name, href, contenttype, width,
height, sizeinbytes}`), associations.

ninjs has no property for the rest, and its root allows no extra properties, so toasoan uses the
schema's open `role`/`rel` values (a documented convention, valid against the official schema):

    abstract      descriptions[role=summary]
    credit        descriptions[role=creditline]      (as AP does)
    dateline date descriptions[role=dateline]         ISO 8601 date; the place is `located`
    priority      descriptions[role=priority]         integer as text
    keywords      subjects[{name, rel: keyword}]
    provider      infosources[{name, role: provider}]
    associations  associations[{name, uri, type, headlines}], name = role[-group]-position:
                  featured, embedded-2, member-sidebar-1 (group "main" and position 0 omitted)
    links         associations[{name: rel, uri}], rel one of update-of, correction-of,
                  translation-of, taken-from (ninjs associations are nar:link)

3.x associations also carry `rel` (the role or link relation). Decoding is tolerant of other
providers: the main headline or the first one, or `title`; an HTML body (else plain text turned
into paragraphs); the abstract from summary, abstract, lead, caption or text descriptions; subjects
outside Media Topics become keywords; other association names become members of a composite, else
the first media item is featured and the rest embedded. Text is NFC-normalised, the body HTML is
passed through unchanged (the caller sanitises). Events and planning items (3.x) are refused.
"""

from typing import Any

from toasoan.formats.ninjs.ninjs_decode import decode, detect_version, load
from toasoan.formats.ninjs.ninjs_encode import ENCODE_VERSIONS, encode

__all__ = ["ENCODE_VERSIONS", "decode", "detect_version", "encode", "load", "validate"]


def validate(doc: dict[str, Any], version: str) -> None:
    """Check `doc` against the official ninjs `version` schema; FormatError with the JSON pointer.

    (jsonschema is imported on first use: encoding and decoding do not need it.)"""
    from toasoan.formats.ninjs.ninjs_validate import validate as check

    check(doc, version)
