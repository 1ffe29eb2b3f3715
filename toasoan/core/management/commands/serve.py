"""toasoan serve: the web server, with task-queue workers in the same process."""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from toasoan.core.workers import start_threads


def parse_addr(addr: str) -> tuple[str, int]:
    host, _, port = addr.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise CommandError(f"--addr must be HOST:PORT, got '{addr}'")
    return host.strip("[]"), int(port)


class Command(BaseCommand):
    help = "Serve toasoan over HTTP with background workers in the same process."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--addr", default="127.0.0.1:8000", help="HOST:PORT to listen on")
        parser.add_argument("--threads", type=int, default=8, help="HTTP worker threads")
        parser.add_argument(
            "--workers", type=int, default=settings.WORKER_THREADS, help="task-queue threads"
        )
        parser.add_argument("--no-migrate", action="store_true", help="do not apply migrations")

    def handle(self, *args: Any, **options: Any) -> None:
        from waitress import serve

        from toasoan.wsgi import application

        host, port = parse_addr(options["addr"])
        if not options["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        stop = threading.Event()
        if options["workers"] > 0:
            start_threads(options["workers"], stop)
        shown = f"[{host}]" if ":" in host else host
        self.stdout.write(f"toasoan đang chạy / is running at http://{shown}:{port}/", ending="\n")
        self.stdout.flush()
        try:
            serve(application, host=host, port=port, threads=options["threads"], ident="toasoan")
        finally:
            stop.set()
