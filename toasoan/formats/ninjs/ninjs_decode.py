"""ninjs 1.x, 2.x or 3.x -> NewsItem (see the package docstring for the mapping)."""

from __future__ import annotations

import html
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from toasoan.formats.model import (
    ITEM_TYPES,
    PUBSTATUSES,
    Association,
    FormatError,
    Link,
    NewsItem,
    Rendition,
)
from toasoan.formats.ninjs.ninjs_encode import (
    ASSOCIATION_ROLES,
    KEYS_3,
    LINK_RELS,
    MAIN_GROUP,
    MEDTOP_QCODE,
    MEDTOP_URI,
    ROLE_ABSTRACT,
    ROLE_CREDIT,
    ROLE_DATELINE,
    ROLE_MAIN,
    ROLE_PRIORITY,
    ROLE_PROVIDER,
)

# 2.x name -> 1.x name, where they differ (3.x names come from KEYS_3).
_KEYS_1 = {
    "by": "byline",
    "people": "person",
    "organisations": "organisation",
    "places": "place",
    "subjects": "subject",
    "genres": "genre",
    "infosources": "infosource",
    "contenttype": "mimetype",
}
_V1_KEYS = {*_KEYS_1.values(), "headline", "event", "object", "trustindicator", "$standard"}
_V1_PREFIXES = ("headline_", "body_", "description_")
_V3_KEYS = {*KEYS_3.values(), "altIds", "contentCreated", "representationType", "rightsInfo"}
_V3_KEYS -= set(KEYS_3)  # only the camelCase spellings mark 3.x
_SCHEMA_VERSION = re.compile(r"ninjs-schema_([1-3])\.")
_DIGITS = re.compile(r"[0-9]+")
_CODE = re.compile(r"[0-9]{8}")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_ABSTRACT_ROLES = (ROLE_ABSTRACT, "abstract", "lead", "caption", "text", "")
_MEDIA_TYPES = ("picture", "video", "graphic", "audio")


def _pointer(path: str, key: str | int) -> str:
    return f"{path}/{str(key).replace('~', '~0').replace('/', '~1')}"


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _kind(value: object) -> str:
    """The JSON name of a value's type."""
    if isinstance(value, bool) or value is None:
        return "a boolean" if value is not None else "null"
    names = {dict: "an object", list: "an array", str: "a string", int: "a number"}
    return names.get(type(value), "a number" if isinstance(value, float) else type(value).__name__)


class _Obj:
    """A JSON object with its pointer and ninjs major version; lookups accept every spelling."""

    def __init__(self, data: dict[str, Any], path: str, major: str):
        self.data, self.path, self.major = data, path, major

    def find(self, name: str) -> tuple[str, Any]:
        """(key, value) under the version's spelling of `name` (2.x spelling), else the other's."""
        other = _KEYS_1.get(name, name) if self.major == "1" else KEYS_3.get(name, name)
        for key in (other, name) if self.major != "2" else (name, other):
            if self.data.get(key) is not None:
                return key, self.data[key]
        return name, None

    def raw(self, name: str) -> str:
        key, value = self.find(name)
        if value is None:
            return ""
        if not isinstance(value, str):
            raise FormatError(f"expected a string, got {_kind(value)}", _pointer(self.path, key))
        return value

    def text(self, name: str) -> str:
        return _nfc(self.raw(name))

    def number(self, name: str) -> int | None:
        key, value = self.find(name)
        return None if value is None else _int(value, _pointer(self.path, key))

    def when(self, name: str) -> datetime | None:
        key, value = self.find(name)
        if value is None:
            return None
        path = _pointer(self.path, key)
        if not isinstance(value, str):
            raise FormatError("expected a date-time string", path)
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise FormatError(f"not an ISO 8601 date-time: {value!r}", path) from None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)

    def objects(self, name: str) -> list[_Obj]:
        """An array of objects, or for 1.x renditions/associations an object of named objects."""
        key, value = self.find(name)
        path = _pointer(self.path, key)
        if value is None:
            return []
        if self.major == "1" and name in ("renditions", "associations") and isinstance(value, dict):
            named = [(k, {**v, "name": k} if isinstance(v, dict) else v) for k, v in value.items()]
        elif isinstance(value, list):
            named = list(enumerate(value))
        else:
            raise FormatError(f"expected an array, got {_kind(value)}", path)
        out = []
        for k, entry in named:
            if not isinstance(entry, dict):
                raise FormatError(f"expected an object, got {_kind(entry)}", _pointer(path, k))
            out.append(_Obj(entry, _pointer(path, k), self.major))
        return out


