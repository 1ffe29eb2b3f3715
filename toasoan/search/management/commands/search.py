"""toasoan search rebuild | stats: rebuild the index in batches (safe while the system runs)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from toasoan.newsroom.models import Item
from toasoan.search.backends import get_backend
from toasoan.search.models import SearchDocument
from toasoan.search.service import index_items


class Command(BaseCommand):
    help = "Rebuild the search index, or print its size."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        rebuild = sub.add_parser("rebuild", help="reindex every item, batch by batch")
        rebuild.add_argument("--batch", type=int, default=500)
        sub.add_parser("stats", help="documents and index size")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["verb"] == "stats":
            docs = SearchDocument.objects.count()
            size = get_backend().index_size()
            per = size / docs if docs else 0
            self.stdout.write(f"{docs} documents, index {size / 1e6:.1f} MB ({per:.0f} B/item)")
            return
        started, done, last = time.monotonic(), 0, 0
        # Each batch is its own transaction and an upsert, so concurrent edits are never lost:
        # an item saved during the rebuild is reindexed by its own event afterwards anyway.
        while True:
            ids = list(
                Item.objects.filter(pk__gt=last)
                .order_by("pk")
                .values_list("pk", flat=True)[: options["batch"]]
            )
            if not ids:
                break
            done += index_items(ids)
            last = ids[-1]
        orphans = SearchDocument.objects.exclude(item_id__in=Item.objects.values("pk"))
        stale = list(orphans.values_list("item_id", flat=True))
        if stale:
            index_items(stale)  # removes them
        rate = done / max(time.monotonic() - started, 1e-9)
        self.stdout.write(f"indexed {done} items ({rate:.0f} items/s)")
