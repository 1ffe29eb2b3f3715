"""The nDCG helper and the judged search data (plain pytest, no database)."""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from ndcg import dcg, gain, load_equivalence_queries, load_relevance_set, ndcg_at_k

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "toasoan" / "demo" / "content"
MEDIATOPICS = ROOT / "toasoan" / "vocabularies" / "data" / "mediatopics.json"
KINDS = {
    "folded",
    "accented",
    "phrase",
    "field",
    "boolean",
    "english",
    "french",
    "compound",
    "subject",
    "mixed",
}
TEXT_FIELDS = ("headline", "slugline", "byline", "abstract", "body_html")
LIST_FIELDS = ("keywords", "places", "people", "organisations")


@cache
def demo_items() -> dict[str, dict[str, Any]]:
    items: dict[str, dict[str, Any]] = {}
    for name in ("items_vi.json", "items_en.json", "items_fr.json"):
        for spec in json.loads((CONTENT / name).read_text(encoding="utf-8")):
            items[spec["key"]] = spec
    return items


@cache
def broader() -> dict[str, str | None]:
    concepts = json.loads(MEDIATOPICS.read_text(encoding="utf-8"))["concepts"]
    return {c["code"]: c["broader"] for c in concepts}


def in_tree(code: str, root: str) -> bool:
    parents = broader()
    current: str | None = code
    while current is not None:
        if current == root:
            return True
        current = parents.get(current)
    return False


def fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if unicodedata.category(c) != "Mn").lower()


