"""PostgreSQL backend: tsvector columns ('simple' configuration over prepared tokens), GIN indexes.

The text is tokenised, folded and stemmed in Python (documents.py), so the 'simple'
configuration only splits on the spaces between prepared tokens: both backends see the same words.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from toasoan.search.backends.base import (
    DOCUMENT_COLUMNS,
    SCAN_COLUMNS,
    Hit,
    SearchRequest,
    bonus_terms,
    delete_documents,
    document_row,
    in_headline,
)
from toasoan.search.backends.compile import TermTokens, term_tokens
from toasoan.search.backends.filter_tokens import (
    doc_meta,
    finest_block,
    id_range_tokens,
    id_tokens,
    month_tokens,
    token_groups,
)
from toasoan.search.documents import IndexDoc, bonus_words
from toasoan.search.query import And, Node, Not, Or, QuerySyntaxError, Term

FIELD_VECTORS = {
    None: "tsv_all",
    "headline": "tsv_head",
    "slugline": "tsv_slug",
    "byline": "tsv_byline",
    "subject": "tsv_subj",
    "body": "tsv_all",  # the body's words are the vector's unweighted (D) ones
}
# a field read from tsv_all by the weight of its lexemes
FIELD_WEIGHTS = {"body": "D"}
CANDIDATES = 300
RANK_ALL_MATCHES = 200  # ranks_all()
# scan(): how many finest blocks of existing ids its first range holds at least (the newest
# block is partly empty), how much bigger the next range is when none matched, and the margin
# on the size the matches found so far ask for
FIRST_BLOCKS = 2
GROWTH = 8
MARGIN = 1.25
# A range of more ids than this is bounded in SQL, not by its blocks: the index reads every
# id of the blocks it ORs (30 ms for 800,000), and a range grows that big only for a query
# whose matches are few in the whole archive.
BLOCKS_UP_TO = 1 << 17
_RECHECKED = re.compile(r"<->|:\*?[A-D]")  # tsquery operators the index cannot check alone
# newest(): below this share of matching documents, month by month through the GIN index
# (otherwise down the date index), the first window's months, and how much the next grows
DATE_WALK_DENSITY = 0.05
FIRST_MONTHS = 1
MONTHS_GROWTH = 4
LAST_WINDOW_MONTHS = 64  # then everything older in one query

# The document row and its vectors in one INSERT (not a row, then an UPDATE writing every
# index a second time). The vectors are the same as before; the headline and body are parsed
# once each: setweight(to_tsvector(x), w) is what tsv_all always took for the headline, and
# for the body when there are no stems (to_tsvector(body || ' ' || '') has the same words).
_INSERT = f"""
INSERT INTO search_searchdocument ({", ".join(DOCUMENT_COLUMNS)},
    tsv_all, tsv_head, tsv_slug, tsv_byline, tsv_subj)
SELECT {", ".join(f"%({c})s" for c in DOCUMENT_COLUMNS)},
  setweight(v.head, 'A')
    || setweight(to_tsvector('simple', %(lead_f)s || ' ' || %(subj)s || ' ' || %(comp)s), 'B')
    || setweight(to_tsvector('simple', %(byline)s || ' ' || %(slug)s), 'C')
    || CASE WHEN %(stem)s = '' THEN setweight(v.body, 'D')
       ELSE setweight(to_tsvector('simple', %(body_f)s || ' ' || %(stem)s), 'D') END
    || %(meta)s::tsvector,
  CASE WHEN %(head_s)s = '' THEN v.head
       ELSE to_tsvector('simple', %(head_f)s || ' ' || %(head_s)s) END,
  to_tsvector('simple', %(slug)s),
  to_tsvector('simple', %(byline)s),
  to_tsvector('simple', %(subj)s)
FROM (SELECT to_tsvector('simple', %(head_f)s) AS head,
             to_tsvector('simple', %(body_f)s) AS body) AS v
