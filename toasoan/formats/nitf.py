"""NITF 3.6 (IPTC News Industry Text Format), both directions.

    encode(item) -> bytes     a namespaced NITF 3.6 document, valid against the NITF XSD
    decode(data) -> NewsItem  NITF 3.x, with the NITF 3.6 namespace or none
    validate(data) -> None    against the official XSD, offline

NITF carries these NewsItem fields (a round trip keeps them):

    guid               head/docdata/doc-id/@id-string (required when decoding)
    provider           head/docdata/doc-id/@regsrc
    version, slugline  head/docdata/du-key/@version, @key
    language           nitf/@baselang
    pubstatus          head/docdata/@management-status (usable | withheld | canceled)
    urgency            head/docdata/urgency/@ed-urg
    version_created    head/docdata/date.issue/@norm (ISO 8601 basic, e.g. 20261112T083000+0700)
    embargo_until      head/docdata/date.release/@norm
    ednote             head/docdata/ed-msg/@info
    copyright_holder   head/docdata/doc.copyright/@holder
    usage_terms        head/docdata/doc.rights/@limitations
    keywords           head/docdata/key-list/keyword/@key
    subjects           head/docdata/identified-content/classifier (value="medtop:CODE")
    people, orgs       head/docdata/identified-content/person, org
    places             head/docdata/identified-content/location
    genre              head/tobject/tobject.property/@tobject.property.type
    headline           head/title and body/body.head/hedline/hl1
    copyright_notice   body.head/rights
    byline             body.head/byline
    credit             body.head/distributor
    dateline           body.head/dateline: location + story.date/@norm
    abstract           body.head/abstract (one p per line)
    body_html          body/body.content (HTML <-> NITF block content: see htmlbody/__init__.py)

Not carried by NITF: type (decoded as "text"), priority, first_created, renditions,
associations, links.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import cache

from lxml import etree

from toasoan.formats.htmlbody import NITF_NS, html_to_nitf, markup_to_html
from toasoan.formats.htmlbody.write import NitfWriter
from toasoan.formats.model import FormatError, NewsItem, check_code, check_item
from toasoan.formats.xmlsafe import XML_LANG, Element, localname, parse_xml, where, xpath_of
from toasoan.formats.xmltext import (
    clean,
    clean_line,
    collapse,
    element_text,
    nfc,
    parse_date,
    parse_datetime,
    parse_int,
)
from toasoan.formats.xsd import SCHEMA_DIR, XsdValidator
from toasoan.vocabularies import mediatopics

__all__ = ["NITF_NS", "decode", "encode", "validate"]

NITF_VERSION = "-//IPTC//DTD NITF 3.6//EN"
MEDTOP_URI = mediatopics.URI_PREFIX

_NITF_SCHEMA = XsdValidator(SCHEMA_DIR / "nitf" / "nitf-3-6.xsd")


def validate(data: bytes) -> None:
    """Validate a namespaced NITF 3.6 document against the official XSD (offline)."""
    _NITF_SCHEMA.validate(parse_xml(data))


# ---------------------------------------------------------------------------------------------
# NITF encode
# ---------------------------------------------------------------------------------------------


def _nitf_datetime(value: datetime) -> str:
    """ISO 8601 basic, as NITF's norm attributes use: 20261112T083000+0700."""
    offset = value.utcoffset()
    if offset is not None and offset % timedelta(minutes=1):
        value = value.astimezone(UTC)
    text = value.strftime("%Y%m%dT%H%M%S")
    if value.microsecond:
        text += f".{value.microsecond:06d}"
    return text + value.strftime("%z")


