"""toasoan createadmin --username U --password P: a non-interactive agency administrator."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from toasoan.accounts.actions import create_user, ensure_default_roles
from toasoan.core.errors import DomainError


class Command(BaseCommand):
    help = "Create an agency administrator (all privileges in every outlet)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", required=True)
        parser.add_argument("--password", required=True)
        parser.add_argument("--full-name", default="")
        parser.add_argument("--email", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        roles = ensure_default_roles()
        try:
            user = create_user(
                by=None,
                username=options["username"],
                password=options["password"],
                full_name=options["full_name"],
                email=options["email"],
                memberships={None: roles["agency_admin"]},
                is_superuser=True,
            )
        except DomainError as exc:
            raise CommandError(f"{exc.field or 'input'}: {exc.message}") from exc
        self.stdout.write(f"created agency administrator '{user.username}'")
