"""toasoan worker: run task-queue workers without the web server (for scale-out)."""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from toasoan.core.workers import start_threads


class Command(BaseCommand):
    help = "Run background task workers (scheduled publishing, event consumers)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--threads", type=int, default=2)

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        start_threads(options["threads"], stop)
        self.stdout.write(f"worker started with {options['threads']} threads")
        stop.wait()
