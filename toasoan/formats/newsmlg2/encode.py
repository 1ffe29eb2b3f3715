"""NewsItem -> NewsML-G2 2.35 (Power conformance) newsItem / packageItem.

Where each field goes (decode reads them back from the same places):

    guid, version, language     newsItem/@guid, @version, @xml:lang (+ contentMeta/language/@tag)
    copyright holder / notice   rightsInfo/copyrightHolder/name, rightsInfo/copyrightNotice
    usage_terms                 rightsInfo/usageTerms
    type                        itemMeta/itemClass/@qcode ninat:text|picture|video|audio|graphic|…
    provider                    itemMeta/provider (@literal and name)
    version_created             itemMeta/versionCreated (mandatory: else first_created, else now)
    first_created, embargo      itemMeta/firstCreated, itemMeta/embargoed
    pubstatus                   itemMeta/pubStatus/@qcode stat:usable|withheld|canceled
    ednote                      itemMeta/edNote
    links                       itemMeta/link/@residref, rel="irel:previousVersion" (update-of)
                                or "tsrel:REL" (correction-of, translation-of, taken-from …)
    associations (newsItem)     itemMeta/link rel="tsasc:ROLE" residref, rank=position, itemClass,
                                title (the group is not carried: decoded as "main")
    urgency                     contentMeta/urgency
    dateline_date               contentMeta/contentCreated (an xs:date)
    dateline_place              contentMeta/located/name (and contentMeta/dateline as display text)
    genre                       contentMeta/genre/@literal
    subjects                    contentMeta/subject type="cpnat:abstract" qcode="medtop:CODE" with
                                vi / en / item-language names of known topics
    people / orgs / places      contentMeta/subject type="cpnat:person|organisation|geoArea"/name
    keywords                    contentMeta/keyword
    slugline, headline          contentMeta/slugline, contentMeta/headline
    byline                      contentMeta/by
    credit                      contentMeta/creditline
    abstract                    contentMeta/description role="drol:summary" (lines as <br/>)
    priority                    contentMeta/contentMetaExtProperty rel="tsprop:priority" value="N"
                                (NewsML-G2 has no item priority; this is its extension point)
    body_html                   contentSet/inlineXML: NITF (nitf/body/body.content) or XHTML
    renditions                  contentSet/remoteContent rendition="rnd:…|tsrnd:…" href contenttype
                                width height size
    associations (package)      groupSet: root group -> one group per Association.group (its name
                                as <title>), itemRef residref in position order (rank=position,
                                rel tsasc:ROLE unless the role is "member", itemClass, title)
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import cache

from lxml import etree

from toasoan.formats import xmltext
from toasoan.formats.htmlbody import NITF_NS, XHTML_NS, html_to_nitf, html_to_xhtml
from toasoan.formats.model import Association, FormatError, NewsItem, check_code, check_item
from toasoan.formats.newsmlg2 import codes
from toasoan.formats.xmlsafe import XML_LANG, Element, localname
from toasoan.vocabularies import mediatopics

_LANGUAGE = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
_TEXT_FORMATS = ("nitf", "xhtml")
_XML_LANG = XML_LANG
_NS = codes.NAR_NS


def _sub(parent: Element, name: str, attrs: dict[str, str] | None = None) -> Element:
    return etree.SubElement(parent, f"{{{_NS}}}{name}", attrs or {})


def _text(parent: Element, name: str, text: str, attrs: dict[str, str] | None = None) -> None:
    """A single-line string element (g2normalizedString: no tabs or line breaks)."""
    _sub(parent, name, attrs).text = xmltext.clean_line(text)


def _block(parent: Element, name: str, text: str, attrs: dict[str, str] | None = None) -> None:
    """A BlockType element: each line break of `text` becomes <br/>."""
    el = _sub(parent, name, attrs)
    lines = xmltext.clean(text).split("\n")
    el.text = lines[0]
    for line in lines[1:]:
        _sub(el, "br").tail = line


def _check(item: NewsItem) -> None:
    check_item(item)
    if item.type not in codes.ITEM_TYPES:
        raise FormatError(f"unknown item type {item.type!r}", "type")
    if item.language and not _LANGUAGE.match(item.language):
        raise FormatError(f"not a language tag: {item.language!r}", "language")
    for i, code in enumerate(item.subjects):
        check_code(code, f"subjects[{i}]")
    for i, rendition in enumerate(item.renditions):
        for name in ("width", "height", "size"):
            value = getattr(rendition, name)
            if value is not None and value < 0:
                raise FormatError(f"{name} must be >= 0, got {value}", f"renditions[{i}].{name}")


def _root(item: NewsItem, element: str) -> Element:
    attrs = {
        "guid": xmltext.clean(item.guid),
        "version": str(item.version),
        "standard": codes.STANDARD,
        "standardversion": codes.STANDARD_VERSION,
        "conformance": codes.CONFORMANCE,
    }
    root = etree.Element(f"{{{_NS}}}{element}", attrs, nsmap={None: _NS})
    if item.language:
        root.set(_XML_LANG, item.language)
    _sub(root, "catalogRef", {"href": codes.IPTC_CATALOG})
    catalog = _sub(root, "catalog")
    for alias, uri in codes.TOASOAN_SCHEMES.items():
        _sub(catalog, "scheme", {"alias": alias, "uri": uri})
    if item.copyright_holder or item.copyright_notice or item.usage_terms:
        rights = _sub(root, "rightsInfo")
        if item.copyright_holder:
            holder = _sub(
                rights, "copyrightHolder", {"literal": xmltext.clean_line(item.copyright_holder)}
            )
            _text(holder, "name", item.copyright_holder)
        if item.copyright_notice:
            _block(rights, "copyrightNotice", item.copyright_notice)
        if item.usage_terms:
            _block(rights, "usageTerms", item.usage_terms)
    _item_meta(item, root)
    _content_meta(item, root)
    return root


def _party(parent: Element, name: str, value: str) -> None:
    if value:
        el = _sub(parent, name, {"literal": xmltext.clean_line(value)})
        _text(el, "name", value)
    else:
        _sub(parent, name)


def _item_meta(item: NewsItem, root: Element) -> None:
    meta = _sub(root, "itemMeta")
    _sub(meta, "itemClass", {"qcode": f"ninat:{item.type}"})
    _party(meta, "provider", item.provider)
    created = item.version_created or item.first_created or datetime.now(UTC)
    _sub(meta, "versionCreated").text = xmltext.format_datetime(created)
    if item.first_created is not None:
        _sub(meta, "firstCreated").text = xmltext.format_datetime(item.first_created)
    if item.embargo_until is not None:
        _sub(meta, "embargoed").text = xmltext.format_datetime(item.embargo_until)
    _sub(meta, "pubStatus", {"qcode": f"stat:{item.pubstatus}"})
    if item.ednote:
        _block(meta, "edNote", item.ednote)
    for link in item.links:
        attrs = {"rel": codes.link_qcode(link.rel), "residref": xmltext.clean(link.guid)}
        _sub(meta, "link", attrs)
    if localname(root) != "packageItem":  # a package lists them in its groupSet
        for assoc in item.associations:
            link = _sub(meta, "link", {"rel": f"tsasc:{codes.code(assoc.role)}"})
            _ref(link, assoc)


def _ref(el: Element, assoc: Association) -> None:
    """The target of a link / itemRef: residref, rank = position, itemClass and title."""
    if assoc.type not in codes.ITEM_TYPES:
        raise FormatError(f"unknown association type {assoc.type!r}", "associations")
    if assoc.position < 0:
        raise FormatError(f"position must be >= 0, got {assoc.position}", "associations")
    el.set("residref", xmltext.clean(assoc.guid))
    el.set("rank", str(assoc.position))
    content_type = (
        codes.PACKAGEITEM_CONTENTTYPE if assoc.type == "composite" else codes.NEWSITEM_CONTENTTYPE
    )
    el.set("contenttype", content_type)
    _sub(el, "itemClass", {"qcode": f"ninat:{assoc.type}"})
    if assoc.headline:
        _text(el, "title", assoc.headline)


def _content_meta(item: NewsItem, root: Element) -> None:
    meta = _sub(root, "contentMeta")
    if item.urgency is not None:
        _sub(meta, "urgency").text = str(item.urgency)
    if item.dateline_date is not None:
        _sub(meta, "contentCreated").text = item.dateline_date.isoformat()
    if item.dateline_place:
        _text(_sub(meta, "located"), "name", item.dateline_place)
    if item.language:
        _sub(meta, "language", {"tag": item.language})
    if item.genre:
        genre = _sub(meta, "genre", {"literal": xmltext.clean_line(item.genre)})
        _text(genre, "name", item.genre)
    for subject in item.subjects:
        el = _sub(meta, "subject", {"type": "cpnat:abstract", "qcode": f"medtop:{subject}"})
        for lang, label in _topic_names(subject, item.language):
            _text(el, "name", label, {_XML_LANG: lang})
    for kind, values in (
        ("person", item.people),
        ("organisation", item.organisations),
        ("geoArea", item.places),
    ):
        for value in values:
            if value:
                _text(_sub(meta, "subject", {"type": f"cpnat:{kind}"}), "name", value)
    for keyword in item.keywords:
        if keyword:
            _text(meta, "keyword", keyword)
    if item.slugline:
        _text(meta, "slugline", item.slugline)
    if item.headline:
        _text(meta, "headline", item.headline)
    if item.dateline_place:  # display text; decoding reads located and contentCreated
        shown = item.dateline_date.strftime("%d/%m/%Y") if item.dateline_date else ""
        _text(meta, "dateline", ", ".join(p for p in (item.dateline_place, shown) if p))
    if item.byline:
        _text(meta, "by", item.byline)
    if item.credit:
        _text(meta, "creditline", item.credit)
    if item.abstract:
        _block(meta, "description", item.abstract, {"role": "drol:summary"})
    if item.priority is not None:
        attrs = {"rel": f"tsprop:{codes.PRIORITY}", "value": str(item.priority)}
        _sub(meta, "contentMetaExtProperty", attrs)


@cache
def _topic_names(subject: str, language: str) -> tuple[tuple[str, str], ...]:
    """Vietnamese, English and item-language labels of a known Media Topic."""
    if not mediatopics.is_known(subject):
        return ()
    labels = mediatopics.get(subject).labels
    langs = dict.fromkeys(("vi", "en", (language or "vi").split("-")[0]))
    return tuple((lang, labels[lang]) for lang in langs if lang in labels)


def _content_set(item: NewsItem, root: Element, text_format: str) -> None:
    if not item.body_html.strip() and not item.renditions:
        return
    content = _sub(root, "contentSet")
    if item.body_html.strip():
        if text_format == "nitf":
            inline = _sub(content, "inlineXML", {"contenttype": codes.NITF_CONTENTTYPE})
            doc = etree.SubElement(inline, f"{{{NITF_NS}}}nitf", nsmap={None: NITF_NS})
            body = etree.SubElement(doc, f"{{{NITF_NS}}}body")
            html_to_nitf(item.body_html, etree.SubElement(body, f"{{{NITF_NS}}}body.content"))
        else:
            inline = _sub(content, "inlineXML", {"contenttype": codes.XHTML_CONTENTTYPE})
            x = XHTML_NS
            doc = etree.SubElement(inline, f"{{{x}}}html", nsmap={None: x})
            head = etree.SubElement(doc, f"{{{x}}}head")
            etree.SubElement(head, f"{{{x}}}title").text = xmltext.clean_line(item.headline)
            html_to_xhtml(item.body_html, etree.SubElement(doc, f"{{{x}}}body"))
    for rendition in item.renditions:
        attrs = {
            "rendition": codes.rendition_qcode(rendition.name),
            "href": xmltext.clean(rendition.href),
        }
        if rendition.mime:
            attrs["contenttype"] = xmltext.clean_line(rendition.mime)
        for name in ("width", "height", "size"):
            value = getattr(rendition, name)
            if value is not None:
                attrs[name] = str(value)
        _sub(content, "remoteContent", attrs)


def _serialise(root: Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def encode_news_item(item: NewsItem, *, text_format: str = "nitf") -> bytes:
    """The item as a NewsML-G2 2.35 newsItem (UTF-8); the body as inline NITF or XHTML."""
    if text_format not in _TEXT_FORMATS:
        raise ValueError(f"text_format must be one of {_TEXT_FORMATS}, got {text_format!r}")
    _check(item)
    root = _root(item, "newsItem")
    _content_set(item, root, text_format)
    return _serialise(root)


def encode_package_item(item: NewsItem) -> bytes:
    """The item as a NewsML-G2 2.35 packageItem: its associations as a groupSet.

    The root group refers to one group per Association.group (in order of first appearance);
    each group lists its members' itemRefs in position order. body_html and renditions are not
    part of a packageItem.
    """
    _check(item)
    root = _root(item, "packageItem")
    groups: dict[str, list[Association]] = {}
    for assoc in item.associations:
        groups.setdefault(assoc.group, []).append(assoc)
    if not groups:
        return _serialise(root)
    group_set = _sub(root, "groupSet", {"root": "G0"})
    top = _sub(group_set, "group", {"id": "G0"})
    for n in range(1, len(groups) + 1):
        _sub(top, "groupRef", {"idref": f"G{n}"})
    for n, (name, members) in enumerate(groups.items(), start=1):
        group = _sub(group_set, "group", {"id": f"G{n}"})
        _text(group, "title", name)
        for assoc in sorted(members, key=lambda a: a.position):
            ref = _sub(group, "itemRef")
            if assoc.role != "member":
                ref.set("rel", f"tsasc:{codes.code(assoc.role)}")
            _ref(ref, assoc)
    return _serialise(root)
