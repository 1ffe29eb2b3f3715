"""NewsML-G2 newsItem / packageItem / newsMessage -> NewsItem.

Tolerant of optional parts and of the ways real feeds say the same thing (QCodes with any alias
an inline catalog declares, or URIs; Media Topics as qcode, URI or via <sameAs>; names, literals
or codes for parties), strict on structure: a wrong root, a missing guid, itemMeta or itemClass,
an unknown item class or pubStatus, an unreadable date or number raise FormatError with an
XPath-like path. Text is NFC; the body (inline NITF or XHTML) becomes canonical HTML that the
caller still has to sanitise. See encode.py for where each field lives.
"""

from __future__ import annotations

from collections.abc import Callable

from toasoan.formats.htmlbody import markup_to_html
from toasoan.formats.model import Association, FormatError, Link, NewsItem, Rendition
from toasoan.formats.newsmlg2 import codes
from toasoan.formats.xmlsafe import XML_LANG, Element, localname, parse_xml, where, xpath_of
from toasoan.formats.xmltext import (
    block_text,
    collapse,
    element_text,
    escape_text,
    nfc,
    parse_date,
    parse_datetime,
    parse_int,
)

_NS = codes.NAR_NS
_ITEMS = ("newsItem", "packageItem")
_SKIPPED_ITEMS = ("conceptItem", "knowledgeItem", "planningItem", "catalogItem")


def decode(data: bytes) -> list[NewsItem]:
    """The items of a NewsML-G2 document: one for a newsItem or packageItem, all the news and
    package items of a newsMessage (concept, knowledge and planning items are skipped)."""
    root = parse_xml(data)
    name = localname(root)
    if name not in (*_ITEMS, "newsMessage"):
        raise FormatError(
            f"unexpected root element {name!r}: expected newsItem, packageItem or newsMessage",
            xpath_of(root),
        )
    if root.tag != f"{{{_NS}}}{name}":
        raise FormatError(f"{name} is not in the NewsML-G2 namespace {_NS}", xpath_of(root))
    if name != "newsMessage":
        return [_Item(root).decode()]
    item_set = _child(root, "itemSet")
    if item_set is None:
        raise FormatError("newsMessage without itemSet", xpath_of(root) + "/itemSet")
    items: list[NewsItem] = []
    for el in item_set:
        child = localname(el)
        if child in _ITEMS and el.tag == f"{{{_NS}}}{child}":
            items.append(_Item(el).decode())
        elif child and child not in _SKIPPED_ITEMS:
            raise FormatError(f"unexpected element {child!r} in itemSet", xpath_of(el))
    return items


def _child(el: Element | None, name: str) -> Element | None:
    if el is None:
        return None
    return el.find(f"{{{_NS}}}{name}")


def _children(el: Element | None, name: str) -> list[Element]:
    if el is None:
        return []
    return el.findall(f"{{{_NS}}}{name}")


