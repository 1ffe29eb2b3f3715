"""Search backends by name; the database in use chooses one unless TOASOAN_SEARCH_BACKEND says."""

from __future__ import annotations

from django.conf import settings
from django.db import connection

from toasoan.search.backends.base import Backend


def get_backend() -> Backend:
    name = getattr(settings, "SEARCH_BACKEND", "") or connection.vendor
    if name in ("sqlite", "fts5"):
        from toasoan.search.backends.sqlite import SqliteBackend

        return SqliteBackend()
    if name in ("postgresql", "postgres"):
        from toasoan.search.backends.postgres import PostgresBackend

        return PostgresBackend()
    raise ValueError(f"no search backend for '{name}' (known: sqlite, postgresql)")
