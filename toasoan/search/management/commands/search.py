"""toasoan search rebuild | stats: rebuild the index in batches (safe while the system runs)."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from collections.abc import Iterator
from multiprocessing.pool import AsyncResult
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, connections
from django.db.models import Exists, OuterRef

from toasoan.newsroom.models import Item
from toasoan.search.backends import get_backend
from toasoan.search.models import SearchDocument
from toasoan.search.service import Built, build_documents, index_items, write_documents


def id_batches(size: int) -> Iterator[list[int]]:
    last = 0
    while True:
        ids = list(
            Item.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:size]
        )
        if not ids:
            return
        yield ids
        last = ids[-1]


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


class Command(BaseCommand):
    help = "Rebuild the search index, or print its size."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        rebuild = sub.add_parser("rebuild", help="reindex every item, batch by batch")
        rebuild.add_argument("--batch", type=int, default=500)
        rebuild.add_argument(
            "--workers",
            type=int,
            default=None,
            help="processes building documents while this one writes (default: one per CPU; "
            "0: build and write in this process)",
        )
        sub.add_parser("stats", help="documents and index size")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["verb"] == "stats":
            docs = SearchDocument.objects.count()
            size = get_backend().index_size()
            per = size / docs if docs else 0
            self.stdout.write(f"{docs} documents, index {size / 1e6:.1f} MB ({per:.0f} B/item)")
            return
        workers = default_workers() if options["workers"] is None else options["workers"]
        started = time.monotonic()
        # Each batch is its own transaction and an upsert, so concurrent edits are never lost:
        # an item saved during the rebuild is reindexed by its own event afterwards anyway, and
        # a document built from an item changed since it was read is built again as it is
        # written (service.write_documents).
        size = options["batch"]
        parallel = (
            workers > 0
            and "fork" in multiprocessing.get_all_start_methods()
            # other processes cannot see this transaction's rows (a test, a caller's atomic)
            and not connection.in_atomic_block
            and Item.objects.count() > 4 * size  # not worth starting processes for
        )
        if parallel:
            done = self.rebuild_parallel(size, workers)
        else:
            with get_backend().bulk_load():
                done = sum(index_items(ids) for ids in id_batches(size))
        # NOT EXISTS, not NOT IN: PostgreSQL runs NOT IN (subquery) once per document when the
        # ids do not fit in work_mem (a million items: hours), NOT EXISTS as one anti-join
        orphans = SearchDocument.objects.exclude(
            Exists(Item.objects.filter(pk=OuterRef("item_id")))
        )
        stale = list(orphans.values_list("item_id", flat=True))
        if stale:
            index_items(stale)  # removes them
        rate = done / max(time.monotonic() - started, 1e-9)
        self.stdout.write(f"indexed {done} items ({rate:.0f} items/s)")

    @staticmethod
    def rebuild_parallel(size: int, workers: int) -> int:
        """Worker processes read items and build documents (the CPU work: words, folding,
        Vietnamese segmentation, stems); this process writes them, batch by batch, in order."""
        connections.close_all()  # forked workers open their own; none may share this one's
        done = 0
        pool = multiprocessing.get_context("fork").Pool(workers)
        backend = get_backend()
        with pool, backend.bulk_load():  # the backend's settings: on a new connection
            if backend.concurrent_writers:  # the workers write too, each on its connection
                writing: deque[AsyncResult[int]] = deque()
                for ids in id_batches(size):
                    writing.append(pool.apply_async(_index_batch, (ids,)))
                    if len(writing) > 2 * workers:
                        done += writing.popleft().get()
                return done + sum(w.get() for w in writing)
            pending: deque[AsyncResult[Built]] = deque()
            for ids in id_batches(size):
                pending.append(pool.apply_async(build_documents, (ids,)))
                if len(pending) > 2 * workers:
                    done += write_documents(pending.popleft().get())
            while pending:
                done += write_documents(pending.popleft().get())
        return done


def _index_batch(ids: list[int]) -> int:
    """Build and write one batch (a worker of a rebuild on a backend with concurrent writers)."""
    get_backend().bulk_session()
    return write_documents(build_documents(ids))