class _Item:
    def __init__(self, root: Element) -> None:
        self.root = root
        self.schemes = dict(codes.DEFAULT_SCHEMES)
        for catalog in _children(root, "catalog"):
            for scheme in _children(catalog, "scheme"):
                alias, uri = scheme.get("alias"), scheme.get("uri")
                if alias and uri:
                    self.schemes[alias.strip()] = uri.strip()

    # -- concepts --------------------------------------------------------------------------

    def resolve(self, qcode: str | None) -> str | None:
        """The URI of a QCode (scheme alias + code), None when the alias is unknown."""
        if not qcode:
            return None
        alias, sep, code = qcode.strip().partition(":")
        uri = self.schemes.get(alias)
        return uri + code if sep and uri else None

    def uris(self, el: Element, attr: str = "qcode", uri_attr: str = "uri") -> list[str]:
        """URIs for an element's concept: @qcode resolved, @uri (either may be a list)."""
        found = [u for q in (el.get(attr) or "").split() if (u := self.resolve(q))]
        found.extend((el.get(uri_attr) or "").split())
        return found

    def code_in(self, el: Element, base: str, attr: str = "qcode", uri_attr: str = "uri") -> str:
        """The code of the element's concept in the scheme `base`, or ""."""
        for uri in self.uris(el, attr, uri_attr):
            if uri.startswith(base):
                return uri[len(base) :]
            if uri.startswith(base.replace("http:", "https:", 1)):
                return uri[len(base) + 1 :]
        return ""

    def codes_of(self, el: Element, attr: str, uri_attr: str) -> list[str]:
        """The codes of a QCode/URI list attribute (resolved or not): drol:summary -> summary."""
        found = [q.partition(":")[2] for q in (el.get(attr) or "").split()]
        found.extend(u.rstrip("/").rpartition("/")[2] for u in (el.get(uri_attr) or "").split())
        return found

    def label(self, el: Element) -> str:
        """A party / concept as text: its name, literal, else its code."""
        name = _child(el, "name")
        if name is not None and (text := element_text(name)):
            return text
        if el.get("literal"):
            return collapse(el.get("literal"))
        if el.get("qcode"):
            return collapse(el.get("qcode").partition(":")[2])
        return collapse(el.get("uri") or "")

    # -- item ------------------------------------------------------------------------------

    def decode(self) -> NewsItem:
        root = self.root
        guid = (root.get("guid") or "").strip()
        if not guid:
            raise FormatError("the item has no guid", where(root, "guid"))
        item = NewsItem(guid=nfc(guid), language="")
        if root.get("version"):
            item.version = parse_int(root.get("version"), root, "version", 1)
        item.language = (root.get(XML_LANG) or "").strip()
        self.rights(item)
        meta = _child(root, "itemMeta")
        if meta is None:
            raise FormatError("the item has no itemMeta", xpath_of(root) + "/itemMeta")
        self.item_meta(meta, item)
        content_meta = _child(root, "contentMeta")
        if content_meta is not None:
            self.content_meta(content_meta, item)
        if localname(root) == "packageItem":
            item.type = "composite"
            group_set = _child(root, "groupSet")
            if group_set is not None:
                item.associations = self.groups(group_set)
        else:
            content_set = _child(root, "contentSet")
            if content_set is not None:
                self.content_set(content_set, item)
        return item

    def rights(self, item: NewsItem) -> None:
        notices: list[str] = []
        terms: list[str] = []
        for rights in _children(self.root, "rightsInfo"):
            holder = _child(rights, "copyrightHolder")
            if holder is not None and not item.copyright_holder:
                item.copyright_holder = self.label(holder)
            notices.extend(t for n in _children(rights, "copyrightNotice") if (t := block_text(n)))
            terms.extend(t for u in _children(rights, "usageTerms") if (t := block_text(u)))
        item.copyright_notice = "\n".join(notices)
        item.usage_terms = "\n".join(terms)

    def item_meta(self, meta: Element, item: NewsItem) -> None:
        item_class = _child(meta, "itemClass")
        if item_class is None:
            raise FormatError("itemMeta has no itemClass", xpath_of(meta) + "/itemClass")
        item_type = self.code_in(item_class, codes.NINAT)
        if item_type not in codes.ITEM_TYPES:
            attr = "qcode" if item_class.get("qcode") else "uri"
            raise FormatError(
                f"unsupported item class {item_class.get(attr)!r}", where(item_class, attr)
            )
        item.type = item_type
        provider = _child(meta, "provider")
        if provider is not None:
            item.provider = self.label(provider)
        for name, field in (
            ("versionCreated", "version_created"),
            ("firstCreated", "first_created"),
            ("embargoed", "embargo_until"),
        ):
            el = _child(meta, name)
            if el is not None and el.text and el.text.strip():
                setattr(item, field, parse_datetime(el.text, el))
        status = _child(meta, "pubStatus")
        if status is not None:
            value = self.code_in(status, codes.STAT)
            value = "canceled" if value == "cancelled" else value
            if value not in ("usable", "withheld", "canceled"):
                raise FormatError(f"unknown pubStatus {status.get('qcode')!r}", xpath_of(status))
            item.pubstatus = value
        item.ednote = "\n".join(t for n in _children(meta, "edNote") if (t := block_text(n)))
        for link in _children(meta, "link"):
            self.link(link, item)

    def link(self, link: Element, item: NewsItem) -> None:
        target = (link.get("residref") or link.get("href") or "").strip()
        if not target:
            return
        if role := self.code_in(link, codes.TSASC, "rel", "reluri"):
            assoc = self.association(link, codes.uncode(role), "main", 0)
            item.associations.append(assoc)
        elif rel := self.code_in(link, codes.TSREL, "rel", "reluri"):
            item.links.append(Link(rel=codes.uncode(rel), guid=nfc(target)))
        elif irel := self.code_in(link, codes.IREL, "rel", "reluri"):
            if irel in codes.LINK_RELS_BACK:
                item.links.append(Link(rel=codes.LINK_RELS_BACK[irel], guid=nfc(target)))

    def association(self, ref: Element, role: str, group: str, index: int) -> Association:
        guid = (ref.get("residref") or ref.get("href") or "").strip()
        position = index
        if ref.get("rank"):
            position = parse_int(ref.get("rank"), ref, "rank", 0)
        assoc = Association(role=role, guid=nfc(guid), group=group, position=position)
        item_class = _child(ref, "itemClass")
        if item_class is not None:
            kind = self.code_in(item_class, codes.NINAT)
            if kind in codes.ITEM_TYPES:
                assoc.type = kind
        title = _child(ref, "title")
        if title is not None:
            assoc.headline = element_text(title)
        elif ref.get("title"):
            assoc.headline = collapse(ref.get("title"))
        return assoc

    def content_meta(self, meta: Element, item: NewsItem) -> None:
        texts: dict[str, list[str]] = {}
        descriptions: list[tuple[list[str], str]] = []
        creators: list[str] = []
        for el in meta:
            name = localname(el)
            if name == "urgency":
                item.urgency = parse_int(el.text or "", el, None, 1, 9)
            elif name == "contentCreated" and el.text and el.text.strip():
                value = el.text.strip()
                if len(value) >= 10:  # xs:gYear / gYearMonth carry no day
                    item.dateline_date = parse_date(value, el)
            elif name == "located" and not item.dateline_place:
                item.dateline_place = self.label(el)
            elif name == "creator":
                creators.append(self.label(el))
            elif name == "language" and el.get("tag"):
                item.language = el.get("tag").strip()
            elif name == "genre" and not item.genre:
                item.genre = collapse(
                    el.get("literal") or el.get("qcode", "").partition(":")[2] or self.label(el)
                )
            elif name == "subject":
                self.subject(el, item)
            elif name == "keyword":
                if text := element_text(el):
                    item.keywords.append(text)
            elif name in ("slugline", "headline", "dateline", "by", "creditline"):
                texts.setdefault(name, []).append(element_text(el))
            elif name == "description":
                descriptions.append((self.codes_of(el, "role", "roleuri"), block_text(el)))
            elif name == "contentMetaExtProperty":
                if self.code_in(el, codes.TSPROP, "rel", "reluri") == codes.PRIORITY:
                    item.priority = parse_int(el.get("value") or "", el, "value", 1, 9)
        item.slugline = next(iter(texts.get("slugline", [])), "")
        item.headline = next(iter(texts.get("headline", [])), "")
        item.credit = next(iter(texts.get("creditline", [])), "")
        item.byline = ", ".join(t for t in texts.get("by", []) if t) or ", ".join(
            c for c in creators if c
        )
        if not item.dateline_place and texts.get("dateline"):
            item.dateline_place = texts["dateline"][0].split(",")[0].strip()
        for wanted in ("summary", "caption", "", "*"):  # drol:summary, drol:caption, none, any
            found = [t for roles, t in descriptions if wanted == "*" or wanted in (roles or [""])]
            if found:
                item.abstract = found[0]
                break

    def subject(self, el: Element, item: NewsItem) -> None:
        kind = self.code_in(el, codes.CPNAT, "type", "typeuri")
        targets: dict[str, Callable[[str], None]] = {
            "person": item.people.append,
            "organisation": item.organisations.append,
            "geoArea": item.places.append,
            "poi": item.places.append,
        }
        if kind in targets:
            if text := self.label(el):
                targets[kind](text)
            return
        for concept in (el, *_children(el, "sameAs")):
            code = self.code_in(concept, codes.MEDTOP)
            if len(code) == 8 and code.isascii() and code.isdigit():
                item.subjects.append(code)
                return

    def content_set(self, content_set: Element, item: NewsItem) -> None:
        for el in content_set:
            name = localname(el)
            if name == "inlineXML" and not item.body_html:
                item.body_html = self.inline_xml(el)
            elif name == "inlineData" and not item.body_html:
                item.body_html = _inline_data(el)
            elif name == "remoteContent":
                rendition = self.rendition(el, len(item.renditions))
                if rendition is not None:
                    item.renditions.append(rendition)

    def inline_xml(self, inline: Element) -> str:
        doc = next((c for c in inline if localname(c)), None)
        if doc is None:
            return ""
        name = localname(doc)
        if name == "nitf":
            body = next((c for c in doc if localname(c) == "body"), None)
            if body is None:
                return ""
            return markup_to_html(*(c for c in body if localname(c) == "body.content"))
        if name == "html":
            body = next((c for c in doc if localname(c) == "body"), None)
            return markup_to_html(body) if body is not None else ""
        return markup_to_html(doc)  # body.content, body, div …

    def rendition(self, el: Element, index: int) -> Rendition | None:
        href = (el.get("href") or el.get("residref") or "").strip()
        if not href:
            return None
        name = ""
        if iptc := self.code_in(el, codes.RND, "rendition", "renditionuri"):
            name = codes.RENDITIONS_BACK.get(iptc, iptc)
        elif own := self.code_in(el, codes.TSRND, "rendition", "renditionuri"):
            name = codes.uncode(own)
        elif el.get("rendition"):
            name = el.get("rendition").strip().partition(":")[2]
        elif el.get("renditionuri"):
            name = el.get("renditionuri").strip().rstrip("/").rpartition("/")[2]
        rendition = Rendition(
            name=nfc(name or f"rendition-{index + 1}"),
            href=nfc(href),
            mime=collapse(el.get("contenttype") or ""),
        )
        for attr in ("width", "height", "size"):
            if el.get(attr):
                setattr(rendition, attr, parse_int(el.get(attr), el, attr, 0))
        return rendition

    def groups(self, group_set: Element) -> list[Association]:
        groups = {g.get("id"): g for g in _children(group_set, "group") if g.get("id")}
        root_id = (group_set.get("root") or "").strip()
        if root_id not in groups:
            raise FormatError(f"groupSet root {root_id!r} is not a group", where(group_set, "root"))
        associations: list[Association] = []
        seen: set[str] = set()

        def walk(group: Element, inherited: str) -> None:
            group_id = group.get("id") or ""
            if group_id in seen:
                raise FormatError("groupRef cycle", xpath_of(group))
            seen.add(group_id)
            title = _child(group, "title")
            name = element_text(title) if title is not None else ""
            if not name and group.get("role"):
                name = collapse(group.get("role").partition(":")[2])
            name = name or inherited
            index = 0
            for el in group:
                child = localname(el)
                if child == "itemRef":
                    role = self.code_in(el, codes.TSASC, "rel", "reluri")
                    assoc = self.association(
                        el, codes.uncode(role) if role else "member", name, index
                    )
                    if assoc.guid:
                        associations.append(assoc)
                        index += 1
                elif child == "groupRef":
                    idref = (el.get("idref") or "").strip()
                    if idref not in groups:
                        raise FormatError(
                            f"groupRef to unknown group {idref!r}", where(el, "idref")
                        )
                    walk(groups[idref], name)

        walk(groups[root_id], "main")
        return associations


def _inline_data(el: Element) -> str:
    content_type = (el.get("contenttype") or "").split(";")[0].strip().lower()
    text = el.text or ""
    if content_type == "text/html":
        return nfc(text.strip())
    if content_type in ("", "text/plain"):
        paragraphs = [collapse(p) for p in text.replace("\r\n", "\n").split("\n\n")]
        return "\n".join(f"<p>{escape_text(p)}</p>" for p in paragraphs if p)
    return ""