"""
# The rows whose vectors the worker processes have worked out (PostgresBackend.prepare) go in
# by COPY: the server only reads the literals, instead of parsing the text again (most of its
# time) and running an INSERT per row.
VECTOR_COLUMNS = ("tsv_all", "tsv_head", "tsv_slug", "tsv_byline", "tsv_subj")
_COPY = (
    f"COPY search_searchdocument ({', '.join(DOCUMENT_COLUMNS)}, {', '.join(VECTOR_COLUMNS)}) "
    "FROM STDIN"
)
# The words the ranking bonuses ask about, a row per document that has any (migration 0011)
_COPY_BONUS = "COPY search_bonuswords (item_id, words) FROM STDIN"
# Per lexeme at most 255 positions, positions up to 16383, words shorter than 2047 bytes:
# beyond those PostgreSQL drops or caps, and the server builds the vector itself.
MAX_POSITIONS, MAX_POSITION, MAX_WORD = 255, 16383, 2047

GIN_COLUMNS = ("tsv_all", "tsv_head", "tsv_slug", "tsv_byline", "tsv_subj")
_RANK = "ts_rank(d.tsv_all, %s::tsquery, 1)"  # weights A headline … D body, length-normalised
# the date as seconds: a thousand timestamps with time zones cost psycopg a few ms to load
_SCAN_SELECT = ", ".join(
    "extract(epoch FROM d.date)::float8 AS date" if c == "date" else f"d.{c}" for c in SCAN_COLUMNS
)
# the vectors kept in the row that a headline flag may read (tsv_all is in TOAST)
_ROW_VECTORS = ("tsv_head", "tsv_slug", "tsv_byline", "tsv_subj")
_SCAN_SELECT_HEADLINE = ", ".join([_SCAN_SELECT, *(f"d.{v}" for v in _ROW_VECTORS)])
_SCAN_OUTER = ", ".join(f"d.{c}" for c in SCAN_COLUMNS)


def _headline_flag(req: SearchRequest) -> tuple[str, list[Any]]:
    """SQL of service._ranked_recent's headline test (in_headline), for scan() to add to its
    rows, when the ranking may need it and it reads vectors kept in the row only."""
    if req.node is None or req.sort != "relevance":
        return "", []
    flag, args = to_sql(in_headline(req.node))
    return ("", []) if "d.tsv_all" in flag else (flag, args)


def _id_array(ids: list[int]) -> str:
    """An array literal for ANY(%s::bigint[]): a thousand ids as one string, not a list
    psycopg dumps element by element."""
    return "{" + ",".join(map(str, ids)) + "}"


def _lexeme(token: str) -> str:
    return "'" + token.replace("'", "").replace("\\", "") + "'"


def _tsquery(t: TermTokens) -> str:
    if not t.tokens:
        raise QuerySyntaxError("a search term has no letters or digits", 0)
    weight = FIELD_WEIGHTS.get(t.field or "", "")
    label = f":{weight}" if weight else ""
    if t.phrase:
        query = " <-> ".join(_lexeme(tok) + label for tok in t.tokens)
    else:
        query = _lexeme(t.tokens[0]) + (f":*{weight}" if t.prefix else label)
    if t.phrase and t.prefix:  # the last word of a phrase may be unfinished
        query = query.removesuffix(label) + f":*{weight}"
    if t.stems:
        query = "(" + " | ".join([query, *(_lexeme(s) + label for s in t.stems)]) + ")"
    return query


def to_sql(node: Node) -> tuple[str, list[Any]]:
    """A boolean SQL expression over the vectors (fields may differ per term)."""
    if isinstance(node, Term):
        t = term_tokens(node)
        return f"d.{FIELD_VECTORS[t.field]} @@ %s::tsquery", [_tsquery(t)]
    if isinstance(node, Not):
        sql, params = to_sql(node.child)
        return f"NOT ({sql})", params
    joiner = " AND " if isinstance(node, And) else " OR "
    parts = [to_sql(c) for c in node.children]
    if isinstance(node, And) and all(isinstance(c, Not) for c in node.children):
        raise QuerySyntaxError("a query needs at least one term that is not negated", 0)
    return "(" + joiner.join(p[0] for p in parts) + ")", [x for p in parts for x in p[1]]


def rank_query(node: Node) -> str:
    """One tsquery of all positive terms, OR-ed, for ranking."""
    terms: list[str] = []

    def walk(n: Node) -> None:
        if isinstance(n, Term):
            terms.append(_tsquery(term_tokens(n)))
        elif isinstance(n, And | Or):
            for c in n.children:
                walk(c)

    walk(node)
    return " | ".join(terms) or "''"


def _entries(words: list[str], start: int, weight: str) -> str:
    """Tsvector literal entries, one per word ("'w':3A 'x':4A"); the input of a tsvector
    merges the positions of a word given more than once, as to_tsvector groups them."""
    spell = ("'{}':{}" + weight).format
    return " ".join(map(spell, words, range(start, start + len(words))))


_PLAIN_TEXT = re.compile(r"[a-z0-9 ]*")


def vectors(columns: dict[str, str]) -> dict[str, str] | None:
    """Literals of the vectors of the folded columns: what to_tsvector('simple', ...),
    setweight and || make of them (|| moves the right side's positions past the left's);
    None when unsure, and the server makes them."""
    texts = [columns[c] for c in ("head_f", "lead_f", "subj", "comp", "byline", "slug")]
    texts += [columns["body_f"], columns["stem"]]
    for value in texts:
        # ASCII letters and digits between spaces: the parser makes each word one lexeme,
        # equal to it (very long words it would leave out)
        if _PLAIN_TEXT.fullmatch(value) is None:
            return None
        if len(value) >= MAX_WORD and max(map(len, value.split())) >= MAX_WORD:
            return None
    head, lead, subj, comp, byline, slug, body, stem = (t.split() for t in texts)
    words = head + lead + subj + comp + byline + slug + body + stem
    if len(words) > MAX_POSITION:
        return None
    if len(words) > MAX_POSITIONS and max(Counter(words).values()) > MAX_POSITIONS:
        return None
    b_words, c_words, d_words = lead + subj + comp, byline + slug, body + stem
    b_at = len(head) + 1
    c_at = b_at + len(b_words)
    d_at = c_at + len(c_words)
    everything = [
        _entries(head, 1, "A"),
        _entries(b_words, b_at, "B"),
        _entries(c_words, c_at, "C"),
        _entries(d_words, d_at, ""),
    ]
    return {
        "v_all": " ".join(filter(None, everything)),
        # the headline's stems after its words: headline:export finds "exports"
        "v_head": _entries(head + columns["head_s"].split(), 1, ""),
        "v_slug": _entries(slug, 1, ""),
        "v_byline": _entries(byline, 1, ""),
        "v_subj": _entries(subj, 1, ""),
    }


def bonus_vector(columns: dict[str, str]) -> str:
    """The bonus words (documents.bonus_words) as lexemes without positions; words too long
    for a lexeme are left out, as to_tsvector leaves them."""
    words = bonus_words(columns)
    return " ".join(_lexeme(w) for w in words if len(w.encode()) < MAX_WORD)


def _meta_vector(d: IndexDoc) -> str:
    """The filter tokens and the id blocks, lexemes without positions."""
    return " ".join(f"'{t}'" for t in [*doc_meta(d).split(), *id_tokens(d.item_id)])


def _any_of(tokens: list[str]) -> str:
    return "(" + " | ".join(map(_lexeme, tokens)) + ")"


def _token_groups(req: SearchRequest) -> list[str]:
    """The filters' token groups (filter_tokens.token_groups) as tsquery parts."""
    return [_any_of(group) for group in token_groups(req)]


