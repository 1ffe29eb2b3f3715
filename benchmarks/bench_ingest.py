"""Ingest throughput: decode + dedupe + route + store (create, resend, new version), in process.

    python benchmarks/bench_ingest.py [--items 1000] [--batch 50] [--format ninjs|newsmlg2]

Creates its own agency, outlet, desk and push feed (names with a random suffix) in the configured
database (TOASOAN_DATA_DIR or DATABASE_URL; run `migrate` first), then ingests --items generated
Vietnamese stories in documents of --batch items through toasoan.ingest.pipeline, three times:
new items (each becomes a newsroom item with revision, audit entry and event), the same documents
again (resends: all ignored), and version 2 of every item (each item saved as a new revision).
Prints items per second for each pass and for decoding alone.
"""

from __future__ import annotations

import argparse
import json
import secrets
import sys
import time

from _common import TextMaker, code_version, describe_database, load_average, setup_django


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--format", choices=("ninjs", "newsmlg2"), default="ninjs")
    args = parser.parse_args()
    setup_django()

    from toasoan.accounts.actions import ensure_default_roles
    from toasoan.accounts.models import Agency, Desk, Membership, Outlet, Stage, User
    from toasoan.formats import newsmlg2
    from toasoan.formats.model import NewsItem
    from toasoan.ingest import actions
    from toasoan.ingest.decoding import decode_document
    from toasoan.ingest.pipeline import Report, ingest_document

    suffix = secrets.token_hex(3)
    roles = ensure_default_roles()
    agency = Agency.objects.create(name=f"Bench {suffix}", short_name="B", domain="bench.vn")
    outlet = Outlet.objects.create(
        agency=agency, slug=f"bench-{suffix}", name="Bench", kind="online"
    )
    desk = Desk.objects.create(outlet=outlet, slug="tin", name="Tin")
    Stage.objects.create(desk=desk, name="Tiếp nhận", position=0)
    admin = User.objects.create_user(username=f"bench-ingest-{suffix}", password=None)
    Membership.objects.create(user=admin, outlet=outlet, role=roles["outlet_admin"])
    feed = actions.create_feed(
        by=admin, data={"name": "Bench", "kind": "push", "outlet": outlet.pk, "desk": desk.pk}
    )
    text = TextMaker(seed=1)

    def story(n: int, version: int) -> NewsItem:
        headline = text.headline("vi")
        body = "".join(f"<p>{text.sentence('vi')}</p>" for _ in range(8))
        return NewsItem(
            guid=f"urn:bench:{suffix}:{n}",
            version=version,
            headline=headline,
            body_html=body,
            language="vi",
            urgency=3,
            keywords=["kinh tế", "đầu tư"],
        )

    def documents(version: int) -> list[bytes]:
        docs = []
        for start in range(0, args.items, args.batch):
            items = [story(n, version) for n in range(start, min(start + args.batch, args.items))]
            if args.format == "ninjs":
                from toasoan.formats import ninjs

                docs.append(
                    json.dumps([ninjs.encode(i, "2.2") for i in items], ensure_ascii=False).encode()
                )
            else:
                docs.extend(newsmlg2.encode_news_item(i) for i in items)
        return docs

    def run(docs: list[bytes]) -> tuple[float, Report]:
        total = Report()
        started = time.perf_counter()
        for doc in docs:
            total.add(ingest_document(feed, doc))
        return time.perf_counter() - started, total

    first, second = documents(1), documents(2)
    again = first
    started = time.perf_counter()
    for doc in first:
        decode_document(doc)
    decode_s = time.perf_counter() - started
    results = [("decode only", decode_s, None)]
    for name, docs in (("new items", first), ("resends", again), ("version 2", second)):
        seconds, report = run(docs)
        results.append((name, seconds, report))

    print(f"bench_ingest: {args.items} items, {args.format}, batches of {args.batch}")
    print(f"  {describe_database()}; {code_version()}; {load_average()}")
    for name, seconds, report in results:
        rate = args.items / seconds if seconds else float("inf")
        extra = ""
        if report is not None:
            extra = (
                f"  created {report.created} updated {report.updated} "
                f"ignored {report.ignored} errors {len(report.errors)}"
            )
        print(f"  {name:12s} {seconds:7.2f} s  {rate:8.0f} items/s{extra}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
