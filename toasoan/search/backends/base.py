"""The one interface both backends implement, and the SQL they share (filters, facets)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol

from django.db import connection
from django.utils import timezone

from toasoan.search.documents import IndexDoc
from toasoan.search.query import Node

PUBLIC_STATES = ("published", "corrected")
FACET_DIMENSIONS = ("outlet_id", "desk_id", "type", "state", "language", "urgency", "author_id")


@dataclass
class Filters:
    outlets: list[int] = field(default_factory=list)
    desks: list[int] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    states: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)  # each includes its narrower topics
    urgencies: list[int] = field(default_factory=list)
    authors: list[int] = field(default_factory=list)
    date_from: date | None = None
    date_to: date | None = None
    item_ids: list[int] = field(default_factory=list)  # restrict (saved-search alerts)


@dataclass
class Visibility:
    everything: bool
    outlet_ids: list[int] = field(default_factory=list)  # besides public states


@dataclass
class SearchRequest:
    node: Node | None
    visibility: Visibility
    filters: Filters = field(default_factory=Filters)
    sort: str = "relevance"  # or "date"
    offset: int = 0
    limit: int = 20
    facets: bool = True
    exact_terms: list[str] = field(default_factory=list)  # accented query words: ranked first
    compounds: list[str] = field(default_factory=list)  # Vietnamese compounds in the query


@dataclass
class Hit:
    item_id: int
    score: float


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


class Backend(Protocol):
    name: str

    def delete(self, item_ids: list[int]) -> None:
        """Remove the items' documents, topics and text (first step of every write)."""
        ...

    def prepare(self, docs: list[IndexDoc]) -> None:
        """Work out ahead what insert() needs (doc.prepared); CPU only, no database, so
        that a rebuild does it in its worker processes. insert() works without it."""
        ...

    def insert(self, docs: list[IndexDoc]) -> None:
        """Add documents, topics and text of items that delete() has just cleared."""
        ...

    # whether several connections may write batches at once (a rebuild's workers then write)
    concurrent_writers: bool

    def bulk_load(self) -> AbstractContextManager[None]:
        """Settings for writing many batches in a row (a rebuild); restored on exit."""
        ...

    def bulk_session(self) -> None:
        """Session settings of bulk_load for another connection that writes batches."""
        ...

    def match_sql(self, node: Node) -> tuple[str, list[Any]]:
        """SQL condition on `d` (search_searchdocument) selecting matching items."""
        ...

    def ranked(self, req: SearchRequest, where: str, params: list[Any]) -> list[Hit]: ...

    def index_size(self) -> int: ...


def _local_day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def filter_sql(req: SearchRequest) -> tuple[list[str], list[Any]]:
    """Visibility and filter conditions on `d`, shared by both backends."""
    f = req.filters
    clauses: list[str] = []
    params: list[Any] = []
    if not req.visibility.everything:
        ids = req.visibility.outlet_ids or [0]
        clauses.append(f"(d.state IN ('published', 'corrected') OR d.outlet_id IN ({_marks(ids)}))")
        params += ids
    for column, values in (
        ("outlet_id", f.outlets),
        ("desk_id", f.desks),
        ("type", f.types),
        ("state", f.states),
        ("language", f.languages),
        ("urgency", f.urgencies),
        ("author_id", f.authors),
        ("item_id", f.item_ids),
    ):
        if values:
            clauses.append(f"d.{column} IN ({_marks(values)})")
            params += list(values)
    for code in f.subjects:
        clauses.append(
            "EXISTS (SELECT 1 FROM search_searchsubject s WHERE s.item_id = d.item_id "
            "AND s.code = %s)"
        )
        params.append(code)
    if f.date_from:
        clauses.append("d.date >= %s")
        params.append(_local_day_start(f.date_from))
    if f.date_to:
        clauses.append("d.date < %s")
        params.append(_local_day_start(f.date_to + timedelta(days=1)))
    return clauses, params


def _marks(values: list[Any]) -> str:
    return ", ".join(["%s"] * len(values))


def facet_counts(where: str, params: list[Any]) -> tuple[int, dict[str, dict[str, int]]]:
    """Counts per value of every facet over the matching set, in one grouped pass (+ topics)."""
    dims = ", ".join(f"d.{d}" for d in FACET_DIMENSIONS)
    sql = f"SELECT {dims}, COUNT(*) FROM search_searchdocument d WHERE {where} GROUP BY {dims}"
    facets: dict[str, Counter[str]] = {d: Counter() for d in FACET_DIMENSIONS}
    total = 0
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            n = row[-1]
            total += n
            for dim, value in zip(FACET_DIMENSIONS, row[:-1], strict=True):
                if value is not None:
                    facets[dim][str(value)] += n
        cursor.execute(
            "SELECT s.code, COUNT(*) FROM search_searchsubject s JOIN search_searchdocument d "
            f"ON d.item_id = s.item_id WHERE {where} GROUP BY s.code ORDER BY COUNT(*) DESC "
            "LIMIT 40",
            params,
        )
        subjects = {code: n for code, n in cursor.fetchall()}
    out = {dim.removesuffix("_id"): dict(c.most_common()) for dim, c in facets.items()}
    out["subject"] = subjects
    return total, out


# --- writing (raw SQL: a rebuild writes a million rows; the ORM would cost more than the index) --

DOCUMENT_COLUMNS = (
    "item_id",
    "outlet_id",
    "desk_id",
    "type",
    "state",
    "language",
    "urgency",
    "author_id",
    "date",
    "headline_folded",
)
CHUNK = 500  # ids per DELETE ... IN (...)


def document_row(d: IndexDoc) -> list[Any]:
    """The search_searchdocument values of a document, in DOCUMENT_COLUMNS order."""
    return [
        d.item_id,
        d.outlet_id,
        d.desk_id,
        d.type,
        d.state,
        d.language,
        d.urgency,
        d.author_id,
        connection.ops.adapt_datetimefield_value(d.date),
        d.headline_folded,
    ]


def delete_rows(cursor: Any, table: str, column: str, item_ids: list[int]) -> None:
    for start in range(0, len(item_ids), CHUNK):
        chunk = item_ids[start : start + CHUNK]
        cursor.execute(
            f"DELETE FROM {table} WHERE {column} IN ({', '.join(['%s'] * len(chunk))})", chunk
        )


def delete_documents(cursor: Any, item_ids: list[int]) -> None:
    """Attributes and topics of the items (a backend deletes its text itself)."""
    delete_rows(cursor, "search_searchdocument", "item_id", item_ids)
    delete_rows(cursor, "search_searchsubject", "item_id", item_ids)


def insert_subjects(cursor: Any, docs: list[IndexDoc]) -> None:
    rows = [[d.item_id, code] for d in docs for code in d.subjects]
    if rows:
        cursor.executemany("INSERT INTO search_searchsubject (item_id, code) VALUES (%s, %s)", rows)


def insert_documents(cursor: Any, docs: list[IndexDoc]) -> None:
    """Attributes and topics of the documents (a backend without its own text columns)."""
    if not docs:
        return
    marks = ", ".join(["%s"] * len(DOCUMENT_COLUMNS))
    cursor.executemany(
        f"INSERT INTO search_searchdocument ({', '.join(DOCUMENT_COLUMNS)}) VALUES ({marks})",
        [document_row(d) for d in docs],
    )
    insert_subjects(cursor, docs)


@contextmanager
def nothing_to_change() -> Iterator[None]:
    yield