def _months_back(month: date, n: int) -> date:
    """The first day of the month n months before (after, when n < 0) this month's."""
    index = month.year * 12 + month.month - 1 - n
    return date(index // 12, index % 12 + 1, 1)


def ensure_indexes() -> None:
    """Create the GIN indexes that are missing (after a bulk load, or one interrupted)."""
    concurrently = "" if connection.in_atomic_block else "CONCURRENTLY "
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '1GB'")
        for column in GIN_COLUMNS:
            name = f"search_{column}_gin"
            cursor.execute(
                "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "WHERE c.relname = %s",
                [name],
            )
            row = cursor.fetchone()
            if row is not None and row[0]:
                continue
            if row is not None:  # left invalid by an interrupted CREATE INDEX CONCURRENTLY
                cursor.execute(f"DROP INDEX {concurrently}{name}")
            cursor.execute(
                f"CREATE INDEX {concurrently}{name} ON search_searchdocument USING gin ({column})"
            )
        cursor.execute("RESET maintenance_work_mem")


def one_tsquery(node: Node) -> str | None:
    """The query as one tsquery over tsv_all, when every term reads tsv_all: the GIN index
    then answers NOT too (a document with the word is left out without reading it)."""
    if isinstance(node, Term):
        t = term_tokens(node)
        return f"({_tsquery(t)})" if FIELD_VECTORS[t.field] == "tsv_all" else None
    if isinstance(node, Not):
        inner = one_tsquery(node.child)
        return None if inner is None else f"!{inner}"
    parts = [one_tsquery(c) for c in node.children]
    if any(p is None for p in parts):
        return None
    return "(" + (" & " if isinstance(node, And) else " | ").join(map(str, parts)) + ")"


def _bonus_sql(req: SearchRequest) -> tuple[str, list[Any]]:
    """The ranking bonuses' points (bonus_terms) as SQL over `b`, a row of search_bonuswords
    ('' when the query asks for none); no row: no points."""
    terms = bonus_terms(req)
    parts = [f"CASE WHEN b.words @@ %s::tsquery THEN {points} ELSE 0 END" for _, points in terms]
    return " + ".join(parts), [" | ".join(map(_lexeme, words)) for words, _ in terms]


def _words(req: SearchRequest) -> tuple[str | None, str, list[Any]]:
    """The query's words for the GIN lookups: one tsquery over tsv_all when it can be
    (one_tsquery), otherwise SQL conditions per field (to_sql); TRUE for what is not there."""
    single = one_tsquery(req.node) if req.node is not None else None
    if single is not None or req.node is None:
        return single, "TRUE", []
    match, args = to_sql(req.node)
    return None, match, args


def _newest_first(filters: str, params: list[Any], limit: int) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {_SCAN_SELECT} FROM search_searchdocument d WHERE {filters} "
            "ORDER BY d.item_id DESC LIMIT %s",
            [*params, limit],
        )
        return cursor.fetchall()


