"""/api/v1 routes of the planning app."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["planning"])
