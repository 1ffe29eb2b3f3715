"""Archive search benchmark: index build rate, index size, and query latency on a big corpus.

    python benchmarks/bench_search.py [--build auto|yes|no] [--workers N] [--queries 200]

Uses TOASOAN_DATA_DIR / DATABASE_URL like the `toasoan` command, on a database filled by
benchmarks/search_corpus.py. Targets (the search issue): index build >= 1,000 items/s; over 200
realistic queries, p50 <= 30 ms and p95 <= 200 ms; the index size per item is reported.

1. Build: `toasoan search rebuild` (worker processes build documents, this one writes), timed
   from start to a merged, queryable index; then `toasoan search stats` (index bytes / item).
   --build auto builds when the index is empty; yes empties it first and builds; no skips.
2. Queries: generated from the corpus vocabulary (benchmarks/search_corpus.py): 1-3 words with
   and without accents, quoted phrases, field prefixes, boolean operators, prefixes, English;
   about half with filters (outlet, state, language, type, subject, date range); sorted by
   relevance or by date. Each runs through toasoan.search.service.search as a reporter of one
   outlet (sees public items and the outlet's own), 20 results with facets, after 20 warm-up
   queries. Prints p50/p95/p99/max, PASS/MISS per target and the slowest five.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from typing import Any

from _common import code_version, describe_database, load_average, setup_django, summary_ms
from search_corpus import (
    COUNTRIES,
    EN_NOUNS,
    PROVINCES,
    THEMES,
    VI_NOUNS,
    VI_ORGS,
    VI_VERBS,
    Vocabulary,
    Zipf,
    fold_name,
    topic_codes_by_theme,
)

TARGET_RATE = 1000  # items/s
TARGET_P50 = 30.0  # ms
TARGET_P95 = 200.0
USER = "tinnhanh.pv1"  # a reporter of the Vietnamese online paper


# --- queries -------------------------------------------------------------------------------------


class QueryMaker:
    """Realistic queries: what the corpus talks about, as editors type it."""

    def __init__(self, rng: random.Random, org: dict[str, Any]):
        self.rng = rng
        topics = topic_codes_by_theme()
        self.vi = Vocabulary("vi", topics)
        self.en = Vocabulary("en", topics)
        self.themes = list(THEMES)
        self.vi_words = {t: Zipf([w for w in self._split(THEMES[t][2])], 0.9) for t in THEMES}
        self.en_words = {t: Zipf([w for w in self._split(THEMES[t][3])], 0.9) for t in THEMES}
        self.vi_nouns = Zipf(VI_NOUNS)
        self.vi_verbs = Zipf(VI_VERBS)
        self.en_nouns = Zipf(EN_NOUNS)
        self.places_vi = Zipf([p[0] for p in PROVINCES + COUNTRIES], 0.8)
        self.places_en = Zipf([p[1] for p in PROVINCES + COUNTRIES], 0.8)
        self.orgs = Zipf(VI_ORGS)
        self.topics = [c for codes in topics.values() for c in codes[:12]] + [
            spec[0] for spec in THEMES.values()
        ]
        self.org = org

    @staticmethod
    def _split(text: str) -> list[str]:
        return [w.strip() for w in text.split(",") if w.strip()]

    def theme(self) -> str:
        return self.rng.choices(self.themes, [THEMES[t][1] for t in self.themes])[0]

    def vi_term(self) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.5:
            return str(self.vi_words[self.theme()].pick(rng))
        if r < 0.75:
            return str(self.places_vi.pick(rng))
        if r < 0.9:
            return str(self.vi_nouns.pick(rng))
        return str(self.vi.people.pick(rng))

    def en_term(self) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.55:
            return str(self.en_words[self.theme()].pick(rng))
        if r < 0.8:
            return str(self.places_en.pick(rng))
        if r < 0.9:
            return str(self.en_nouns.pick(rng))
        return str(self.en.people.pick(rng))

    def query(self) -> tuple[str, str]:
        """(kind, query text)"""
        rng = self.rng
        kind = rng.choices(
            ["vi", "vi_folded", "phrase", "field", "boolean", "prefix", "en", "vi_two"],
            [24, 14, 10, 10, 10, 5, 17, 10],
        )[0]
        if kind == "vi":
            return kind, self.vi_term()
        if kind == "vi_folded":
            return kind, fold_name(self.vi_term()).lower()
        if kind == "vi_two":
            return kind, f"{self.vi_term()} {self.vi_term()}"
        if kind == "phrase":
            term = self.vi_term() if rng.random() < 0.7 else self.en_term()
            return kind, f'"{term}"'
        if kind == "field":
            r = rng.random()
            if r < 0.4:
                return kind, f"headline:{self.vi_term().split()[0]}"
            if r < 0.6:
                return kind, f'byline:"{rng.choice(self.vi.reporters)}"'
            if r < 0.8:
                return kind, f"subject:{rng.choice(self.topics)}"
            return kind, f'body:"{self.vi_term()}" {self.vi_term()}'
        if kind == "boolean":
            a, b, c = self.vi_term(), self.vi_term(), self.vi_term()
            r = rng.random()
            if r < 0.4:
                return kind, f"{a} OR {b}"
            if r < 0.7:
                return kind, f"{a} NOT {b}"
            return kind, f'("{a}" OR "{b}") {c}'
        if kind == "prefix":  # at least 3 letters before the * (the query syntax's rule)
            word = ""
            while len(word) < 4:
                term = self.vi_term() if rng.random() < 0.5 else self.en_term()
                word = fold_name(term.split()[0]).lower()
            return kind, word[: max(3, len(word) - 2)] + "*"
        terms = [self.en_term() for _ in range(rng.choice((1, 1, 2)))]
        return kind, " ".join(terms)

    def filters(self, today: date) -> dict[str, Any]:
        """About half the queries carry one or two filters."""
        rng = self.rng
        out: dict[str, Any] = {}
        if rng.random() < 0.5:
            return out
        for _ in range(rng.choice((1, 1, 2))):
            r = rng.random()
            if r < 0.2:
                out["outlets"] = [rng.choice(self.org["outlets"])]
            elif r < 0.35:
                out["states"] = rng.choice(
                    (["published"], ["published", "corrected"], ["draft", "in_progress"])
                )
            elif r < 0.5:
                out["languages"] = [rng.choice(("vi", "vi", "en"))]
            elif r < 0.6:
                out["types"] = rng.choice((["text"], ["picture", "video"]))
            elif r < 0.75:
                out["subjects"] = [rng.choice(self.topics)]
            else:
                days = rng.choice((7, 30, 90, 365, 730))
                end = today - timedelta(days=rng.randint(0, 9 * 365))
                out["date_from"], out["date_to"] = end - timedelta(days=days), end
        return out


# --- build ---------------------------------------------------------------------------------------


def empty_index() -> None:
    """Drop every index entry (fast: recreate / truncate rather than delete row by row)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            from importlib import import_module

            m = import_module("toasoan.search.migrations.0004_fts_headline_table")
            # generated data: no need to overwrite the freed pages (Debian's secure_delete)
            cursor.execute("PRAGMA secure_delete = OFF")
            cursor.execute("DELETE FROM search_searchdocument")
            cursor.execute("DELETE FROM search_searchsubject")
            cursor.execute("DELETE FROM search_bonuswords")
            for table in ("search_fts", "search_fts_head"):
                cursor.execute(f"DROP TABLE IF EXISTS {table}")
            cursor.execute(
                f"CREATE VIRTUAL TABLE search_fts USING fts5({m.MAIN}, {m.TOKENIZE_META}, "
                f"{m.MAIN_PREFIX})"
            )
            cursor.execute(
                f"CREATE VIRTUAL TABLE search_fts_head USING fts5({m.HEAD}, {m.TOKENIZE_META}, "
                f"{m.HEAD_PREFIX})"
            )
        else:
            cursor.execute(
                "TRUNCATE search_searchdocument, search_searchsubject, search_bonuswords"
            )


