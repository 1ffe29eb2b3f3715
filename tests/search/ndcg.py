"""nDCG scoring for archive search against the judged relevance set (no Django needed).

The judged data lives next to this file:

- ``relevance_set.json``: queries over the demo content, each with graded judgments
  (3 = about exactly this, 2 = clearly relevant, 1 = mentions it; unlisted items count as 0).
- ``equivalence_queries.json``: distinctive queries with the exact set of demo items that match,
  used to check that the search backends agree.

Items are identified by the demo content ``key`` (``vi-003``, ``en-002``...).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RELEVANCE_SET = HERE / "relevance_set.json"
EQUIVALENCE_QUERIES = HERE / "equivalence_queries.json"


def gain(grade: int) -> float:
    """Exponential gain, 2^rel − 1: a 3 is worth seven 1s."""
    return float(2**grade - 1)


def dcg(gains: list[float]) -> float:
    """Discounted cumulative gain: the gain at rank i (from 1) is divided by log2(i + 1)."""
    return sum(g / math.log2(rank + 1) for rank, g in enumerate(gains, start=1))


def ndcg_at_k(ranked_keys: list[str], judgments: dict[str, int], k: int = 10) -> float:
    """nDCG@k of a ranking against graded judgments (keys not judged count as 0).

    A key repeated in the ranking only counts the first time. The ideal ranking is the
    judgments sorted by grade. Raises ValueError when there is nothing relevant to find.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    ideal = sorted((g for g in judgments.values() if g > 0), reverse=True)[:k]
    if not ideal:
        raise ValueError("no relevant judgments: nDCG is undefined")
    seen: set[str] = set()
    gains: list[float] = []
    for key in ranked_keys:
        if len(gains) == k:
            break
        if key in seen:
            continue
        seen.add(key)
        gains.append(gain(judgments.get(key, 0)))
    return dcg(gains) / dcg([gain(g) for g in ideal])


def _load(path: Path) -> list[dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise ValueError(f"{path.name}: expected a JSON array")
    return data


def load_relevance_set() -> list[dict[str, Any]]:
    """[{"id", "query", "kind", "relevant": {key: grade}, "note"}, ...]"""
    return _load(RELEVANCE_SET)


def load_equivalence_queries() -> list[dict[str, Any]]:
    """[{"id", "query", "matches": [key, ...]}, ...]"""
    return _load(EQUIVALENCE_QUERIES)
