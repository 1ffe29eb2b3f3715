"""Relevance on the demo archive: judged queries scored as nDCG@10, and unambiguous queries that
must return exactly their items (CI runs this on SQLite and on PostgreSQL: the same expected sets
make the two backends agree)."""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from tests.search.ndcg import load_equivalence_queries, load_relevance_set, ndcg_at_k
from toasoan.accounts.models import User
from toasoan.demo import organisation
from toasoan.demo.items import Loader, load_specs
from toasoan.search.service import index_items, search

MIN_MEAN_NDCG = 0.75


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[Any]:
    """The demo newsroom, loaded once for the module and removed after it."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        loader = Loader(organisation.build("demo-password-for-tests"))
        loader.run(load_specs())
        index_items([item.pk for item in loader.items.values()])
        key_of = {item.pk: key for key, item in loader.items.items()}
        admin = User.objects.get(username="admin")
    yield admin, key_of
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM search_fts")


def _ranked(demo: Any, query: str, limit: int = 10) -> list[str]:
    admin, key_of = demo
    page = search(admin, query, limit=limit, facets=False)
    return [key_of[r["id"]] for r in page.results]


@pytest.mark.slow
def test_judged_queries_score_well(demo: Any, db: Any, capsys: Any) -> None:
    scores = {}
    for judged in load_relevance_set():
        scores[judged["id"]] = ndcg_at_k(_ranked(demo, judged["query"]), judged["relevant"])
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
def test_unambiguous_queries_find_exactly_their_items(demo: Any, db: Any, case: Any) -> None:
    assert set(_ranked(demo, case["query"], limit=50)) == set(case["matches"])
