"""SQLite FTS5 backend: FTS5 tables keyed by item id, bm25 ranking with column weights.

search_fts holds what searches read (folded words, stems, compounds...); search_fts_head the
headlines alone, with 2- and 3-letter prefix indexes, for queries that only read headlines
(type-ahead, the headline check of big match sets). Both hold the filter tokens (meta).
search_bonuswords (a plain table) has the words the ranking bonuses ask about.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from django.db import connection, transaction

from toasoan.search import text
from toasoan.search.backends.base import (
    SCAN_COLUMNS,
    SUBJECT_IN_TABLE,
    Hit,
    SearchRequest,
    bonus_terms,
    delete_documents,
    delete_rows,
    in_headline,
    insert_documents,
)
from toasoan.search.backends.compile import TermTokens, term_tokens
from toasoan.search.backends.filter_tokens import doc_meta, meta_tokens, token_groups
from toasoan.search.documents import IndexDoc, bonus_words
from toasoan.search.query import And, Node, Not, Or, QuerySyntaxError, Term, all_terms

# the columns of search_fts
TEXT_COLUMNS = ("head_f", "slug", "lead_f", "body_f", "byline", "subj", "stem", "comp")
INDEXED_COLUMNS = (*TEXT_COLUMNS, "meta")  # meta: filter tokens (see meta_tokens)
HEAD_COLUMNS = ("head_f", "stem", "meta")  # stem: the headline's stems (head_s)
FIELD_COLUMNS = {
    # every column of search_fts: no filter (FTS5 then skips the position lists); no query
    # word reaches the meta tokens, which all start with "¤"
    None: "",
    "headline": "{head_f} : ",
    "slugline": "{slug} : ",
    "byline": "{byline} : ",
    "subject": "{subj} : ",
    "body": "{body_f} : ",
}
# bm25 weights in TEXT_COLUMNS order: headline counts most, then lead, topics and compounds.
WEIGHTS = {
    "head_f": 10.0,
    "slug": 4.0,
    "lead_f": 4.0,
    "body_f": 1.0,
    "byline": 2.0,
    "subj": 3.0,
    "stem": 1.0,
    "comp": 3.0,
}
BM25_ARGS = {
    "search_fts": ", ".join(str(WEIGHTS.get(c, 0.0)) for c in INDEXED_COLUMNS),
    "search_fts_head": ", ".join(str(WEIGHTS.get(c, 0.0)) for c in HEAD_COLUMNS),
}
CANDIDATES = 300
# ranked() (bm25) only when the query's words are in fewer documents than this (ranks_all)
RANK_ALL_LIMIT = 20_000

FTS_TABLES = ("search_fts", "search_fts_head")
PREFIX_LENGTHS = {"search_fts": (3,), "search_fts_head": (2, 3)}  # as migration 0004 made them
# FTS5 settings while rebuilding, and FTS5's own defaults (restored afterwards). hashsize:
# the new entries FTS5 keeps in memory before writing them out as a segment; with 64 MB a
# batch is one segment instead of several, and there is less to merge.
BULK_MERGE = {"automerge": 16, "crisismerge": 64, "hashsize": 64 * 1024 * 1024}
FTS5_DEFAULTS = {"automerge": 4, "crisismerge": 16, "hashsize": 1024 * 1024}
MERGE_STEP = 2000  # leaf pages per 'merge' command: a few tenths of a second each


def merge_pending(table: str) -> None:
    """Merge FTS5 segments until nothing is left to merge, one short transaction per step."""
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            before = connection.connection.total_changes
            cursor.execute(f"INSERT INTO {table}({table}, rank) VALUES ('merge', {MERGE_STEP})")
            changed = connection.connection.total_changes - before
        if changed < 2:  # FTS5 writes nothing when no level has segments to merge
            return


def _quote(token: str) -> str:
    return '"' + token.replace('"', "") + '"'


def _term(t: TermTokens) -> str:
    if not t.tokens:
        raise QuerySyntaxError("a search term has no letters or digits", 0)
    cols = FIELD_COLUMNS[t.field]
    body = _quote(" ".join(t.tokens)) if t.phrase else _quote(t.tokens[0])
    if t.prefix:
        body += "*"
    expr = f"{cols}{body}"
    if t.stems:
        alternatives = " OR ".join(f"{{stem}} : {_quote(s)}" for s in t.stems)
        expr = f"({expr} OR {alternatives})"
    return expr


def to_match(node: Node) -> str:
    """FTS5 MATCH syntax; NOT must sit beside a positive part (FTS5's NOT is binary)."""
    if isinstance(node, Term):
        return _term(term_tokens(node))
    if isinstance(node, Or):
        if any(isinstance(c, Not) for c in node.children):
            raise QuerySyntaxError("NOT cannot be one side of OR; use (a NOT b) OR c", 0)
        return "(" + " OR ".join(to_match(c) for c in node.children) + ")"
    if isinstance(node, And):
        positive = [to_match(c) for c in node.children if not isinstance(c, Not)]
        negative = [to_match(c.child) for c in node.children if isinstance(c, Not)]
        if not positive:
            raise QuerySyntaxError("a query needs at least one term that is not negated", 0)
        expr = "(" + " AND ".join(positive) + ")"
        for neg in negative:
            expr = f"({expr} NOT {neg})"
        return expr
    raise QuerySyntaxError("a query needs at least one term that is not negated", 0)


def _words_of(term: Term) -> list[Term]:
    """The words of a phrase as terms of their own (any other term as it is)."""
    if not term.phrase:
        return [term]
    words = text.words(term.text)
    last = len(words) - 1
    return [Term(w, term.field, False, term.prefix and i == last) for i, w in enumerate(words)]


def headline_only(node: Node) -> bool:
    """Whether every word of the query is a headline: word (search_fts_head can answer it)."""
    return all(t.field == "headline" for t in all_terms(node))


def unindexed_prefix(node: Node | None, lengths: tuple[int, ...]) -> bool:
    """Whether the query has a prefix term of a length the table has no prefix index for."""
    for term in all_terms(node):
        if term.prefix:
            tokens = term_tokens(term).tokens
            if not tokens or len(tokens[-1]) not in lengths:
                return True
    return False


def table_for(node: Node | None) -> str:
    return "search_fts_head" if node is not None and headline_only(node) else "search_fts"


def register_meta_function(db: Any) -> None:
    """toasoan_search_meta(item_id, state, ..., date) in SQL, for the migration that adds the
    meta column (the topics are read from search_searchsubject)."""
    db.ensure_connection()

    def meta(
        item_id: int,
        state: str,
        outlet_id: int,
        desk_id: int | None,
        type_: str,
        language: str,
        urgency: int,
        author_id: int,
        date: str,
    ) -> str:
        if item_id is None:
            return ""
        when = datetime.fromisoformat(date).replace(tzinfo=UTC)
        cursor = db.connection.execute(
            "SELECT code FROM search_searchsubject WHERE item_id = ? ORDER BY id", (item_id,)
        )
        codes = [row[0] for row in cursor.fetchall()]
        return meta_tokens(
            state, outlet_id, desk_id, type_, language, urgency, author_id, when, codes
        )

    db.connection.create_function("toasoan_search_meta", 9, meta, deterministic=True)


def meta_match(req: SearchRequest) -> str:
    """The request's filters as a MATCH on the meta column ("" for none): see
    filter_tokens.token_groups."""
    return " AND ".join(
        "(" + " OR ".join(f'"{token}"' for token in group) + ")" for group in token_groups(req)
    )


class SqliteBackend:
    name = "sqlite-fts5"
    subject_sql = SUBJECT_IN_TABLE
    concurrent_writers = False  # one writer at a time: the rebuild's main process writes

    # --- writing -------------------------------------------------------------------------------

    def delete(self, item_ids: list[int]) -> None:
        with connection.cursor() as cursor:
            delete_documents(cursor, item_ids)
            for table in FTS_TABLES:
                delete_rows(cursor, table, "rowid", item_ids)

    def prepare(self, docs: list[IndexDoc]) -> None:
        """The filter tokens and the bonus words (FTS5 tokenizes the text as it inserts)."""
        for d in docs:
            d.prepared["meta"] = doc_meta(d)
            d.prepared["bonus"] = " ".join(bonus_words(d.columns))

    def insert(self, docs: list[IndexDoc]) -> None:
        if not docs:
            return
        with connection.cursor() as cursor:
            insert_documents(cursor, docs)
            metas = [d.prepared.get("meta") or doc_meta(d) for d in docs]
            cursor.executemany(
                f"INSERT INTO search_fts (rowid, {', '.join(INDEXED_COLUMNS)}) "
                f"VALUES ({', '.join(['%s'] * (len(INDEXED_COLUMNS) + 1))})",
                [
                    [d.item_id, *(d.columns[c] for c in TEXT_COLUMNS), meta]
                    for d, meta in zip(docs, metas, strict=True)
                ],
            )
            cursor.executemany(
                "INSERT INTO search_fts_head (rowid, head_f, stem, meta) VALUES (%s, %s, %s, %s)",
                [
                    [d.item_id, d.columns["head_f"], d.columns["head_s"], meta]
                    for d, meta in zip(docs, metas, strict=True)
                ],
            )
            bonus = [
                (d.item_id, d.prepared["bonus"])
                if "bonus" in d.prepared
                else (d.item_id, " ".join(bonus_words(d.columns)))
                for d in docs
            ]
            cursor.executemany(
                "INSERT INTO search_bonuswords (item_id, words) VALUES (%s, %s)",
                [row for row in bonus if row[1]],  # no row for no word
            )

    @contextmanager
    def bulk_load(self) -> Iterator[None]:
        """FTS5 merges its new segments as it goes, 4 at a time ('automerge'): in a rebuild
        the same entries are rewritten level after level. Merge 16 at a time while rebuilding
        (still a little at each write, so transactions stay small), then put the settings back
        and merge what is left, in short transactions so other writers never wait long.

        Merging frees the pages of the segments it replaces. Builds of SQLite with
        secure_delete on (Debian's) overwrite each of them with zeros, as much writing again
        as the merge itself; those pages hold the index of the very text being indexed again,
        so this connection only clears what it deletes within pages (secure_delete FAST)."""
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete")
            secure_delete = int(cursor.fetchone()[0])
            if secure_delete == 1:
                cursor.execute("PRAGMA secure_delete = FAST")
            for table in FTS_TABLES:
                for key, value in BULK_MERGE.items():
                    cursor.execute(f"INSERT INTO {table}({table}, rank) VALUES ('{key}', {value})")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                for table in FTS_TABLES:
                    for key, value in FTS5_DEFAULTS.items():
                        cursor.execute(
                            f"INSERT INTO {table}({table}, rank) VALUES ('{key}', {value})"
                        )
            for table in FTS_TABLES:
                merge_pending(table)
            with connection.cursor() as cursor:  # statistics for choosing indexes
                cursor.execute(f"PRAGMA secure_delete = {secure_delete}")
                cursor.execute("ANALYZE search_searchdocument")
                cursor.execute("ANALYZE search_searchsubject")

    def bulk_session(self) -> None:
        """Nothing: the FTS5 settings are the tables', not the connection's."""

    # --- searching -----------------------------------------------------------------------------

    def match_sql(self, node: Node) -> tuple[str, list[Any]]:
        table = table_for(node)
        return f"d.item_id IN (SELECT rowid FROM {table} WHERE {table} MATCH %s)", [to_match(node)]

    def scan(
        self, req: SearchRequest, filters: str, params: list[Any], limit: int
    ) -> list[tuple[Any, ...]]:
        """Matching documents the filters let through, highest item id (newest) first.

        The words and the filters (as meta tokens) are one FTS5 match, walked backwards from
        the newest document; the SQL filters then check the few rows it yields exactly."""
        columns = ", ".join(f"d.{c}" for c in SCAN_COLUMNS)
        match = self._full_match(req)
        table = table_for(req.node)
        with connection.cursor() as cursor:
            if not match:
                cursor.execute(
                    f"SELECT {columns} FROM search_searchdocument d WHERE {filters} "
                    "ORDER BY d.item_id DESC LIMIT %s",
                    [*params, limit],
                )
            else:
                cursor.execute(
                    f"SELECT {columns} FROM {table} f "
                    "JOIN search_searchdocument d ON d.item_id = f.rowid "
                    f"WHERE {table} MATCH %s AND {filters} ORDER BY f.rowid DESC LIMIT %s",
                    [match, *params, limit],
                )
            return cursor.fetchall()

    @staticmethod
    def _full_match(req: SearchRequest) -> str:
        words = to_match(req.node) if req.node is not None else ""
        meta = meta_match(req)
        return " AND ".join(f"({m})" for m in (words, meta) if m)

    def ranked(self, req: SearchRequest, rows: list[tuple[Any, ...]]) -> list[Hit]:
        """bm25 of the scanned matches, best first (ties newest first), then exact-accent and
        compound matches move up. FTS5 reads the text matches once (`+rowid IN`: a plain
        `rowid IN` would run the query, and bm25's counts, once per id)."""
        assert req.node is not None
        window = max(CANDIDATES, req.offset + req.limit)
        if not rows:
            return []
        ids = [r[0] for r in rows]
        table = table_for(req.node)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, bm25({table}, {BM25_ARGS[table]}) FROM {table} "
                f"WHERE {table} MATCH %s AND +rowid IN ({', '.join(['%s'] * len(ids))})",
                [to_match(req.node), *ids],
            )
            score = dict(cursor.fetchall())
            order = sorted(rows, key=lambda r: (r[1], r[0]), reverse=True)  # newest first
            order.sort(key=lambda r: score.get(r[0], 0.0))  # then by bm25 (lower is better)
            top = [(r[0], -score.get(r[0], 0.0)) for r in order[:window]]
            bonus = self._bonus(cursor, [item_id for item_id, _ in top], req)
        hits = [Hit(item_id, s + bonus.get(item_id, 0.0)) for item_id, s in top]
        hits.sort(key=lambda h: -h.score)
        return hits

    def ranks_all(self, req: SearchRequest, matches: int) -> bool:
        """Whether the query's words are in fewer than RANK_ALL_LIMIT documents, all of them
        together: ranked() reads every document that has the words (the filters then keep
        the scanned ones), and bm25 counts, for each word, every document that has it.
        A phrase counts as its words: bm25 reads the positions of every document that has
        them all (a phrase of common syllables, such as a name, costs hundreds of ms)."""
        if req.node is None:
            return False
        words = Or(tuple(w for t in all_terms(req.node) for w in _words_of(t)))
        table = table_for(words)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM (SELECT rowid FROM {table} WHERE {table} MATCH %s LIMIT %s)",
                [to_match(words), RANK_ALL_LIMIT],
            )
            return bool(cursor.fetchone()[0] < RANK_ALL_LIMIT)

    def headline_hits(self, node: Node, rows: list[tuple[Any, ...]]) -> set[int]:
        """The ids of those rows whose headline matches the query (unfielded words read as
        headline: words): the matches from the lowest id up, read from the index, cost fewer
        lookups than the rows one by one."""
        node = in_headline(node)
        table = table_for(node)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid FROM {table} WHERE {table} MATCH %s AND rowid >= %s",
                [to_match(node), min(r[0] for r in rows)],
            )
            return {row[0] for row in cursor.fetchall()}

    def bonus(self, req: SearchRequest, ids: list[int]) -> dict[int, float]:
        with connection.cursor() as cursor:
            return self._bonus(cursor, ids, req)

    def newest(
        self,
        req: SearchRequest,
        filters: str,
        params: list[Any],
        offset: int,
        limit: int,
        density: float = 1.0,
    ) -> list[int]:
        """Matches by date, newest first, for a match set too big to sort: down the date
        index, keeping the documents among the matches. When many documents match (density,
        from the scan), FTS5 is asked of each document in turn (a few dozen lookups), for the
        words only: the SQL filters check the rest, and each filter token would be one more
        lookup per document (10 times slower with the visibility tokens). Otherwise, or when
        a prefix term has no prefix index (FTS5 would gather its words again for every
        document asked), the matches are gathered first, the filter tokens narrowing them."""
        table = table_for(req.node)
        if req.node is None:  # no words: the SQL filters alone, down the date index
            match, args = "1=1", []
        elif density >= 0.01 and not unindexed_prefix(req.node, PREFIX_LENGTHS[table]):
            match = (
                f"EXISTS (SELECT 1 FROM {table} f WHERE {table} MATCH %s AND f.rowid = d.item_id)"
            )
            args = [to_match(req.node)]
        else:
            match = f"+d.item_id IN (SELECT rowid FROM {table} WHERE {table} MATCH %s)"
            args = [self._full_match(req)]
        sql = (
            f"SELECT d.item_id FROM search_searchdocument d INDEXED BY search_doc_date_idx "
            f"WHERE {match} AND {filters} ORDER BY d.date DESC, d.item_id DESC LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*args, *params, limit, offset])
            return [row[0] for row in cursor.fetchall()]

    def _bonus(self, cursor: Any, ids: list[int], req: SearchRequest) -> dict[int, float]:
        """From the documents' bonus words (search_bonuswords: the words joined by spaces, so
        ' word ' is a whole-word test), a narrow row by its key each."""
        parts, args = [], []
        for words, points in bonus_terms(req):
            found = " OR ".join(["instr(b.words, %s) > 0"] * len(words))
            parts.append(f"CASE WHEN {found} THEN {points} ELSE 0 END")
            args += [f" {w} " for w in words]
        if not ids or not parts:
            return {}
        cursor.execute(
            f"SELECT b.item_id, {' + '.join(parts)} FROM (SELECT item_id, ' ' || words || ' ' "
            f"AS words FROM search_bonuswords WHERE item_id IN ({', '.join(['%s'] * len(ids))})"
            ") b",
            [*args, *ids],
        )
        return {item_id: float(points) for item_id, points in cursor.fetchall() if points}

    def index_size(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COALESCE(SUM(pgsize), 0) FROM dbstat WHERE name LIKE 'search_%'")
            return int(cursor.fetchone()[0])
