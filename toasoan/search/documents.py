"""From an item to what the index stores: filter attributes and prepared text columns.

Text is prepared here, in Python, for both backends alike (tokens, folding, stems, Vietnamese
compounds), so SQLite and PostgreSQL see the same tokens and rank the same items.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from toasoan.core.html import to_text
from toasoan.newsroom.models import Item
from toasoan.search import text
from toasoan.vocabularies import mediatopics

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
    "comp",
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


def _exact(value: str) -> str:
    return " ".join(text.words(value))


def _compounds(value: str, language: str) -> str:
    if language != "vi":
        return ""
    # Joined without a separator: both engines keep "hanoi" as one token, and an English
    # "Hanoi" finds "Hà Nội" through it.
    return " ".join(c.replace("_", "") for c in text.compounds_vi(value))


def _stems(value: str, language: str) -> str:
    return " ".join(text.stem(w, language) for w in text.fold(value).split()) if value else ""


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
    lang = (item.language or "vi").split("-")[0].lower()
    lead = " ".join(
        [item.abstract, *item.keywords, *item.places, *item.people, *item.organisations]
    )
    body = to_text(item.body_html)
    head_x, lead_x, body_x = _exact(item.headline), _exact(lead), _exact(body)
    stemmed = lang in ("en", "fr")
    subjects = subject_codes(item.subjects)
    labels = " ".join(
        f"{mediatopics.get(c).label('vi')} {mediatopics.get(c).label('en')}"
        for c in item.subjects
        if mediatopics.is_known(c)
    )
    columns = {
        "head_x": head_x,
        "head_f": text.fold(head_x),
        "slug": text.fold(_exact(item.slugline)),
        "lead_x": lead_x,
        "lead_f": text.fold(lead_x),
        "body_x": body_x,
        "body_f": text.fold(body_x),
        "byline": text.fold(_exact(item.byline)),
        "subj": " ".join([*subjects, text.fold(_exact(labels))]),
        "stem": _stems(" ".join([head_x, lead_x, body_x]), lang) if stemmed else "",
        "comp": _compounds(f"{item.headline}. {item.abstract}", lang),
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
        headline_folded=text.fold(item.headline)[:512],
        subjects=subjects,
        columns=columns,
    )
