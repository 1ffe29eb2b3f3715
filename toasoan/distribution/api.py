"""/api/v1 routes of the distribution app."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["distribution"])