def encode(item: NewsItem) -> bytes:
    """The item as a namespaced NITF 3.6 document (UTF-8); valid against the NITF XSD."""
    check_item(item)
    w = NitfWriter()
    attrs = {"version": NITF_VERSION}
    if item.language:
        attrs["baselang"] = clean_line(item.language)
    root = etree.Element(f"{{{NITF_NS}}}nitf", attrs, nsmap={None: NITF_NS})
    head = w.sub(root, "head")
    if item.headline:
        w.sub(head, "title").text = clean(item.headline)
    if item.genre:
        tobject = w.sub(head, "tobject")
        w.sub(tobject, "tobject.property", {"tobject.property.type": clean(item.genre)})
    docdata = w.sub(head, "docdata", {"management-status": item.pubstatus})
    doc_id = {"id-string": clean(item.guid)}
    if item.provider:
        doc_id["regsrc"] = clean(item.provider)
    w.sub(docdata, "doc-id", doc_id)
    if item.urgency is not None:
        w.sub(docdata, "urgency", {"ed-urg": str(item.urgency)})
    if item.version_created is not None:
        w.sub(docdata, "date.issue", {"norm": _nitf_datetime(item.version_created)})
    if item.embargo_until is not None:
        w.sub(docdata, "date.release", {"norm": _nitf_datetime(item.embargo_until)})
    if item.ednote:
        w.sub(docdata, "ed-msg", {"info": clean(item.ednote)})
    du_key = {"version": str(item.version)}
    if item.slugline:
        du_key["key"] = clean(item.slugline)
    w.sub(docdata, "du-key", du_key)
    if item.copyright_holder:
        w.sub(docdata, "doc.copyright", {"holder": clean(item.copyright_holder)})
    if item.usage_terms:
        w.sub(docdata, "doc.rights", {"limitations": clean(item.usage_terms)})
    keywords = [k for k in item.keywords if k]
    if keywords:
        key_list = w.sub(docdata, "key-list")
        for keyword in keywords:
            w.sub(key_list, "keyword", {"key": clean(keyword)})
    if item.subjects or item.people or item.organisations or item.places:
        content = w.sub(docdata, "identified-content")
        for i, code in enumerate(item.subjects):
            check_code(code, f"subjects[{i}]")
            classifier = w.sub(
                content,
                "classifier",
                {"type": "mediatopic", "idsrc": MEDTOP_URI, "value": f"medtop:{code}"},
            )
            label = _topic_label(code, item.language)
            if label:
                classifier.text = clean(label)
        for tag, values in (
            ("person", item.people),
            ("org", item.organisations),
            ("location", item.places),
        ):
            for value in values:
                if value:
                    w.sub(content, tag).text = clean(value)

    body = w.sub(root, "body")
    body_head = w.sub(body, "body.head")
    if item.headline:
        w.sub(w.sub(body_head, "hedline"), "hl1").text = clean(item.headline)
    if item.copyright_notice:
        w.sub(body_head, "rights").text = clean(item.copyright_notice)
    if item.byline:
        w.sub(body_head, "byline").text = clean(item.byline)
    if item.credit:
        w.sub(body_head, "distributor").text = clean(item.credit)
    if item.dateline_place or item.dateline_date:
        dateline = w.sub(body_head, "dateline")
        if item.dateline_place:
            w.sub(dateline, "location").text = clean(item.dateline_place)
        if item.dateline_date:
            if item.dateline_place:
                dateline[0].tail = ", "
            norm = {"norm": item.dateline_date.strftime("%Y%m%d")}
            w.sub(dateline, "story.date", norm).text = item.dateline_date.strftime("%d/%m/%Y")
    if item.abstract:
        abstract = w.sub(body_head, "abstract")
        for line in item.abstract.split("\n"):
            w.sub(abstract, "p").text = clean(line)
    body_content = w.sub(body, "body.content")
    html_to_nitf(item.body_html, body_content)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@cache
def _topic_label(code: str, lang: str) -> str:
    """The label of a known Media Topic in `lang` (else Vietnamese, else English), or ""."""
    if not mediatopics.is_known(code):
        return ""
    return mediatopics.get(code).label(lang or "vi")


# ---------------------------------------------------------------------------------------------
# NITF decode
# ---------------------------------------------------------------------------------------------

_MANAGEMENT_STATUS = {"usable": "usable", "embargoed": "usable", "withheld": "withheld"}
_MANAGEMENT_STATUS.update(canceled="canceled", cancelled="canceled")


def _children(el: Element | None, name: str) -> list[Element]:
    if el is None:
        return []
    return [c for c in el if localname(c) == name]


def _child(el: Element | None, name: str) -> Element | None:
    if el is None:
        return None
    for c in el:
        if localname(c) == name:
            return c
    return None


def _medtop_code(value: str, idsrc: str = "") -> str | None:
    """The 8-digit Media Topic code of a qcode, URI or (with a mediatopic idsrc) bare code."""
    value = value.strip()
    for prefix in ("medtop:", MEDTOP_URI, MEDTOP_URI.replace("http:", "https:", 1)):
        if value.startswith(prefix):
            value = value[len(prefix) :].rstrip("/")
            break
    else:
        if "mediatopic" not in idsrc.lower():
            return None
    if len(value) == 8 and value.isascii() and value.isdigit():
        return value
    return None