@contextmanager
def _bitmaps_only() -> Iterator[None]:
    """For the statements inside: the planner may only combine indexes into bitmaps. Its
    estimates of words combined with filters are far off, and its other plans read the
    vector of every row they pass."""
    nested = connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('enable_indexscan', 'off', true), "
            "set_config('enable_seqscan', 'off', true)"
        )
        try:
            yield
        finally:
            if nested:  # set for the transaction: a savepoint's end would not undo it
                cursor.execute(
                    "SELECT set_config('enable_indexscan', 'on', true), "
                    "set_config('enable_seqscan', 'on', true)"
                )


class PostgresBackend:
    name = "postgresql"
    # The document's own list of topics (no topic table): scan() has the GIN index find the
    # topic's lexeme, so the check reads only rows it returns. The table's rows of a broad
    # topic (a fifth of the archive) cost a second a query to hash.
    subject_sql = "position(' ' || %s || ' ' in ' ' || d.subjects || ' ') > 0"
    concurrent_writers = True  # rows of different items: the rebuild's workers write too

    def delete(self, item_ids: list[int]) -> None:
        """The vectors live in the document rows, which go with them (and topic rows an
        earlier version wrote)."""
        with connection.cursor() as cursor:
            delete_documents(cursor, item_ids)

    def prepare(self, docs: list[IndexDoc]) -> None:
        """The vectors of the folded text, as tsvector literals: exactly what to_tsvector
        ('simple', ...), setweight and || make of it, when that is certain (ASCII words of
        letters and digits: one lexeme each, itself, at the next position; no limit
        reached), and the bonus words as a set (bonus_vector). The filter tokens
        (filter_tokens) go into tsv_all as lexemes without positions."""
        for d in docs:
            d.prepared["vectors"] = vectors(d.columns)
            d.prepared["meta"] = _meta_vector(d)
            d.prepared["bonus"] = bonus_vector(d.columns)

    def insert(self, docs: list[IndexDoc]) -> None:
        if not docs:
            return
        plain, prepared, bonus = [], [], []
        for d in docs:
            if "vectors" not in d.prepared:
                d.prepared["vectors"] = vectors(d.columns)
            meta = d.prepared.get("meta") or _meta_vector(d)
            words = d.prepared["bonus"] if "bonus" in d.prepared else bonus_vector(d.columns)
            if words:
                bonus.append((d.item_id, words))
            v = d.prepared["vectors"]
            if v is None:
                row = dict(zip(DOCUMENT_COLUMNS, document_row(d), strict=True)) | d.columns
                plain.append(row | {"meta": meta})
            else:
                v_all = f"{v['v_all']} {meta}"
                v_rest = [v["v_head"], v["v_slug"], v["v_byline"], v["v_subj"]]
                prepared.append([*document_row(d), v_all, *v_rest])
        with connection.cursor() as cursor:
            if prepared:
                with cursor.cursor.copy(_COPY) as copy:
                    for values in prepared:
                        copy.write_row(values)
            if plain:
                cursor.executemany(_INSERT, plain)
            if bonus:
                with cursor.cursor.copy(_COPY_BONUS) as copy:
                    for item_id, words in bonus:
                        copy.write_row((item_id, words))

    @contextmanager
    def bulk_load(self) -> Iterator[None]:
        """Rebuilding into an empty index (the first build, or after emptying it), the GIN
        indexes are dropped and built again at the end: building one from all rows costs a
        fraction of updating it row by row, and the result is smaller. Built CONCURRENTLY
        (unless inside a transaction), so saves in the newsroom never wait on it. The
        rebuild's own commits do not wait for the disk (synchronous_commit off): a crash
        loses at most the last batches of a rebuild, which is redone."""
        self.bulk_session()
        with connection.cursor() as cursor:
            cursor.execute("SELECT EXISTS (SELECT 1 FROM search_searchdocument)")
            empty = not cursor.fetchone()[0]
            # Inside a caller's transaction the indexes stay: PostgreSQL refuses CREATE INDEX
            # on a table with pending trigger events, and the speed-up is for large loads.
            if empty and not connection.in_atomic_block:
                for column in GIN_COLUMNS:
                    cursor.execute(f"DROP INDEX IF EXISTS search_{column}_gin")
        try:
            yield
        finally:
            ensure_indexes()
            with connection.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")
                # statistics of the new rows now, not when autovacuum comes by: without them
                # the planner takes a common word for a rare one (a million items: 22 s a
                # query through the GIN bitmap instead of 0.2 s down the id index)
                cursor.execute("ANALYZE search_searchdocument")

    def bulk_session(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit = off")

    def match_sql(self, node: Node) -> tuple[str, list[Any]]:
        return to_sql(node)

    def scan(
        self, req: SearchRequest, filters: str, params: list[Any], limit: int
    ) -> list[tuple[Any, ...]]:
        """Newest first, range by range of ids: the GIN index finds the matches among the
        newest FIRST_BLOCKS blocks' worth of ids (the query, the filters' tokens and the
        range's id blocks in one lookup: no vector is read unless a phrase or a field weight
        must be checked), then in a range as big as the matches found so far say is needed,
        and finally in everything older. A common word costs a few thousand ids of the index, a
        rare one its matches; neither reads every match, nor every row on the way. Filters
        without words are looked up the same way, by their tokens alone."""
        meta = _token_groups(req)
        if req.node is None and not meta:
            return _newest_first(filters, params, limit)
        single, match, args = _words(req)
        with connection.cursor() as cursor:
            cursor.execute("SELECT max(item_id) FROM search_searchdocument")
            top = cursor.fetchone()[0]
        if top is None:
            return []
        block = finest_block()
        high = (top // block + 1) * block
        span = high - max(0, (top + 1 - FIRST_BLOCKS * block) // block * block)
        # a phrase or a field weight: the server reads the vector of every match the index
        # gives (before the SQL conditions), so only the blocks may bound those
        rechecked = single is not None and _RECHECKED.search(single) is not None
        rows: list[tuple[Any, ...]] = []
        flag, flag_args = _headline_flag(req)
        columns = _SCAN_SELECT_HEADLINE if flag else _SCAN_SELECT
        sql = (
            f"SELECT {columns} FROM search_searchdocument d "
            f"WHERE {match} AND {{indexed}} AND {{below}} AND {filters} "
            "ORDER BY d.item_id DESC LIMIT %s"
        )
        if flag:  # checked on the rows kept only; their small vectors ride along
            sql = f"SELECT {_SCAN_OUTER}, {flag} FROM ({sql}) d ORDER BY d.item_id DESC"
            args = [*flag_args, *args]
        with _bitmaps_only(), connection.cursor() as cursor:
            while len(rows) < limit:
                low = max(0, (high - span) // block * block)
                groups = [*([single] if single else []), *meta]
                by_blocks = low and (high - low <= BLOCKS_UP_TO or rechecked)
                if by_blocks:
                    groups.append(_any_of(id_range_tokens(low, high)))
                indexed = "d.tsv_all @@ %s::tsquery" if groups else "TRUE"
                bounds = [] if by_blocks else [*([low] if low else []), high]
                within = ["TRUE", "d.item_id < %s", "d.item_id >= %s AND d.item_id < %s"]
                cursor.execute(
                    sql.format(indexed=indexed, below=within[len(bounds)]),
                    [
                        *args,
                        *([" & ".join(groups)] if groups else []),
                        *bounds,
                        *params,
                        limit - len(rows),
                    ],
                )
                rows += cursor.fetchall()
                if not low:
                    break
                seen = high - low if not rows else top + 1 - low
                span = (
                    span * GROWTH
                    if not rows
                    else max(block, int((limit - len(rows)) * seen / len(rows) * MARGIN))
                )
                high = low
        return rows

    def ranked(self, req: SearchRequest, rows: list[tuple[Any, ...]]) -> list[Hit]:
        assert req.node is not None
        window = max(CANDIDATES, req.offset + req.limit)
        if not rows:
            return []
        points, points_args = _bonus_sql(req)
        score = f"{_RANK} + {points}" if points else _RANK
        join = " LEFT JOIN search_bonuswords b ON b.item_id = d.item_id" if points else ""
        sql = (
            f"SELECT d.item_id, {score} AS score FROM search_searchdocument d{join} "
            "WHERE d.item_id = ANY(%s::bigint[]) ORDER BY score DESC, d.date DESC LIMIT %s"
        )
        args = [rank_query(req.node), *points_args, _id_array([r[0] for r in rows]), window]
        with connection.cursor() as cursor:
            cursor.execute(sql, args)
            return [Hit(item_id, float(score)) for item_id, score in cursor.fetchall()]

    def ranks_all(self, req: SearchRequest, matches: int) -> bool:
        """For a few hundred matches: ts_rank reads each one's tsv_all from the TOAST table
        (tens of µs each, more when not cached: 60-80 ms for 800 of them)."""
        return matches <= RANK_ALL_MATCHES

    def headline_hits(self, node: Node, rows: list[tuple[Any, ...]]) -> set[int]:
        """From the flag scan() added to the rows, when it could; otherwise the match is
        worked out for each of the rows (in the SELECT list, where no index can take it): a
        common word's headlines from the lowest id up, through the GIN index, can be a
        hundred times as many rows."""
        if rows and len(rows[0]) > len(SCAN_COLUMNS):
            return {row[0] for row in rows if row[-1]}
        ids = [row[0] for row in rows]
        match, args = to_sql(in_headline(node))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT d.item_id, {match} FROM search_searchdocument d "
                "WHERE d.item_id = ANY(%s::bigint[])",
                [*args, _id_array(ids)],
            )
            return {item_id for item_id, hit in cursor.fetchall() if hit}

    def bonus(self, req: SearchRequest, ids: list[int]) -> dict[int, float]:
        """From the documents' bonus words (search_bonuswords): a row by its key each, not
        the big vectors out of TOAST."""
        points, args = _bonus_sql(req)
        if not ids or not points:
            return {}
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT b.item_id, {points} FROM search_bonuswords b "
                "WHERE b.item_id = ANY(%s::bigint[])",
                [*args, _id_array(ids)],
            )
            return {item_id: float(p) for item_id, p in cursor.fetchall() if p}

    def newest(
        self,
        req: SearchRequest,
        filters: str,
        params: list[Any],
        offset: int,
        limit: int,
        density: float = 1.0,
    ) -> list[int]:
        """Matches by date, newest first. When many documents match (density, from the
        scan), down the date index, checking each document (a few dozen). Otherwise that
        walk would read thousands: the GIN index finds the matches month by month instead
        (the month tokens), in windows of months growing back from the newest date (or the
        date filter's end), until offset + limit are found (or the filter's start is passed),
        then in everything older."""
        meta = _token_groups(req)
        single, match, args = _words(req)
        if density >= DATE_WALK_DENSITY or not (single or meta):
            if req.node is not None:  # the walk checks each document: plain conditions
                match, args = to_sql(req.node)
            sql = (
                f"SELECT d.item_id FROM search_searchdocument d WHERE {match} AND {filters} "
                "ORDER BY d.date DESC, d.item_id DESC LIMIT %s OFFSET %s"
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, [*args, *params, limit, offset])
                return [row[0] for row in cursor.fetchall()]
        with connection.cursor() as cursor:
            cursor.execute("SELECT max(date) FROM search_searchdocument")
            top = cursor.fetchone()[0]
        if top is None:
            return []
        sql = (
            f"SELECT d.item_id FROM search_searchdocument d WHERE {match} AND {{window}} "
            f"AND {filters} ORDER BY d.date DESC, d.item_id DESC LIMIT %s"
        )
        groups = [*([single] if single else []), *meta]
        newest = timezone.localtime(top).date()
        if req.filters.date_to:
            newest = min(newest, req.filters.date_to)
        last = newest.replace(day=1)  # the newest month not yet read
        oldest = req.filters.date_from.replace(day=1) if req.filters.date_from else None
        want, months, ids = offset + limit, FIRST_MONTHS, list[int]()
        window_args: list[Any]
        with _bitmaps_only(), connection.cursor() as cursor:
            while len(ids) < want and (oldest is None or last >= oldest):
                if months <= LAST_WINDOW_MONTHS:
                    start = _months_back(last, months - 1)
                    window = _any_of(month_tokens(start, last))
                    condition = "d.tsv_all @@ %s::tsquery"
                    window_args = [" & ".join([*groups, window])]
                else:  # everything older
                    below = timezone.make_aware(datetime.combine(_months_back(last, -1), time.min))
                    condition = "d.date < %s" + (" AND d.tsv_all @@ %s::tsquery" if groups else "")
                    window_args = [below, *([" & ".join(groups)] if groups else [])]
                cursor.execute(
                    sql.format(window=condition), [*args, *window_args, *params, want - len(ids)]
                )
                ids += [row[0] for row in cursor.fetchall()]
                if months > LAST_WINDOW_MONTHS:
                    break
                last = _months_back(start, 1)
                months *= MONTHS_GROWTH
        return ids[offset:]

    def index_size(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_total_relation_size('search_searchdocument') "
                "+ pg_total_relation_size('search_searchsubject') "
                "+ pg_total_relation_size('search_bonuswords')"
            )
            return int(cursor.fetchone()[0])