def _int(value: object, path: str) -> int:
    if isinstance(value, bool):
        raise FormatError("expected an integer, got a boolean", path)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
        return int(value)
    raise FormatError(f"expected an integer, got {value!r}", path)


@dataclass
class _Text:
    role: str
    contenttype: str
    value: str


def _texts(o: _Obj, plural: str) -> list[_Text]:
    """headlines, bodies or descriptions: 2.x/3.x arrays, or 1.x headline_x, body_x …."""
    if o.major != "1":
        return [
            _Text(e.raw("role"), e.raw("contenttype").lower(), _required(e, "value"))
            for e in o.objects(plural)
        ]
    prefix = plural[:-1] if plural != "bodies" else "body"
    out = []
    for key, value in o.data.items():
        if key == prefix or key.startswith(prefix + "_"):
            if not isinstance(value, str):
                raise FormatError("expected a string", _pointer(o.path, key))
            role = key[len(prefix) + 1 :] or ROLE_MAIN
            kind = "text/html" if role in ("html", "xhtml") else "text/plain"
            out.append(_Text(role, kind, value))
    return out


def _required(o: _Obj, name: str) -> str:
    if o.find(name)[1] is None:
        raise FormatError(f"'{name}' is required", _pointer(o.path, name))
    return o.raw(name)


def _pick(texts: list[_Text], roles: tuple[str, ...]) -> _Text | None:
    for role in roles:
        for t in texts:
            if t.role == role:
                return t
    return None


def _body(texts: list[_Text]) -> str:
    markup = [t for t in texts if t.contenttype in _HTML_TYPES]
    if markup:
        return (_pick(markup, (ROLE_MAIN,)) or markup[0]).value
    plain = [t for t in texts if t.contenttype in ("text/plain", "")]
    if not plain:
        return ""
    chosen = _pick(plain, (ROLE_MAIN, "text")) or plain[0]
    lines = (line.strip() for line in chosen.value.splitlines())
    return "\n".join(f"<p>{html.escape(line, quote=False)}</p>" for line in lines if line)


def load(doc: dict[str, Any] | bytes | str) -> dict[str, Any]:
    """The document as a JSON object; FormatError for invalid JSON or a non-object."""
    data: object = doc
    if isinstance(doc, bytes | bytearray | memoryview | str):
        try:
            text = doc if isinstance(doc, str) else bytes(doc).decode("utf-8-sig")
            data = json.loads(text.removeprefix("\ufeff"), parse_constant=_no_constant)
        except UnicodeDecodeError as exc:
            raise FormatError(f"not UTF-8: {exc.reason} at byte {exc.start}") from None
        except json.JSONDecodeError as exc:
            where = f"line {exc.lineno}, column {exc.colno}"
            raise FormatError(f"invalid JSON: {exc.msg} ({where})") from None
        except (ValueError, RecursionError) as exc:
            raise FormatError(f"invalid JSON: {exc or 'nested too deeply'}") from None
    if not isinstance(data, dict):
        raise FormatError(f"expected a JSON object (one ninjs item), got {_kind(data)}")
    return data


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not allowed")


