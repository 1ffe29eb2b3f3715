"""Format speed on one core: encode ninjs and NewsML-G2, parse NewsML-G2.

    TOASOAN_DATA_DIR=/tmp/toasoan-bench-formats python benchmarks/bench_formats.py [--seconds 5]

Uses the demo items of the database (run `toasoan migrate` and `toasoan demo` first). Items are
read and mapped to the neutral NewsItem once (untimed); then each format is encoded over and over
for --seconds, and the NewsML-G2 documents are parsed back. Targets (news-sharing issue): encode
ninjs >= 2,000 items/s, NewsML-G2 >= 500 items/s; parse NewsML-G2 >= 500 items/s. One process,
so one core.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

from _common import code_version, describe_database, load_average, setup_django

TARGETS = {"encode ninjs": 2000, "encode newsml-g2": 500, "parse newsml-g2": 500}


def rate(label: str, work: list[Any], fn: Callable[[Any], object], seconds: float) -> float:
    done, start = 0, time.process_time()
    while time.process_time() - start < seconds:
        for one in work:
            fn(one)
        done += len(work)
    elapsed = time.process_time() - start
    per_second = done / elapsed
    target = TARGETS.get(label)
    verdict = "" if target is None else ("PASS" if per_second >= target else "MISS")
    goal = f"(target >= {target:,})" if target else ""
    print(f"{label:<18} {per_second:>9,.0f} items/s over {done:,} {goal} {verdict}".rstrip())
    return per_second


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="CPU seconds per measurement")
    args = parser.parse_args()
    setup_django()
    from django.conf import settings

    from toasoan.formats.adapter import from_item
    from toasoan.formats.feeds import Channel
    from toasoan.formats.registry import OUTPUTS, decode
    from toasoan.newsroom.models import Item

    items = list(Item.objects.select_related("outlet").order_by("pk")[:500])
    if not items:
        raise SystemExit("bench_formats: no items; run `toasoan demo` on this database first")
    print(f"bench_formats: {describe_database()}; {len(items)} items; {code_version()}")
    print(f"bench_formats: {load_average()}; CPU time of this one process")
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    pairs = [
        (
            from_item(item),
            Channel(
                title=item.outlet.name,
                link=f"{base}/{item.outlet.slug}",
                language=item.outlet.language,
                publication=item.outlet.name,
            ),
        )
        for item in items
    ]
    for name in ("ninjs", "ninjs-3.1", "newsml-g2", "nitf"):
        encode = OUTPUTS[name].encode
        rate(f"encode {name}", pairs, lambda pair, e=encode: e(*pair), args.seconds)
    documents = [OUTPUTS["newsml-g2"].encode(*pair) for pair in pairs]
    rate("parse newsml-g2", documents, lambda doc: decode(doc, "newsmlg2"), args.seconds)
    ninjs_docs = [OUTPUTS["ninjs"].encode(*pair) for pair in pairs]
    rate("parse ninjs", ninjs_docs, lambda doc: decode(doc, "ninjs"), args.seconds)


if __name__ == "__main__":
    main()
