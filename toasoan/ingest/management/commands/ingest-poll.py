"""toasoan ingest-poll [FEED_ID ...] [--due]: poll feeds now, in this process, and print what each
poll did (one JSON line per feed); exit status 1 when a poll recorded errors."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from toasoan.ingest.models import Feed
from toasoan.ingest.polling import claim_due, poll


class Command(BaseCommand):
    help = "Poll ingest feeds now (the named ones, or with --due every feed whose time has come)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("feed_ids", nargs="*", type=int)
        parser.add_argument("--due", action="store_true", help="poll the feeds that are due")

    def handle(self, *args: Any, **options: Any) -> None:
        ids: list[int] = list(options["feed_ids"])
        if options["due"]:
            ids += claim_due()
        if not ids:
            raise CommandError("name feed ids, or use --due")
        failed = False
        for feed_id in ids:
            feed = Feed.objects.filter(pk=feed_id).first()
            if feed is None or not feed.is_polled:
                self.stderr.write(f"feed {feed_id}: no such polled feed")
                failed = True
                continue
            report = poll(feed)
            failed = failed or bool(report.errors)
            line = {"feed": feed.pk, "name": feed.name, **report.as_dict()}
            self.stdout.write(json.dumps(line, ensure_ascii=False))
        if failed:
            sys.exit(1)