def words(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", fold(text)))


def searchable(spec: dict[str, Any]) -> str:
    parts = [re.sub(r"<[^>]+>", " ", spec[f] or "") for f in TEXT_FIELDS]
    parts += [" ".join(spec[f]) for f in LIST_FIELDS]
    return " | ".join(words(p) for p in parts)


# --- dcg / ndcg ------------------------------------------------------------------------------


def test_gain_is_exponential() -> None:
    assert [gain(g) for g in (0, 1, 2, 3)] == [0.0, 1.0, 3.0, 7.0]


def test_dcg() -> None:
    assert dcg([]) == 0.0
    assert dcg([7.0]) == 7.0
    assert dcg([3.0, 1.0, 1.0]) == pytest.approx(3.0 + 1.0 / math.log2(3) + 1.0 / math.log2(4))


def test_perfect_ranking_scores_one() -> None:
    judgments = {"a": 3, "b": 2, "c": 1}
    assert ndcg_at_k(["a", "b", "c"], judgments) == pytest.approx(1.0)
    assert ndcg_at_k(["a", "b", "c", "x", "y"], judgments) == pytest.approx(1.0)


def test_ties_in_the_ideal_order_do_not_matter() -> None:
    judgments = {"a": 3, "b": 3, "c": 1}
    assert ndcg_at_k(["b", "a", "c"], judgments) == pytest.approx(1.0)


def test_reversed_ranking_scores_less() -> None:
    judgments = {"a": 3, "b": 2, "c": 1}
    score = ndcg_at_k(["c", "b", "a"], judgments)
    assert 0.0 < score < 1.0


def test_empty_ranking_scores_zero() -> None:
    assert ndcg_at_k([], {"a": 3}) == 0.0


def test_unjudged_results_count_as_zero() -> None:
    judgments = {"a": 3}
    assert ndcg_at_k(["x", "y"], judgments) == 0.0
    assert ndcg_at_k(["x", "a"], judgments) == pytest.approx(1.0 / math.log2(3))


def test_only_the_top_k_count() -> None:
    judgments = {"a": 3, "b": 3}
    assert ndcg_at_k(["x", "a", "b"], judgments, k=1) == 0.0
    assert ndcg_at_k(["a", "x", "b"], judgments, k=1) == pytest.approx(1.0)
    # The ideal is cut at k too: one relevant item in the single slot is perfect.
    assert ndcg_at_k(["b"], judgments, k=1) == pytest.approx(1.0)


def test_repeated_keys_count_once() -> None:
    judgments = {"a": 3, "b": 3}
    assert ndcg_at_k(["a", "a", "b"], judgments) == pytest.approx(1.0)


def test_no_judgments_is_an_error() -> None:
    with pytest.raises(ValueError):
        ndcg_at_k(["a"], {})
    with pytest.raises(ValueError):
        ndcg_at_k(["a"], {"a": 0})
    with pytest.raises(ValueError):
        ndcg_at_k(["a"], {"a": 3}, k=0)


# --- relevance_set.json ------------------------------------------------------------------------


def test_relevance_set_shape() -> None:
    queries = load_relevance_set()
    assert len(queries) >= 45
    ids = [q["id"] for q in queries]
    assert len(ids) == len(set(ids)), "duplicate ids"
    texts = [q["query"] for q in queries]
    assert len(texts) == len(set(texts)), "duplicate queries"
    for q in queries:
        assert set(q) == {"id", "query", "kind", "relevant", "note"}, q["id"]
        assert re.fullmatch(r"q\d{2,}", q["id"]), q["id"]
        assert q["query"].strip() and q["note"].strip(), q["id"]
        assert q["kind"] in KINDS, q["id"]
        assert q["relevant"], f"{q['id']}: no relevant items"


def test_every_kind_is_present() -> None:
    counts = Counter(q["kind"] for q in load_relevance_set())
    assert set(counts) == KINDS
    assert counts["folded"] >= 12
    assert counts["accented"] >= 6


def test_judged_keys_exist_and_grades_are_1_to_3() -> None:
    items = demo_items()
    for q in load_relevance_set():
        for key, grade in q["relevant"].items():
            assert key in items, f"{q['id']}: unknown item {key}"
            assert type(grade) is int and 1 <= grade <= 3, f"{q['id']}: {key}={grade!r}"


def test_judgments_are_listed_best_first() -> None:
    """Each file entry lists its items by grade, so reading it top-down is the ideal ranking."""
    for q in load_relevance_set():
        assert ndcg_at_k(list(q["relevant"]), q["relevant"]) == pytest.approx(1.0)


def test_subject_judgments_cover_the_code_and_its_narrower_codes() -> None:
    items = demo_items()
    for q in load_relevance_set():
        if q["kind"] != "subject":
            continue
        root = q["query"].removeprefix("subject:").strip()
        assert root in broader(), f"{q['id']}: unknown Media Topic {root}"
        tagged = {k for k, s in items.items() if any(in_tree(c, root) for c in s["subjects"])}
        assert set(q["relevant"]) == tagged, q["id"]


def test_byline_judgments_are_exactly_that_byline() -> None:
    items = demo_items()
    for q in load_relevance_set():
        match = re.fullmatch(r'byline:"(.+)"', q["query"])
        if not match:
            continue
        name = words(match.group(1))
        bylined = {k for k, s in items.items() if name in words(s["byline"])}
        assert set(q["relevant"]) == bylined, q["id"]


# --- equivalence_queries.json ------------------------------------------------------------------


def test_equivalence_queries_shape() -> None:
    queries = load_equivalence_queries()
    assert len(queries) == 20
    ids = [q["id"] for q in queries]
    assert len(ids) == len(set(ids))
    items = demo_items()
    for q in queries:
        assert set(q) == {"id", "query", "matches"}, q["id"]
        assert 1 <= len(q["matches"]) <= 5, q["id"]
        assert len(set(q["matches"])) == len(q["matches"]), q["id"]
        assert all(key in items for key in q["matches"]), q["id"]


def test_equivalence_matches_are_exactly_the_items_containing_the_query() -> None:
    """Folded (case, accents, đ) whole-word match over the searchable fields of the demo items."""
    texts = {key: searchable(spec) for key, spec in demo_items().items()}
    for q in load_equivalence_queries():
        needle = re.compile(r"(?<!\w)" + re.escape(words(q["query"])) + r"(?!\w)")
        found = sorted(key for key, text in texts.items() if needle.search(text))
        assert found == sorted(q["matches"]), q["id"]