def build(workers: int | None, batch: int) -> None:
    from io import StringIO

    from django.core.management import call_command
    from django.db import connection

    from toasoan.newsroom.models import Item
    from toasoan.search.backends import get_backend
    from toasoan.search.models import SearchDocument

    items = Item.objects.count()
    print(f"build: {items} items; {load_average()} at start", flush=True)
    out = StringIO()
    cpu_before = cpu_times()
    started = time.perf_counter()
    options: dict[str, Any] = {"batch": batch, "stdout": out}
    if workers is not None:
        options["workers"] = workers
    call_command("search", "rebuild", **options)
    elapsed = time.perf_counter() - started
    own, workers_cpu = (a - b for a, b in zip(cpu_times(), cpu_before, strict=True))
    docs = SearchDocument.objects.count()
    rate = docs / elapsed
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchdocument")
            cursor.execute("ANALYZE search_searchsubject")
    size = get_backend().index_size()
    verdict = "PASS" if rate >= TARGET_RATE else "MISS"
    print(f"build: {out.getvalue().strip()}")
    print(
        f"build: {docs} documents in {elapsed:.1f} s = {rate:.0f} items/s "
        f"(target >= {TARGET_RATE}) {verdict}; {load_average()} at end"
    )
    print(
        f"build: CPU per item: {own / docs * 1000:.2f} ms writing (this process), "
        f"{workers_cpu / docs * 1000:.2f} ms building (workers)"
    )
    print(f"build: index {size / 1e9:.2f} GB = {size / max(docs, 1):.0f} bytes/item", flush=True)