def detect_version(data: dict[str, Any]) -> str:
    """ninjs major version ("1", "2" or "3") from `standard`/`$schema`, else from the structure."""
    standard = data.get("standard", data.get("$standard"))
    hints = [data.get("$schema")]
    if isinstance(standard, dict):
        version = standard.get("version")
        name = standard.get("name")
        if isinstance(name, str) and name.lower() == "ninjs" and isinstance(version, str):
            if version[:1] in ("1", "2", "3"):
                return version[:1]
        hints.append(standard.get("schema"))
    for hint in hints:
        match = _SCHEMA_VERSION.search(hint) if isinstance(hint, str) else None
        if match:
            return match.group(1)
    keys = data.keys()
    if (
        not _V1_KEYS.isdisjoint(keys)
        or any(k.startswith(_V1_PREFIXES) for k in keys)
        or isinstance(data.get("renditions"), dict)
        or isinstance(data.get("associations"), dict)
    ):
        return "1"
    return "3" if not _V3_KEYS.isdisjoint(keys) else "2"


def decode(doc: dict[str, Any] | bytes | str) -> NewsItem:
    """A ninjs 1.x, 2.x or 3.x item (a parsed object, or JSON text/bytes) as a NewsItem."""
    data = load(doc)
    o = _Obj(data, "", detect_version(data))
    guid = _required(o, "uri")
    if not guid:
        raise FormatError("'uri' is empty", "/uri")
    item = NewsItem(guid=guid, version=_version(o), type=_type(o), language=o.raw("language"))
    status = o.raw("pubstatus").lower() or "usable"
    if status not in PUBSTATUSES:
        raise FormatError(f"unknown pubstatus {status!r}", _pointer("", o.find("pubstatus")[0]))
    item.pubstatus = status
    headline = _pick(headlines := _texts(o, "headlines"), (ROLE_MAIN,))
    item.headline = _nfc(headline.value if headline else headlines[0].value if headlines else "")
    item.headline = item.headline or o.text("title")
    item.slugline, item.byline = o.text("slugline"), o.text("by")
    item.dateline_place = o.text("located")
    item.body_html = _body(_texts(o, "bodies"))
    _descriptions(item, _texts(o, "descriptions"))
    item.urgency = o.number("urgency")
    item.first_created = o.when("firstcreated")
    item.version_created = o.when("versioncreated")
    item.embargo_until = o.when("embargoed")
    item.copyright_holder = o.text("copyrightholder")
    item.copyright_notice = o.text("copyrightnotice")
    item.usage_terms = o.text("usageterms")
    item.ednote = o.text("ednote")
    for subject in o.objects("subjects"):
        code = _media_topic(subject)
        if code:
            item.subjects.append(code)
        else:
            item.keywords.append(_name(subject))
    item.places = [_name(e) for e in o.objects("places")]
    item.people = [_name(e) for e in o.objects("people")]
    item.organisations = [_name(e) for e in o.objects("organisations")]
    genres = o.objects("genres")
    if genres:
        g, tail = genres[0], genres[0].raw("uri").rstrip("/").rsplit("/", 1)[-1]
        item.genre = g.text("literal") or g.text("code") or _nfc(tail) or g.text("name")
    for source in o.objects("infosources"):
        role = source.raw("role") or source.raw("rel")
        if role == ROLE_PROVIDER or role.endswith((":provider", "/provider")):
            item.provider = source.text("name")
            break
    item.renditions = [_rendition(r) for r in o.objects("renditions")]
    _associations(item, o.objects("associations"))
    return item


def _version(o: _Obj) -> int:
    value = o.find("version")[1]
    if value is None:
        return 1
    if (isinstance(value, int) and not isinstance(value, bool) and value >= 0) or (
        isinstance(value, str) and _DIGITS.fullmatch(value)
    ):
        return int(value)
    raise FormatError(f"version must be a non-negative integer, got {value!r}", "/version")


