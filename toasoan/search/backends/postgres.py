"""PostgreSQL backend: tsvector columns ('simple' configuration over prepared tokens), GIN indexes.

The text is tokenised, folded and stemmed in Python (documents.py), so the 'simple'
configuration only splits on the spaces between prepared tokens: both backends see the same words.
"""

from __future__ import annotations

from typing import Any

from django.db import connection

from toasoan.search.backends.base import Hit, SearchRequest
from toasoan.search.backends.compile import TermTokens, term_tokens
from toasoan.search.documents import IndexDoc
from toasoan.search.query import And, Node, Not, Or, QuerySyntaxError, Term

FIELD_VECTORS = {
    None: "tsv_all",
    "headline": "tsv_head",
    "slugline": "tsv_slug",
    "byline": "tsv_byline",
    "subject": "tsv_subj",
    "body": "tsv_body",
}
CANDIDATES = 300

_WRITE = """
UPDATE search_searchdocument SET
  tsv_all = setweight(to_tsvector('simple', %(head_f)s), 'A')
         || setweight(to_tsvector('simple', %(lead_f)s || ' ' || %(subj)s || ' ' || %(comp)s), 'B')
         || setweight(to_tsvector('simple', %(byline)s || ' ' || %(slug)s), 'C')
         || setweight(to_tsvector('simple', %(body_f)s || ' ' || %(stem)s), 'D'),
  tsv_head = to_tsvector('simple', %(head_f)s),
  tsv_slug = to_tsvector('simple', %(slug)s),
  tsv_body = to_tsvector('simple', %(body_f)s),
  tsv_byline = to_tsvector('simple', %(byline)s),
  tsv_subj = to_tsvector('simple', %(subj)s),
  tsv_exact = setweight(to_tsvector('simple', %(head_x)s || ' ' || %(lead_x)s), 'A')
           || to_tsvector('simple', %(body_x)s)
WHERE item_id = %(item_id)s
"""
_RANK = "ts_rank(d.tsv_all, %s::tsquery, 1)"  # weights A headline … D body, length-normalised


def _lexeme(token: str) -> str:
    return "'" + token.replace("'", "").replace("\\", "") + "'"


def _tsquery(t: TermTokens) -> str:
    if not t.tokens:
        raise QuerySyntaxError("a search term has no letters or digits", 0)
    if t.phrase:
        query = " <-> ".join(_lexeme(tok) for tok in t.tokens)
    else:
        query = _lexeme(t.tokens[0])
    if t.prefix:
        query += ":*"
    if t.stems:
        query = "(" + " | ".join([query, *(_lexeme(s) for s in t.stems)]) + ")"
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


class PostgresBackend:
    name = "postgresql"

    def write_text(self, docs: list[IndexDoc]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(_WRITE, [{"item_id": d.item_id, **d.columns} for d in docs])

    def delete_text(self, item_ids: list[int]) -> None:
        """The vectors live in the document rows, which are deleted with them."""

    def match_sql(self, node: Node) -> tuple[str, list[Any]]:
        return to_sql(node)

    def ranked(self, req: SearchRequest, where: str, params: list[Any]) -> list[Hit]:
        assert req.node is not None
        window = max(CANDIDATES, req.offset + req.limit)
        exact = " | ".join(_lexeme(w) for w in req.exact_terms)
        comp = " | ".join(_lexeme(w) for w in req.compounds)
        score = (
            f"{_RANK}"
            + (" + CASE WHEN d.tsv_exact @@ %s::tsquery THEN 1000 ELSE 0 END" if exact else "")
            + (" + CASE WHEN d.tsv_all @@ %s::tsquery THEN 5 ELSE 0 END" if comp else "")
        )
        score_params: list[Any] = [rank_query(req.node)]
        score_params += [exact] if exact else []
        score_params += [comp] if comp else []
        sql = (
            f"SELECT d.item_id, {score} AS score FROM search_searchdocument d WHERE {where} "
            f"ORDER BY score DESC, d.date DESC LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*score_params, *params, window])
            return [Hit(item_id, float(score)) for item_id, score in cursor.fetchall()]

    def index_size(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_total_relation_size('search_searchdocument') "
                "+ pg_total_relation_size('search_searchsubject')"
            )
            return int(cursor.fetchone()[0])
