"""A document's attributes as index tokens, and a request's filters as groups of them.

"¤", a letter, then the value ("¤len", "¤o3", "¤m202401"): "¤" is never part of a word
(text.words keeps letters and digits only), so no query word can reach these tokens. Both
backends index them with the text (SQLite: the meta column of its FTS5 tables, whose tokenizer
counts "¤" as a token character since migration 0004; PostgreSQL: lexemes without positions in
tsv_all), so that the engine intersects the filters with the words inside its own index instead
of reading every matching document to check them.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from toasoan.search.backends.base import FILTER_COLUMNS, PUBLIC_STATES, SearchRequest
from toasoan.search.documents import IndexDoc

META = "\u00a4"
# the letter of each filter column's tokens (meta_tokens writes them)
KINDS = {
    "outlet_id": "o",
    "desk_id": "k",
    "type": "t",
    "state": "s",
    "language": "l",
    "urgency": "u",
    "author_id": "a",
}
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
# PostgreSQL: blocks of item ids, 2^bits ids each, finest first ("¤i12" holds ids 49152-53247),
# so that its GIN index reads a range of the newest documents instead of every match
ID_BLOCKS = (("i", 12), ("j", 16), ("h", 20))


def token(kind: str, value: Any) -> str:
    return f"{META}{kind}{_NOT_ALNUM.sub('', str(value).lower())}"


def meta_tokens(
    state: str,
    outlet_id: int,
    desk_id: int | None,
    type_: str,
    language: str,
    urgency: int,
    author_id: int,
    when: datetime,
    subjects: list[str],
) -> str:
    local = timezone.localtime(when)
    tokens = [
        token(KINDS["state"], state),
        token(KINDS["outlet_id"], outlet_id),
        token(KINDS["type"], type_),
        token(KINDS["language"], language),
        token(KINDS["urgency"], urgency),
        token(KINDS["author_id"], author_id),
        token("y", local.year),
        token("m", f"{local.year}{local.month:02d}"),
        *(token("c", code) for code in subjects),
    ]
    if desk_id is not None:
        tokens.append(token(KINDS["desk_id"], desk_id))
    return " ".join(tokens)


def doc_meta(d: IndexDoc) -> str:
    return meta_tokens(
        d.state,
        d.outlet_id,
        d.desk_id,
        d.type,
        d.language,
        d.urgency,
        d.author_id,
        d.date,
        d.subjects,
    )


def id_tokens(item_id: int) -> list[str]:
    """The blocks an item id is in, one per size."""
    return [token(kind, item_id >> bits) for kind, bits in ID_BLOCKS]


def finest_block() -> int:
    return 1 << ID_BLOCKS[0][1]


def id_range_tokens(low: int, high: int) -> list[str]:
    """Tokens of blocks that together hold exactly the ids low..high-1, the biggest blocks
    that fit (low and high: multiples of the finest block)."""
    finest = finest_block()
    if low % finest or high % finest:
        raise ValueError(f"id range {low}..{high} is not made of whole blocks of {finest}")
    out: list[str] = []
    while low < high:
        for kind, bits in reversed(ID_BLOCKS):
            if low % (1 << bits) == 0 and low + (1 << bits) <= high:
                out.append(token(kind, low >> bits))
                low += 1 << bits
                break
    return out


def month_tokens(start: date, end: date) -> list[str]:
    """Tokens of the years and months covering the days start..end (whole years as one)."""
    out: list[str] = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        if month == 1 and (year, 12) <= (end.year, end.month):
            out.append(token("y", year))
            year += 1
            continue
        out.append(token("m", f"{year}{month:02d}"))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def token_groups(req: SearchRequest) -> list[list[str]]:
    """The request's filters as tokens: a document passes when it has a token of every group.
    What they let through is a superset of what the SQL filters keep (dates by month).

    Visibility only when it narrows much (unpublished states asked for: the user's outlets);
    "public, or one of my outlets" lets most of an archive through, and three more lists for
    the engine to walk cost a third of the time of a filtered search. The SQL checks it."""
    f = req.filters
    groups: list[list[str]] = []
    if not req.visibility.everything and f.states and not set(f.states) & set(PUBLIC_STATES):
        groups.append([token("o", v) for v in req.visibility.outlet_ids or [0]])
    for column, field_name in FILTER_COLUMNS:
        values = getattr(f, field_name)
        if values:
            groups.append([token(KINDS[column], v) for v in values])
    groups += [[token("c", code)] for code in f.subjects]
    if f.date_from or f.date_to:
        start = f.date_from or date(1900, 1, 1)
        end = f.date_to or date(2200, 12, 31)
        if (end.year - start.year) < 30:  # a wide range is no filter worth matching
            groups.append(month_tokens(start, end))
    return groups
