"""The one interface both backends implement, and the SQL they share (filters, facets)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from operator import itemgetter
from typing import Any, Protocol

from django.db import connection
from django.utils import timezone

from toasoan.search.documents import IndexDoc
from toasoan.search.query import And, Node, Not, Or, Term

PUBLIC_STATES = ("published", "corrected")
FACET_DIMENSIONS = ("outlet_id", "desk_id", "type", "state", "language", "urgency", "author_id")
# what Backend.scan returns of each matching document (date: any value that sorts as the
# date does; subjects: the topic facet's codes)
SCAN_COLUMNS = ("item_id", "date", *FACET_DIMENSIONS, "subjects")
SUBJECT_FACET_SIZE = 40  # the most frequent topics only: a topic's broader ones come along


# document column -> the Filters field of its values (list filters; subjects and dates apart)
FILTER_COLUMNS = (
    ("outlet_id", "outlets"),
    ("desk_id", "desks"),
    ("type", "types"),
    ("state", "states"),
    ("language", "languages"),
    ("urgency", "urgencies"),
    ("author_id", "authors"),
)


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


# points a candidate earns for having the query's accented words exactly as written, and for
# having its Vietnamese compounds (see SearchRequest; a headline match earns 10)
EXACT_BONUS, COMPOUND_BONUS = 1000, 5


def bonus_terms(req: SearchRequest) -> list[tuple[list[str], int]]:
    """The words each ranking bonus looks for among a document's bonus words
    (documents.bonus_words), with its points: the bonuses the query asks for."""
    terms = ((req.exact_terms, EXACT_BONUS), (req.compounds, COMPOUND_BONUS))
    return [(words, points) for words, points in terms if words]


@dataclass
class Hit:
    item_id: int
    score: float


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


# Backend.subject_sql read from the table of every document's topics
SUBJECT_IN_TABLE = "d.item_id IN (SELECT s.item_id FROM search_searchsubject s WHERE s.code = %s)"


class Backend(Protocol):
    name: str
    # SQL condition on `d`: the document has topic %s (its own, or a narrower one's)
    subject_sql: str

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

    def scan(
        self, req: SearchRequest, filters: str, params: list[Any], limit: int
    ) -> list[tuple[Any, ...]]:
        """Up to `limit` matching documents the filters (SQL on `d`) let through, highest
        item id first: SCAN_COLUMNS of each. Its cost grows with `limit`, not with the number
        of matches."""
        ...

    def ranked(self, req: SearchRequest, rows: list[tuple[Any, ...]]) -> list[Hit]:
        """The best of these scanned matches (all of them) by the engine's relevance score
        over the whole index, ties newest first, plus the exact-accent and compound bonuses
        (as many as the request's window)."""
        ...

    def ranks_all(self, req: SearchRequest, matches: int) -> bool:
        """Whether ranked() costs about what the scan did, so that a complete match set (of
        this many matches) can be ranked by the engine (otherwise it is ranked as a sample
        is: service._ranked_recent)."""
        ...

    def headline_hits(self, node: Node, rows: list[tuple[Any, ...]]) -> set[int]:
        """The ids of those scanned rows whose headline matches the query's words (see
        in_headline)."""
        ...

    def bonus(self, req: SearchRequest, ids: list[int]) -> dict[int, float]:
        """The exact-accent (+1000) and compound (+5) bonuses of these documents."""
        ...

    def newest(
        self,
        req: SearchRequest,
        filters: str,
        params: list[Any],
        offset: int,
        limit: int,
        density: float = 1.0,
    ) -> list[int]:
        """Matching documents by date, newest first, over all matches (for big match sets);
        density: the share of documents that match, as the scan saw it."""
        ...

    def index_size(self) -> int: ...


def in_headline(node: Node) -> Node:
    """The query with its unfielded words searched in the headline only."""
    if isinstance(node, Term):
        return replace(node, field="headline") if node.field is None else node
    if isinstance(node, Not):
        return Not(in_headline(node.child))
    if isinstance(node, And):
        return And(tuple(in_headline(c) for c in node.children))
    return Or(tuple(in_headline(c) for c in node.children))


def _local_day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def filter_sql(
    req: SearchRequest, subject_sql: str = SUBJECT_IN_TABLE
) -> tuple[list[str], list[Any]]:
    """Visibility and filter conditions on `d`, shared by both backends (each says how it
    checks a topic: Backend.subject_sql)."""
    f = req.filters
    clauses: list[str] = []
    params: list[Any] = []
    if not req.visibility.everything:
        ids = req.visibility.outlet_ids or [0]
        wanted = set(f.states)
        if wanted and not wanted & set(PUBLIC_STATES):  # the same rows; an index can serve it
            clauses.append(f"d.outlet_id IN ({_marks(ids)})")
            params += ids
        elif not wanted or not wanted <= set(PUBLIC_STATES):  # (only public states: all seen)
            clauses.append(
                f"(d.state IN ('published', 'corrected') OR d.outlet_id IN ({_marks(ids)}))"
            )
            params += ids
    for column, field_name in (*FILTER_COLUMNS, ("item_id", "item_ids")):
        values = getattr(f, field_name)
        if values:
            clauses.append(f"d.{column} IN ({_marks(values)})")
            params += list(values)
    for code in f.subjects:
        clauses.append(subject_sql)
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


def facets_of(rows: list[tuple[Any, ...]]) -> dict[str, dict[str, int]]:
    """Counts per value of every facet dimension over scanned rows (SCAN_COLUMNS), most
    frequent first; topics from the rows' own lists (no query per facet)."""
    out: dict[str, dict[str, int]] = {}
    for i, dim in enumerate(FACET_DIMENSIONS, start=SCAN_COLUMNS.index(FACET_DIMENSIONS[0])):
        counts = Counter(map(itemgetter(i), rows))
        counts.pop(None, None)
        out[dim.removesuffix("_id")] = {str(value): n for value, n in counts.most_common()}
    at = SCAN_COLUMNS.index("subjects")
    topics = Counter(" ".join(map(itemgetter(at), rows)).split())
    out["subject"] = dict(topics.most_common(SUBJECT_FACET_SIZE))
    return out


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
    "subjects",
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
        " ".join(d.subjects),
    ]


def delete_rows(cursor: Any, table: str, column: str, item_ids: list[int]) -> None:
    for start in range(0, len(item_ids), CHUNK):
        chunk = item_ids[start : start + CHUNK]
        cursor.execute(
            f"DELETE FROM {table} WHERE {column} IN ({', '.join(['%s'] * len(chunk))})", chunk
        )


def delete_documents(cursor: Any, item_ids: list[int]) -> None:
    """Attributes, topics and bonus words of the items (a backend deletes its text itself)."""
    delete_rows(cursor, "search_searchdocument", "item_id", item_ids)
    delete_rows(cursor, "search_searchsubject", "item_id", item_ids)
    delete_rows(cursor, "search_bonuswords", "item_id", item_ids)


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