def _iso_date(text: str) -> date | None:
    """The dateline date; None for a free-text dateline ("HANOI, May 5": the place is `located`)."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def _type(o: _Obj) -> str:
    kind = o.raw("type") or "text"
    for key in ("eventDetails", "plannedCoverage"):
        if kind in ("event", "planning") or o.data.get(key) is not None:
            where = "/type" if kind in ("event", "planning") else "/" + key
            raise FormatError("a ninjs event or planning item is not a news item", where)
    if kind not in ITEM_TYPES:
        raise FormatError(f"unsupported item type {kind!r}", "/type")
    return kind


def _descriptions(item: NewsItem, texts: list[_Text]) -> None:
    abstract = _pick(texts, _ABSTRACT_ROLES)
    item.abstract = _nfc(abstract.value) if abstract else ""
    credit = _pick(texts, (ROLE_CREDIT, "credit"))
    item.credit = _nfc(credit.value) if credit else ""
    dateline = _pick(texts, (ROLE_DATELINE,))
    item.dateline_date = _iso_date(dateline.value) if dateline else None
    priority = _pick(texts, (ROLE_PRIORITY,))
    if priority and _DIGITS.fullmatch(priority.value.strip()):
        item.priority = int(priority.value)


def _media_topic(o: _Obj) -> str:
    uri, literal = o.raw("uri"), o.raw("literal") or o.raw("code")
    scheme = o.raw("scheme").rstrip("/") + "/"
    candidates = []
    if uri.startswith((MEDTOP_URI, MEDTOP_URI.replace("http:", "https:", 1))):
        candidates.append(uri.rstrip("/").rsplit("/", 1)[-1])
    if literal.lower().startswith(MEDTOP_QCODE):
        candidates.append(literal[len(MEDTOP_QCODE) :])
    elif scheme in (MEDTOP_URI, MEDTOP_URI.replace("http:", "https:", 1)):
        candidates.append(literal)
    return next((c for c in candidates if _CODE.fullmatch(c)), "")


def _name(o: _Obj) -> str:
    for key in ("name", "literal", "code", "uri"):
        if o.find(key)[1] is not None:
            return o.text(key)
    return ""


def _rendition(o: _Obj) -> Rendition:
    return Rendition(
        name=_required(o, "name"),
        href=o.raw("href"),
        mime=o.raw("contenttype"),
        width=o.number("width"),
        height=o.number("height"),
        size=o.number("sizeinbytes"),
    )


def _associations(item: NewsItem, entries: list[_Obj]) -> None:
    """Our names (featured, embedded-2, member-sidebar-1, update-of …), else a best guess."""
    counters: dict[str, int] = {}
    for e in entries:
        name, guid, rel = _required(e, "name"), _required(e, "uri"), e.raw("rel")
        if name in LINK_RELS or (rel in LINK_RELS and not _parse_name(name)):
            item.links.append(Link(rel=name if name in LINK_RELS else rel, guid=guid))
            continue
        kind = e.raw("type")
        kind = kind if kind in ITEM_TYPES else "text"
        headlines = _texts(e, "headlines")
        main = _pick(headlines, (ROLE_MAIN,)) or (headlines[0] if headlines else None)
        role, group, position = _parse_name(name) or _guess(item, rel, kind, counters)
        item.associations.append(
            Association(
                role=role,
                guid=guid,
                type=kind,
                headline=_nfc(main.value) if main else e.text("headline"),
                group=group,
                position=position,
            )
        )


def _parse_name(name: str) -> tuple[str, str, int] | None:
    for role in ASSOCIATION_ROLES:
        if name == role:
            return role, MAIN_GROUP, 0
        if name.startswith(role + "-"):
            rest = name[len(role) + 1 :]
            if _DIGITS.fullmatch(rest):
                return role, MAIN_GROUP, int(rest)
            group, sep, position = rest.rpartition("-")
            if sep and _DIGITS.fullmatch(position):
                return role, group, int(position)
    return None


def _guess(item: NewsItem, rel: str, kind: str, counters: dict[str, int]) -> tuple[str, str, int]:
    """Another provider's association: members of a package, else the first media is featured."""
    if rel in ASSOCIATION_ROLES:
        role = rel
    elif item.type == "composite":
        role = "member"
    elif kind in _MEDIA_TYPES and "featured" not in counters:
        role = "featured"
    else:
        role = "embedded"
    position = counters.get(role, 0)
    counters[role] = position + 1
    return role, MAIN_GROUP, position
