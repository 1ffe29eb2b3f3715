"""IPTC Media Topics (2023-10-24) with Vietnamese labels.

The vocabulary is read once from the package data (``data/mediatopics.json``,
derived from the IPTC NewsCodes, CC BY 4.0; ``data/mediatopics_vi.json``, the
project's own Vietnamese labels).  Codes are accepted as ``"20000002"``,
``"medtop:20000002"`` or ``"http://cv.iptc.org/newscodes/mediatopic/20000002"``
and always returned in the bare 8-digit form.

Retired concepts are kept (older stories may carry them) and flagged with
``Topic.retired``; hierarchy helpers include them unless asked not to.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from types import MappingProxyType
from typing import Any

__all__ = [
    "QCODE_PREFIX",
    "URI_PREFIX",
    "Topic",
    "UnknownTopic",
    "all_topics",
    "ancestors",
    "children",
    "get",
    "is_known",
    "narrower",
    "normalise",
    "search",
    "top_level",
]

QCODE_PREFIX = "medtop:"
URI_PREFIX = "http://cv.iptc.org/newscodes/mediatopic/"
_FALLBACK_LANGS = ("vi", "en")


class UnknownTopic(ValueError):
    """Raised for a code that is not in the IPTC Media Topics vocabulary."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(
            f"unknown IPTC Media Topic code {code!r} (expected a known code such as "
            f"'20000002', '{QCODE_PREFIX}20000002' or '{URI_PREFIX}20000002')"
        )


@dataclass(frozen=True)
class Topic:
    code: str
    level: int
    broader: str | None
    retired: bool
    labels: Mapping[str, str] = field(compare=False, repr=False)
    definition: str | None = field(default=None, compare=False, repr=False)
    retired_on: str | None = field(default=None, compare=False, repr=False)

    @property
    def qcode(self) -> str:
        return f"{QCODE_PREFIX}{self.code}"

    @property
    def uri(self) -> str:
        return f"{URI_PREFIX}{self.code}"

    def label(self, lang: str = "vi") -> str:
        """Label in ``lang`` ("en-GB" matches "en"), else Vietnamese, else English."""
        primary = lang.split("-")[0].lower()
        same_lang = (k for k in self.labels if k.split("-")[0].lower() == primary)
        for key in (lang, *same_lang, *_FALLBACK_LANGS):
            if key in self.labels:
                return self.labels[key]
        return self.code  # unreachable with the shipped data: "en" is mandatory


def _fold(text: str) -> str:
    """Case- and diacritic-insensitive form: "Giáo dục Đại học" -> "giao duc dai hoc"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def _read_json(name: str) -> Any:
    resource = files("toasoan.vocabularies") / "data" / name
    return json.loads(resource.read_text(encoding="utf-8"))


@cache
def _topics() -> Mapping[str, Topic]:
    vi: dict[str, str] = _read_json("mediatopics_vi.json")
    topics: dict[str, Topic] = {}
    for raw in _read_json("mediatopics.json")["concepts"]:
        code: str = raw["code"]
        labels = dict(raw["labels"])
        if code in vi:
            labels["vi"] = vi[code]
        topics[code] = Topic(
            code=code,
            level=raw["level"],
            broader=raw["broader"],
            retired=raw["retired"] is not None,
            labels=MappingProxyType(labels),
            definition=raw.get("definition"),
            retired_on=raw["retired"],
        )
    return MappingProxyType(topics)


@cache
def _children_index() -> Mapping[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for topic in _topics().values():
        if topic.broader is not None:
            index.setdefault(topic.broader, []).append(topic.code)
    return MappingProxyType({k: tuple(sorted(v)) for k, v in index.items()})


@cache
def _folded_labels() -> Mapping[str, Mapping[str, str]]:
    return MappingProxyType(
        {
            code: MappingProxyType({k: _fold(v) for k, v in t.labels.items()})
            for code, t in _topics().items()
        }
    )


_PREFIXES = (URI_PREFIX, URI_PREFIX.replace("http:", "https:", 1), QCODE_PREFIX)


def _bare(code: str) -> str:
    text = code.strip()
    for prefix in _PREFIXES:
        if text.lower().startswith(prefix):
            return text[len(prefix) :].rstrip("/")
    return text


def normalise(code: str) -> str:
    """Bare 8-digit code for any accepted form; raises UnknownTopic."""
    bare = _bare(code)
    if bare not in _topics():
        raise UnknownTopic(code)
    return bare


def is_known(code: str) -> bool:
    return _bare(code) in _topics()


def get(code: str) -> Topic:
    return _topics()[normalise(code)]


def all_topics(*, include_retired: bool = True) -> list[Topic]:
    """Every topic, ordered by code."""
    return [t for _, t in sorted(_topics().items()) if include_retired or not t.retired]


def top_level() -> list[Topic]:
    """The 17 level-1 topics, ordered by code."""
    return [t for t in all_topics() if t.level == 1]


def children(code: str, *, include_retired: bool = True) -> list[Topic]:
    """Direct narrower topics of ``code``, ordered by code."""
    topics = _topics()
    return [
        topics[c]
        for c in _children_index().get(normalise(code), ())
        if include_retired or not topics[c].retired
    ]


def _descendants(code: str) -> Iterator[str]:
    stack = [code]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(_children_index().get(current, ()))


def narrower(code: str) -> set[str]:
    """``code`` itself plus all transitive descendants (retired ones included).

    Meant for filtering: a story tagged 20000404 matches a filter on 05000000.
    """
    return set(_descendants(normalise(code)))


def ancestors(code: str) -> list[str]:
    """Broader codes from the top-level topic down to the direct parent.

    ``code`` itself is not included; a top-level topic has no ancestors.
    """
    topics = _topics()
    chain: list[str] = []
    broader = topics[normalise(code)].broader
    while broader is not None:
        chain.append(broader)
        broader = topics[broader].broader
    return chain[::-1]


def search(text: str, lang: str = "vi", limit: int = 20) -> list[Topic]:
    """Topics whose Vietnamese, English or ``lang`` label contains ``text``.

    Matching ignores case and diacritics ("giao duc" finds "Giáo dục").
    Active topics come first, then by level; within that, exact and
    prefix matches before other substring matches.
    """
    needle = _fold(text)
    if not needle or limit <= 0:
        return []
    topics = _topics()
    langs = {lang, *_FALLBACK_LANGS}
    ranked: list[tuple[tuple[bool, int, int, str], Topic]] = []
    for code, folded in _folded_labels().items():
        candidates = [v for k, v in folded.items() if k in langs and needle in v]
        if not candidates:
            continue
        topic = topics[code]
        closeness = min(0 if v == needle else 1 if v.startswith(needle) else 2 for v in candidates)
        ranked.append(((topic.retired, topic.level, closeness, code), topic))
    ranked.sort(key=lambda item: item[0])
    return [topic for _, topic in ranked[:limit]]
