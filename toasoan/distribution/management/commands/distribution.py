"""toasoan distribution dispatch: deliver every outbox entry that is due now, then exit."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from toasoan.distribution.dispatcher import run_once
from toasoan.distribution.models import EntryState, OutboxEntry


class Command(BaseCommand):
    help = "Distribution tools for operators: 'dispatch' delivers what is due now."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["dispatch"])
        parser.add_argument("--timeout", type=float, default=60.0, help="stop after N seconds")

    def handle(self, *args: Any, **options: Any) -> None:
        run_once(timeout=options["timeout"])
        counts = {
            state: OutboxEntry.objects.filter(state=state).count()
            for state in (EntryState.PENDING, EntryState.DEAD)
        }
        self.stdout.write(f"pending: {counts[EntryState.PENDING]}, dead: {counts[EntryState.DEAD]}")
