"""Relevance on the demo archive: judged queries scored as nDCG@10, and unambiguous queries that
must return exactly their items (CI runs this on SQLite and on PostgreSQL: the same expected sets
make the two backends agree)."""

from __future__ import annotations

import statistics
from typing import Any

import pytest
from django.db import connection

from tests.search.ndcg import load_equivalence_queries, load_relevance_set, ndcg_at_k
from toasoan.search.service import search

MIN_MEAN_NDCG = 0.75


def _ranked(demo_archive: Any, query: str, limit: int = 10) -> list[str]:
    admin, key_of = demo_archive
    page = search(admin, query, limit=limit, facets=False)
    return [key_of[r["id"]] for r in page.results]


@pytest.mark.slow
def test_judged_queries_score_well(demo_archive: Any, db: Any, capsys: Any) -> None:
    scores = {}
    for judged in load_relevance_set():
        scores[judged["id"]] = ndcg_at_k(_ranked(demo_archive, judged["query"]), judged["relevant"])
    mean = statistics.mean(scores.values())
    by_kind: dict[str, list[float]] = {}
    for judged in load_relevance_set():
        by_kind.setdefault(judged["kind"], []).append(scores[judged["id"]])
    with capsys.disabled():
        print(f"\nnDCG@10 on {connection.vendor}: mean {mean:.3f} over {len(scores)} queries")
        for kind, values in sorted(by_kind.items()):
            print(f"  {kind:<9} {statistics.mean(values):.3f} ({len(values)})")
        worst = sorted(scores.items(), key=lambda kv: kv[1])[:5]
        print("  weakest: " + ", ".join(f"{q} {s:.2f}" for q, s in worst))
    assert mean >= MIN_MEAN_NDCG


@pytest.mark.slow
@pytest.mark.parametrize("case", load_equivalence_queries(), ids=lambda c: c["id"])
def test_unambiguous_queries_find_exactly_their_items(
    demo_archive: Any, db: Any, case: Any
) -> None:
    assert set(_ranked(demo_archive, case["query"], limit=50)) == set(case["matches"])
