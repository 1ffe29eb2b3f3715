"""/api/v1 routes of the ingest app."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["ingest"])
