"""From an item to what the index stores: filter attributes and prepared text columns.

Text is prepared here, in Python, for both backends alike (tokens, folding, stems, Vietnamese
compounds), so SQLite and PostgreSQL see the same tokens and rank the same items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from toasoan.newsroom.models import Item
from toasoan.search import text
from toasoan.vocabularies import mediatopics

_TAG = re.compile(r"<[^>]+>")  # as in core.html.to_text

COLUMNS = (
    "head_f",
    "head_x",
    "slug",
    "lead_f",
    "lead_x",
    "body_f",
    "body_x",
    "byline",
    "subj",
    "stem",
    "head_s",
    "comp",
)


# The Item fields build() reads (the rebuild loads only these).
ITEM_FIELDS = (
    "id",
    "language",
    "headline",
    "abstract",
    "keywords",
    "places",
    "people",
    "organisations",
    "body_html",
    "slugline",
    "byline",
    "subjects",
    "outlet",
    "desk",
    "type",
    "state",
    "urgency",
    "created_by",
    "published_at",
    "updated_at",
    "revision",
)


@dataclass
class IndexDoc:
    item_id: int
    outlet_id: int
    desk_id: int | None
    type: str
    state: str
    language: str
    urgency: int
    author_id: int
    date: datetime
    headline_folded: str
    subjects: list[str] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)
    # what a backend works out ahead of writing (Backend.prepare, in the rebuild's workers)
    prepared: dict[str, Any] = field(default_factory=dict, compare=False)


def _language(item: Item) -> str:
    return (item.language or "vi").split("-")[0].lower()


def _compound_source(item: Item) -> str:
    return f"{item.headline}. {item.abstract}"


def subject_codes(codes: list[str]) -> list[str]:
    """The item's topics and all their broader topics."""
    expanded: list[str] = []
    for code in codes:
        if not mediatopics.is_known(code):
            continue
        for c in (*mediatopics.ancestors(code), mediatopics.normalise(code)):
            if c not in expanded:
                expanded.append(c)
    return expanded


def build(item: Item) -> IndexDoc:
    return build_many([item])[0]


def build_many(items: list[Item]) -> list[IndexDoc]:
    """The index documents of the items. The Vietnamese ones are segmented in one batch
    (text.compounds_vi_many): the same compounds as one by one, in a fraction of the time."""
    languages = [_language(item) for item in items]
    sources = [
        _compound_source(item) if lang == "vi" else ""
        for item, lang in zip(items, languages, strict=True)
    ]
    compounds = text.compounds_vi_many(sources) if any(sources) else [[] for _ in items]
    return [
        _build(item, lang, found)
        for item, lang, found in zip(items, languages, compounds, strict=True)
    ]


def _columns(value: str) -> tuple[list[str], list[str]]:
    """The words of a text (accents kept) and the same words folded."""
    words = text.words(value)
    if value.isascii():  # words are casefolded: folding leaves ASCII ones as they are
        return words, words
    return words, text.fold_words(words)


def _accented(words: list[str], folded: list[str]) -> str:
    """The words that folding changes: those with a diacritic or đ, plus a few others (a
    Hangul syllable...). The exact columns only serve to rank accented query words first
    (a query word with accents is only ever equal to an indexed word with accents), so the
    words without any are left out of them: a third less to index for English, less for
    Vietnamese, the same matches."""
    if words is folded:
        return ""
    return " ".join([w for w, f in zip(words, folded, strict=True) if w != f])


def bonus_words(columns: dict[str, str]) -> list[str]:
    """What the ranking bonuses ask of a document, each word once, sorted: its accented words
    (the exact-accent bonus) and its Vietnamese compounds (the compound bonus). Compounds are
    folded, so never equal to an accented word, which folding changes."""
    return sorted(
        {
            *columns["head_x"].split(),
            *columns["lead_x"].split(),
            *columns["body_x"].split(),
            *columns["comp"].split(),
        }
    )


def body_text(body_html: str) -> str:
    """core.html.to_text(body_html) but for whitespace (words() ignores it, snippets collapse
    it in their window): the same tags and entities replaced, without the pass over every
    space (most of to_text's time)."""
    plain = _TAG.sub(" ", body_html)
    return (
        plain.replace("&nbsp;", " ")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
    )


def _build(item: Item, lang: str, compounds: list[str]) -> IndexDoc:
    lead = " ".join(
        [item.abstract, *item.keywords, *item.places, *item.people, *item.organisations]
    )
    head_w, head_fw = _columns(item.headline)
    lead_w, lead_fw = _columns(lead)
    body_w, body_fw = _columns(body_text(item.body_html))
    stems = text.stem_words(head_fw + lead_fw + body_fw, lang) if lang in ("en", "fr") else []
    subjects = subject_codes(item.subjects)
    labels = " ".join(
        f"{mediatopics.get(c).label('vi')} {mediatopics.get(c).label('en')}"
        for c in item.subjects
        if mediatopics.is_known(c)
    )
    columns = {
        "head_x": _accented(head_w, head_fw),
        "head_f": " ".join(head_fw),
        "slug": " ".join(_columns(item.slugline)[1]),
        "lead_x": _accented(lead_w, lead_fw),
        "lead_f": " ".join(lead_fw),
        "body_x": _accented(body_w, body_fw),
        "body_f": " ".join(body_fw),
        "byline": " ".join(_columns(item.byline)[1]),
        "subj": " ".join([*subjects, " ".join(_columns(labels)[1])]),
        "stem": " ".join(stems),
        "head_s": " ".join(stems[: len(head_fw)]),  # the headline's own
        # Joined without a separator: both engines keep "hanoi" as one token, and an English
        # "Hanoi" finds "Hà Nội" through it.
        "comp": " ".join(c.replace("_", "") for c in compounds) if lang == "vi" else "",
    }
    return IndexDoc(
        item_id=item.pk,
        outlet_id=item.outlet_id,
        desk_id=item.desk_id,
        type=item.type,
        state=item.state,
        language=lang,
        urgency=item.urgency,
        author_id=item.created_by_id,
        date=item.published_at or item.updated_at,
        headline_folded=text.fold_text(item.headline)[:512],
        subjects=subjects,
        columns=columns,
    )