def cpu_times() -> tuple[float, float]:
    """CPU seconds (user + system) of this process and of its finished child processes."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


# --- queries -------------------------------------------------------------------------------------


def run_queries(n: int, warmup: int, seed: int) -> int:
    from django.db import connection, reset_queries

    from toasoan.accounts.models import Outlet, User
    from toasoan.search.backends.base import Filters
    from toasoan.search.service import search

    user = User.objects.filter(username=USER).first()
    if user is None:
        print(f"queries: no user {USER}; run benchmarks/search_corpus.py first")
        return 1
    org = {"outlets": list(Outlet.objects.values_list("pk", flat=True))}
    rng = random.Random(seed)
    maker = QueryMaker(rng, org)
    today = date.today()
    cases = []
    for _ in range(n + warmup):
        kind, q = maker.query()
        filters = maker.filters(today)
        sort = "date" if rng.random() < 0.3 else "relevance"
        cases.append((kind, q, filters, sort))
    search(user, "khởi động", limit=1)  # load the segmentation model (once per process)
    print(f"queries: as {USER} (not an administrator), 20 results with facets")
    print(f"queries: {warmup} warm-up + {n} timed; {load_average()} at start", flush=True)
    timed: list[tuple[float, str, str, dict[str, Any], str, int]] = []
    for i, (kind, q, filters, sort) in enumerate(cases):
        reset_queries()
        started = time.perf_counter()
        page = search(user, q, filters=Filters(**filters), sort=sort, limit=20, facets=True)
        elapsed = time.perf_counter() - started
        if i >= warmup:
            timed.append((elapsed, kind, q, filters, sort, page.total))
    connection.close()
    stats = summary_ms([t[0] for t in timed])
    with_filters = [t[0] for t in timed if t[3]]
    without = [t[0] for t in timed if not t[3]]
    print(
        f"queries: p50 {stats['p50']:.1f} ms, p95 {stats['p95']:.1f} ms, "
        f"p99 {stats['p99']:.1f} ms, max {stats['max']:.1f} ms; {load_average()} at end"
    )
    for label, part in (("with filters", with_filters), ("without", without)):
        s = summary_ms(part)
        print(f"queries:   {label:13s} n={s['n']:3d} p50 {s['p50']:.1f} p95 {s['p95']:.1f} ms")
    kinds = sorted({t[1] for t in timed})
    for kind in kinds:
        s = summary_ms([t[0] for t in timed if t[1] == kind])
        totals = sorted(t[5] for t in timed if t[1] == kind)
        print(
            f"queries:   {kind:13s} n={s['n']:3d} p50 {s['p50']:.1f} p95 {s['p95']:.1f} ms "
            f"(median match count {totals[len(totals) // 2]})"
        )
    p50_ok, p95_ok = stats["p50"] <= TARGET_P50, stats["p95"] <= TARGET_P95
    print(f"queries: p50 <= {TARGET_P50:.0f} ms {'PASS' if p50_ok else 'MISS'}")
    print(f"queries: p95 <= {TARGET_P95:.0f} ms {'PASS' if p95_ok else 'MISS'}")
    print("queries: slowest five:")
    for elapsed, _kind, q, filters, sort, total in sorted(timed, reverse=True)[:5]:
        shown = {k: (str(v) if isinstance(v, date) else v) for k, v in filters.items()}
        print(f"  {elapsed * 1000:7.1f} ms  {q!r} {shown or ''} sort={sort} -> {total} matches")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", choices=("auto", "yes", "no"), default="auto")
    parser.add_argument("--workers", type=int, default=None, help="rebuild workers (default: CPUs)")
    parser.add_argument("--batch", type=int, default=500, help="items per rebuild batch")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    setup_django()
    from toasoan.newsroom.models import Item
    from toasoan.search.models import SearchDocument

    if not Item.objects.exists():
        print("bench_search: no items; run benchmarks/search_corpus.py first")
        return 1
    print(f"bench_search: {describe_database()}; {code_version()}")
    indexed = SearchDocument.objects.exists()
    if args.build == "yes" or (args.build == "auto" and not indexed):
        if indexed:
            print("build: emptying the index first", flush=True)
            empty_index()
        build(args.workers, args.batch)
    if args.queries:
        return run_queries(args.queries, args.warmup, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
