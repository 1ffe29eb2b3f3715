"""SQLite FTS5 backend: one FTS5 table keyed by item id, bm25 ranking with column weights."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction

from toasoan.search.backends.base import (
    Hit,
    SearchRequest,
    delete_documents,
    delete_rows,
    insert_documents,
)
from toasoan.search.backends.compile import TermTokens, term_tokens
from toasoan.search.documents import COLUMNS, IndexDoc
from toasoan.search.query import And, Node, Not, Or, QuerySyntaxError, Term

FIELD_COLUMNS = {
    None: "{head_f slug lead_f body_f byline subj stem comp}",
    "headline": "{head_f}",
    "slugline": "{slug}",
    "byline": "{byline}",
    "subject": "{subj}",
    "body": "{body_f}",
}
# bm25 weights in COLUMNS order: headline counts most, then lead, topics and compounds.
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
BM25_ARGS = ", ".join(str(WEIGHTS.get(c, 0.0)) for c in COLUMNS)
EXACT_COLUMNS = "{head_x lead_x body_x}"
CANDIDATES = 300

# FTS5 merge settings while rebuilding, and FTS5's own defaults (restored afterwards)
BULK_MERGE = {"automerge": 0, "crisismerge": 64}
FTS5_DEFAULTS = {"automerge": 4, "crisismerge": 16}
MERGE_KEYS = ("automerge", "crisismerge")
MERGE_STEP = 2000  # leaf pages per 'merge' command: a few tenths of a second each


def merge_pending() -> None:
    """Merge FTS5 segments until nothing is left to merge, one short transaction per step."""
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            before = connection.connection.total_changes
            cursor.execute(
                f"INSERT INTO search_fts(search_fts, rank) VALUES ('merge', {MERGE_STEP})"
            )
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
    expr = f"{cols} : {body}"
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


class SqliteBackend:
    name = "sqlite-fts5"
    concurrent_writers = False  # one writer at a time: the rebuild's main process writes

    def delete(self, item_ids: list[int]) -> None:
        with connection.cursor() as cursor:
            delete_documents(cursor, item_ids)
            delete_rows(cursor, "search_fts", "rowid", item_ids)

    def prepare(self, docs: list[IndexDoc]) -> None:
        """Nothing: FTS5 tokenizes as it inserts."""

    def insert(self, docs: list[IndexDoc]) -> None:
        if not docs:
            return
        cols = ", ".join(COLUMNS)
        marks = ", ".join(["%s"] * (len(COLUMNS) + 1))
        with connection.cursor() as cursor:
            insert_documents(cursor, docs)
            cursor.executemany(
                f"INSERT INTO search_fts (rowid, {cols}) VALUES ({marks})",
                [[d.item_id, *(d.columns[c] for c in COLUMNS)] for d in docs],
            )

    @contextmanager
    def bulk_load(self) -> Iterator[None]:
        """FTS5 merges its small new segments into bigger ones as it goes ('automerge', 4 at a
        time), so during a rebuild the same entries are rewritten level after level. Turn that
        off while rebuilding ('crisismerge' still merges a level once it has 64 segments),
        then put the settings back and merge what is left in one pass, in short transactions
        so that other writers are never held up for long."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT k, v FROM search_fts_config WHERE k IN (%s, %s)", list(MERGE_KEYS)
            )
            before = dict(cursor.fetchall())
            for key, value in BULK_MERGE.items():
                cursor.execute(
                    f"INSERT INTO search_fts(search_fts, rank) VALUES ('{key}', {value})"
                )
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                for key in BULK_MERGE:
                    value = before.get(key, FTS5_DEFAULTS[key])
                    if int(value) == BULK_MERGE[key]:  # left over by an interrupted rebuild
                        value = FTS5_DEFAULTS[key]
                    cursor.execute(
                        f"INSERT INTO search_fts(search_fts, rank) VALUES ('{key}', {int(value)})"
                    )
            merge_pending()

    def bulk_session(self) -> None:
        """Nothing: the FTS5 settings are the table's, not the connection's."""

    def match_sql(self, node: Node) -> tuple[str, list[Any]]:
        return (
            "d.item_id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)",
            [to_match(node)],
        )

    def ranked(self, req: SearchRequest, where: str, params: list[Any]) -> list[Hit]:
        """Top candidates by bm25, then exact-accent and compound matches move up."""
        assert req.node is not None
        window = max(CANDIDATES, req.offset + req.limit)
        sql = (
            f"SELECT f.rowid, bm25(search_fts, {BM25_ARGS}) AS score FROM search_fts f "
            f"JOIN search_searchdocument d ON d.item_id = f.rowid "
            f"WHERE search_fts MATCH %s AND {where} ORDER BY score, d.date DESC LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [to_match(req.node), *params, window])
            rows = [(item_id, -score) for item_id, score in cursor.fetchall()]
            bonus = self._bonus(cursor, [r[0] for r in rows], req)
        hits = [Hit(item_id, score + bonus.get(item_id, 0.0)) for item_id, score in rows]
        hits.sort(key=lambda h: -h.score)
        return hits

    def _bonus(self, cursor: Any, ids: list[int], req: SearchRequest) -> dict[int, float]:
        bonus: dict[int, float] = {}
        if not ids:
            return bonus
        marks = ", ".join(["%s"] * len(ids))
        for columns, words, points in (
            (EXACT_COLUMNS, req.exact_terms, 1000.0),
            ("{comp}", req.compounds, 5.0),
        ):
            if not words:
                continue
            match = " OR ".join(f"{columns} : {_quote(w)}" for w in words)
            cursor.execute(
                f"SELECT rowid FROM search_fts WHERE search_fts MATCH %s AND rowid IN ({marks})",
                [match, *ids],
            )
            for (item_id,) in cursor.fetchall():
                bonus[item_id] = bonus.get(item_id, 0.0) + points
        return bonus

    def index_size(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COALESCE(SUM(pgsize), 0) FROM dbstat WHERE name LIKE 'search_%'")
            return int(cursor.fetchone()[0])
