"""toasoan ingest-file PATH [--format auto|...] [--dry-run]: read a partner's document and print
its items as ninjs 2.2 JSON lines; errors go to stderr, one line each, with exit status 1."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from toasoan.formats import ninjs
from toasoan.formats.model import FormatError
from toasoan.formats.registry import INPUTS, decode

MAX_BYTES = 50 * 1024 * 1024


class Command(BaseCommand):
    help = "Parse a ninjs, NewsML-G2, NITF, RSS or Atom file and print its items as ninjs 2.2."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--format", choices=INPUTS, default="auto")
        parser.add_argument(
            "--dry-run", action="store_true", help="only parse and print (nothing is stored)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        try:
            size = path.stat().st_size
            if size > MAX_BYTES:
                raise FormatError(f"file is {size} bytes; the limit is {MAX_BYTES}")
            items = decode(path.read_bytes(), options["format"])
        except (OSError, FormatError) as exc:
            self.stderr.write(f"{path}: {exc}")
            sys.exit(1)
        failed = False
        for n, item in enumerate(items):
            try:
                doc = ninjs.encode(item, "2.2")
            except FormatError as exc:
                self.stderr.write(f"{path}: item {n + 1}: {exc}")
                failed = True
                continue
            self.stdout.write(json.dumps(doc, ensure_ascii=False))
        if failed:
            sys.exit(1)
