"""search(): parse, check, run on the configured backend, shape the page. One entry point for
the API, the UI, saved-search alerts and the tests."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction

from toasoan.accounts import permissions
from toasoan.accounts.models import User
from toasoan.accounts.privileges import Privilege
from toasoan.core.errors import InvalidInput
from toasoan.newsroom.models import Item
from toasoan.search import documents, snippets, text
from toasoan.search.backends import get_backend
from toasoan.search.backends.base import (
    Backend,
    Filters,
    Hit,
    SearchRequest,
    Visibility,
    facets_of,
    filter_sql,
)
from toasoan.search.query import (
    And,
    Node,
    Not,
    Or,
    QuerySyntaxError,
    Term,
    check_searchable,
    has_accents,
    parse,
)
from toasoan.vocabularies import mediatopics

SORTS = ("relevance", "date")
# Matches read for facets, totals and ranking. Up to this many, everything is exact, as if
# all matches were read; beyond it, the newest SAMPLE stand for them (total is "at least",
# facets count those, relevance ranks within them: see _ranked_recent), so that a query for a
# word in half the archive costs about what one for a rare word does.
SAMPLE = 1000
CANDIDATES = 300  # the relevance window (also in the backends)


@dataclass
class SearchPage:
    results: list[dict[str, Any]]
    total: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    next_cursor: str | None = None
    # False when the matches outnumber SAMPLE: total is then a lower bound and the facets
    # count the newest SAMPLE matches
    total_exact: bool = True


def visibility_for(user: User) -> Visibility:
    if permissions.is_agency_wide(user, Privilege.READ):
        return Visibility(everything=True)
    return Visibility(
        everything=False, outlet_ids=permissions.member_outlet_ids(user, Privilege.READ)
    )


def parse_query(q: str) -> Node | None:
    try:
        node = parse(q)
        check_searchable(node, q)
        return node
    except QuerySyntaxError as exc:
        raise InvalidInput(f"{exc.message} (at character {exc.position + 1})", field="q") from exc


def _positive_terms(node: Node | None) -> list[Term]:
    if node is None or isinstance(node, Not):
        return []
    if isinstance(node, Term):
        return [node]
    assert isinstance(node, And | Or)
    return [t for c in node.children for t in _positive_terms(c)]


def _decode_cursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        offset = int(base64.urlsafe_b64decode(cursor.encode()).decode().removeprefix("o:"))
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise InvalidInput("is not a cursor this API gave out", field="cursor") from exc
    if offset < 0 or offset > 10_000:
        raise InvalidInput("is out of range", field="cursor")
    return offset


def _encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode()


# Query parameter -> Filters field, with the type of its values.
FILTER_PARAMS: dict[str, tuple[str, type]] = {
    "outlet": ("outlets", int),
    "desk": ("desks", int),
    "type": ("types", str),
    "state": ("states", str),
    "language": ("languages", str),
    "subject": ("subjects", str),
    "urgency": ("urgencies", int),
    "author": ("authors", int),
}


def filters_from_params(params: dict[str, Any]) -> Filters:
    """Filters from request parameters or a saved search: lists of values per name, and
    date_from / date_to as YYYY-MM-DD. Unknown names and bad values name the field."""
    filters = Filters()
    for name, raw in params.items():
        if name in ("date_from", "date_to"):
            try:
                setattr(filters, name, date.fromisoformat(str(raw)) if raw else None)
            except ValueError as exc:
                raise InvalidInput("must be a date YYYY-MM-DD", field=name) from exc
            continue
        if name not in FILTER_PARAMS:
            raise InvalidInput("is not a search filter", field=name)
        attr, kind = FILTER_PARAMS[name]
        values = raw if isinstance(raw, list) else [raw]
        try:
            setattr(filters, attr, [kind(v) for v in values if v not in ("", None)])
        except (TypeError, ValueError) as exc:
            raise InvalidInput(f"must be a list of {kind.__name__} values", field=name) from exc
    return check_filters(filters)


def check_filters(filters: Filters) -> Filters:
    for i, code in enumerate(filters.subjects):
        if not mediatopics.is_known(code):
            raise InvalidInput(f"unknown IPTC Media Topic '{code}'", field=f"subject[{i}]")
    filters.subjects = [mediatopics.normalise(c) for c in filters.subjects]
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise InvalidInput("must not be after date_to", field="date_from")
    return filters


def search(
    user: User,
    q: str = "",
    *,
    filters: Filters | None = None,
    sort: str = "relevance",
    cursor: str | None = None,
    limit: int = 20,
    facets: bool = True,
) -> SearchPage:
    if sort not in SORTS:
        raise InvalidInput(f"must be one of {', '.join(SORTS)}", field="sort")
    if not 1 <= limit <= 100:
        raise InvalidInput("must be between 1 and 100", field="limit")
    node = parse_query(q)
    terms = _positive_terms(node)
    req = SearchRequest(
        node=node,
        visibility=visibility_for(user),
        filters=check_filters(filters or Filters()),
        sort=sort if node is not None else "date",
        offset=_decode_cursor(cursor),
        limit=limit,
        facets=facets,
        exact_terms=[w for t in terms for w in text.words(t.text) if has_accents(w)],
        compounds=[c.replace("_", "") for c in text.compounds_vi(q)] if q else [],
    )
    backend = get_backend()
    clauses, params = filter_sql(req, backend.subject_sql)
    filters_sql = " AND ".join(clauses) or "1=1"
    try:
        rows = backend.scan(req, filters_sql, params, SAMPLE + 1)
    except QuerySyntaxError as exc:
        raise InvalidInput(exc.message, field="q") from exc
    complete = len(rows) <= SAMPLE
    rows = rows[:SAMPLE]
    facet_map: dict[str, dict[str, int]] = {}
    if facets:
        facet_map = facets_of(rows)
    if req.sort == "relevance":
        assert node is not None
        if not rows:
            hits = []
        elif complete and backend.ranks_all(req, len(rows)):
            hits = backend.ranked(req, rows)  # the engine's ranking over all matches
        else:
            hits = _ranked_recent(backend, req, rows)
        hits = hits[req.offset : req.offset + limit + 1]
        ids = [h.item_id for h in hits]
        scores = {h.item_id: h.score for h in hits}
    else:
        if complete:
            by_date = sorted(rows, key=lambda r: (r[1], r[0]), reverse=True)
            ids = [r[0] for r in by_date[req.offset : req.offset + limit + 1]]
        else:
            span = rows[0][0] - rows[-1][0] + 1  # ids the newest SAMPLE matches spread over
            density = len(rows) / span
            ids = backend.newest(req, filters_sql, params, req.offset, limit + 1, density)
        scores = {}
    more = len(ids) > limit
    ids = ids[:limit]
    return SearchPage(
        results=_shape(ids, scores, terms),
        total=(len(rows) if complete else SAMPLE) if facets else len(ids),
        facets=facet_map,
        next_cursor=_encode_cursor(req.offset + limit) if more else None,
        total_exact=complete or not facets,
    )


def _ranked_recent(backend: Backend, req: SearchRequest, rows: list[tuple[Any, ...]]) -> list[Hit]:
    """Relevance within the newest SAMPLE matches of a big match set (or within all of a
    small set of common words, see Backend.ranks_all): those with the words in their
    headline first (+10), with the exact-accent and compound bonuses, then by date.

    The engines' relevance scores (bm25, ts_rank) are worked out over every match, and a
    common word has hundreds of thousands of them: seconds. This costs about as much as
    the scan that found the matches."""
    assert req.node is not None
    window = max(CANDIDATES, req.offset + req.limit)
    # a query of other fields only (byline:, subject:...) says nothing of headlines
    reads_headlines = any(t.field in (None, "headline") for t in _positive_terms(req.node))
    in_headline = backend.headline_hits(req.node, rows) if reads_headlines else set()
    ordered = sorted(rows, key=lambda r: (r[0] in in_headline, r[1], r[0]), reverse=True)
    top = ordered[:window]
    bonus = backend.bonus(req, [r[0] for r in top])
    hits = [Hit(r[0], (10.0 if r[0] in in_headline else 0.0) + bonus.get(r[0], 0.0)) for r in top]
    hits.sort(key=lambda h: -h.score)  # stable: ties keep headline-then-date order
    return hits


# what a result shows of its item (values, not model instances: a page is read per search)
RESULT_FIELDS = (
    "id",
    "guid",
    "headline",
    "abstract",
    "body_html",
    "type",
    "state",
    "language",
    "outlet_id",
    "desk_id",
    "urgency",
    "published_at",
    "updated_at",
)


def _shape(ids: list[int], scores: dict[int, float], terms: list[Term]) -> list[dict[str, Any]]:
    tokens = [text.fold(w) for t in terms if not t.prefix for w in text.words(t.text)]
    prefixes = [text.fold(w) for t in terms if t.prefix for w in text.words(t.text)]
    items = {row["id"]: row for row in Item.objects.filter(pk__in=ids).values(*RESULT_FIELDS)}
    results = []
    for item_id in ids:
        item = items.get(item_id)
        if item is None:
            continue
        body = " ".join(filter(None, [item["abstract"], documents.body_text(item["body_html"])]))
        results.append(
            {
                "id": item_id,
                "guid": item["guid"],
                "headline": item["headline"],
                "headline_html": snippets.highlight(item["headline"], tokens, prefixes),
                "snippet_html": snippets.snippet(body, tokens, prefixes),
                "type": item["type"],
                "state": item["state"],
                "language": item["language"],
                "outlet": item["outlet_id"],
                "desk": item["desk_id"],
                "urgency": item["urgency"],
                "date": (item["published_at"] or item["updated_at"]).isoformat(),
                "score": round(scores[item_id], 4) if item_id in scores else None,
            }
        )
    return results


def suggest(user: User, prefix: str, limit: int = 8) -> list[dict[str, Any]]:
    """Newest headlines whose words start with what was typed (the last word may be unfinished)."""
    words = text.words(prefix)[:8]
    if not words:
        return []
    query = " ".join(f"headline:{w}" for w in words[:-1]) + f" headline:{words[-1]}*"
    found = search(user, query.strip(), sort="date", limit=limit, facets=False)
    return [{"id": r["id"], "headline": r["headline"]} for r in found.results]


# --- keeping the index in step with the newsroom ---------------------------------------------


@dataclass
class Built:
    """Index documents built from items as they were read, ready to be written."""

    item_ids: list[int]  # the ids asked for (those no longer there leave the index)
    docs: list[documents.IndexDoc]
    revisions: dict[int, int]  # item id -> the revision its document was built from


def build_documents(item_ids: list[int]) -> Built:
    """Read the items and build their documents (no writing: a rebuild does this in worker
    processes while the main process writes)."""
    items = list(Item.objects.filter(pk__in=item_ids).only(*documents.ITEM_FIELDS))
    docs = documents.build_many(items)
    get_backend().prepare(docs)
    return Built(list(item_ids), docs, {i.pk: i.revision for i in items})


def write_documents(built: Built) -> int:
    """Replace the items' index entries in one transaction. An item changed (or deleted) since
    its document was built is read and built again inside the transaction, so what is written
    is never older than the item at commit time."""
    backend = get_backend()
    with transaction.atomic():
        backend.delete(built.item_ids)  # first: on SQLite this takes the write lock
        current = dict(Item.objects.filter(pk__in=built.item_ids).values_list("pk", "revision"))
        docs = [d for d in built.docs if current.get(d.item_id) == built.revisions[d.item_id]]
        fresh = {d.item_id for d in docs}
        again = [pk for pk in current if pk not in fresh]
        if again:
            docs += build_documents(again).docs
        backend.insert(docs)
    return len(docs)


def index_items(item_ids: list[int]) -> int:
    """(Re)index the given items; ids that no longer exist are removed from the index."""
    return write_documents(build_documents(item_ids))
