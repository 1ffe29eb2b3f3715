"""toasoan audit verify | export: check the hash chain, or write the log as JSON lines."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from toasoan.accounts import audit
from toasoan.accounts.models import AuditEntry


class Command(BaseCommand):
    help = "Verify the audit log's SHA-256 chain (exit 1 at the first broken entry) or export it."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        sub.add_parser("verify", help="recompute every hash; exit 1 on the first broken entry")
        export = sub.add_parser("export", help="write the log as JSON lines to stdout")
        export.add_argument("--after-seq", type=int, default=0)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["verb"] == "verify":
            result = audit.verify()
            if result.broken:
                self.stderr.write(
                    f"audit log BROKEN at entry {result.broken.seq}: {result.broken.reason} "
                    f"({result.checked} entries verified before it)"
                )
                sys.exit(1)
            self.stdout.write(f"audit log OK: {result.checked} entries, head {result.head}")
            return
        qs = AuditEntry.objects.filter(seq__gt=options["after_seq"]).order_by("seq")
        for e in qs.iterator(chunk_size=1000):
            row = audit.as_row(e)
            self.stdout.write(json.dumps(row, ensure_ascii=False))
