"""toasoan demo: load the demo agency, its people and ~150 items (idempotent)."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from toasoan.demo import organisation
from toasoan.demo.items import Loader, load_specs
from toasoan.newsroom.models import Item
from toasoan.planning import demo as planning_demo


def demo_password() -> str:
    """Generated once per data folder and kept there (never in the code)."""
    path = settings.DATA_DIR / "demo-password.txt"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(9))
        path.chmod(0o600)
    return path.read_text().strip()


class Command(BaseCommand):
    help = "Load demo data (agency, outlets, desks, users for every role, ~150 items)."

    def handle(self, *args: Any, **options: Any) -> None:
        password = demo_password()
        with transaction.atomic():
            users = organisation.build(password)
            if Item.objects.filter(outlet__slug="tinnguon").exists():
                self.stdout.write("demo data already loaded")
            else:
                count = Loader(users).run(load_specs())
                self.stdout.write(f"demo data loaded: {count} items")
            planned = planning_demo.load(users["tinnhanh"])
            if planned:
                self.stdout.write(f"demo planning loaded: {planned} planning items")
        self.stdout.write(f"login: admin / {password}  (every demo user has this password;")
        self.stdout.write(
            "  e.g. tinnguon.pv reporter, tinnhanh.tb desk chief, vietdaily.tbt editor-in-chief)"
        )