def decode(data: bytes) -> NewsItem:
    """Read a NITF document (3.x, with the NITF 3.6 namespace or none; a DOCTYPE without entity
    declarations is accepted and never fetched)."""
    root = parse_xml(data)
    ns = etree.QName(root).namespace
    if localname(root) != "nitf" or ns not in (None, NITF_NS):
        raise FormatError(f"expected a nitf root element, found {root.tag!r}", xpath_of(root))
    head = _child(root, "head")
    docdata = _child(head, "docdata")
    doc_id = _child(docdata, "doc-id")
    if doc_id is None or not (doc_id.get("id-string") or "").strip():
        where = xpath_of(doc_id) if doc_id is not None else "/nitf/head/docdata/doc-id"
        raise FormatError("the document has no doc-id/@id-string (the item guid)", where)
    item = NewsItem(guid=nfc(doc_id.get("id-string").strip()), type="text", language="")
    item.language = (root.get("baselang") or root.get(XML_LANG) or "").strip()
    item.provider = collapse(doc_id.get("regsrc") or "")
    _decode_docdata(docdata, item)
    title = _child(head, "title")
    tobject = _child(head, "tobject")
    for prop in _children(tobject, "tobject.property"):
        genre = collapse(prop.get("tobject.property.type") or "")
        if genre:
            item.genre = genre
            break

    body = _child(root, "body")
    if body is None:
        raise FormatError("the document has no body", "/nitf/body")
    body_head = _child(body, "body.head")
    hedline = _child(body_head, "hedline")
    hl1 = _child(hedline, "hl1")
    if hl1 is not None:
        item.headline = element_text(hl1)
    elif title is not None:
        item.headline = element_text(title)
    rights = _child(body_head, "rights")
    if rights is not None:
        item.copyright_notice = element_text(rights)
    item.byline = ", ".join(t for b in _children(body_head, "byline") if (t := element_text(b)))
    distributor = _child(body_head, "distributor")
    if distributor is not None:
        item.credit = element_text(distributor)
    dateline = _child(body_head, "dateline")
    if dateline is not None:
        _decode_dateline(dateline, item)
    lines: list[str] = []
    for abstract in _children(body_head, "abstract"):
        blocks = [c for c in abstract if localname(c)]
        lines.extend(element_text(b) for b in blocks)
        if not blocks and abstract.text and abstract.text.strip():
            lines.append(collapse(abstract.text))
    item.abstract = "\n".join(lines)
    item.body_html = markup_to_html(*_children(body, "body.content"))
    return item


def _decode_docdata(docdata: Element | None, item: NewsItem) -> None:
    if docdata is None:
        return
    status = (docdata.get("management-status") or "").strip().lower()
    if status:
        if status not in _MANAGEMENT_STATUS:
            raise FormatError(
                f"unknown management-status {status!r}", where(docdata, "management-status")
            )
        item.pubstatus = _MANAGEMENT_STATUS[status]
    for el in docdata:
        name = localname(el)
        if name == "urgency" and el.get("ed-urg"):
            item.urgency = parse_int(el.get("ed-urg"), el, "ed-urg", 1, 9)
        elif name == "date.issue" and el.get("norm"):
            item.version_created = parse_datetime(el.get("norm"), el, "norm")
        elif name == "date.release" and el.get("norm"):
            item.embargo_until = parse_datetime(el.get("norm"), el, "norm")
        elif name == "ed-msg" and el.get("info"):
            item.ednote = _lines(el.get("info"))
        elif name == "du-key":
            if el.get("key"):
                item.slugline = collapse(el.get("key"))
            if el.get("version"):
                item.version = parse_int(el.get("version"), el, "version", 1)
        elif name == "doc.copyright" and el.get("holder"):
            item.copyright_holder = collapse(el.get("holder"))
        elif name == "doc.rights" and el.get("limitations"):
            item.usage_terms = _lines(el.get("limitations"))
        elif name == "key-list":
            item.keywords.extend(
                k for kw in _children(el, "keyword") if (k := collapse(kw.get("key") or ""))
            )
        elif name == "identified-content":
            _decode_identified(el, item)


def _lines(text: str) -> str:
    return "\n".join(collapse(line) for line in text.split("\n")).strip("\n")


def _decode_identified(content: Element, item: NewsItem) -> None:
    targets: dict[str, Callable[[str], None]] = {
        "person": item.people.append,
        "org": item.organisations.append,
        "location": item.places.append,
    }
    for el in content:
        name = localname(el)
        if name == "classifier":
            code = _medtop_code(
                el.get("value") or "", (el.get("idsrc") or "") + (el.get("type") or "")
            )
            if code:
                item.subjects.append(code)
        elif name in targets:
            text = element_text(el) or collapse(el.get("value") or "")
            if text:
                targets[name](text)


def _decode_dateline(dateline: Element, item: NewsItem) -> None:
    location = _child(dateline, "location")
    story_date = _child(dateline, "story.date")
    if location is not None:
        item.dateline_place = element_text(location)
    else:
        own = collapse(dateline.text or "")
        if not own and story_date is None:
            own = element_text(dateline)
        item.dateline_place = own.split(",")[0].strip()
    if story_date is not None and story_date.get("norm"):
        norm = story_date.get("norm").strip()
        item.dateline_date = parse_date(norm, story_date, "norm")
