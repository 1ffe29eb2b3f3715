"""Checking what a person enters for a feed or a routing rule: one message per field and rule."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

from toasoan.accounts.models import Desk, Outlet, Stage
from toasoan.core.errors import InvalidInput
from toasoan.core.text import clean_text
from toasoan.ingest.models import FeedFormat, FeedKind
from toasoan.newsroom.models import ItemType
from toasoan.vocabularies import mediatopics

MIN_INTERVAL, MAX_INTERVAL = 30, 86_400
_FINGERPRINT = re.compile(r"^SHA256:[A-Za-z0-9+/]{43}=?$")


def _text(data: dict[str, Any], name: str, limit: int, required: bool = False) -> str:
    value = data.get(name) or ""
    if not isinstance(value, str):
        raise InvalidInput("must be text", field=name)
    value = clean_text(value, field=name).strip()
    if required and not value:
        raise InvalidInput("is required", field=name)
    if len(value) > limit:
        raise InvalidInput(f"must be at most {limit} characters", field=name)
    return value


def _int(data: dict[str, Any], name: str, low: int, high: int) -> int | None:
    value = data.get(name)
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise InvalidInput("must be a whole number", field=name) from None
    if isinstance(value, bool) or not low <= number <= high:
        raise InvalidInput(f"must be a whole number from {low} to {high}", field=name)
    return number


def _bool(data: dict[str, Any], name: str, default: bool) -> bool:
    value = data.get(name, default)
    if isinstance(value, str):
        return value.lower() in ("1", "true", "on", "yes")
    return bool(value)


def _choice(data: dict[str, Any], name: str, choices: list[str], default: str | None) -> str:
    value = data.get(name) or default
    if value not in choices:
        raise InvalidInput(f"must be one of {', '.join(choices)}", field=name)
    return str(value)


def _list(data: dict[str, Any], name: str) -> list[str]:
    value = data.get(name) or []
    if isinstance(value, str):
        value = [v for v in re.split(r"[,\n]", value)]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidInput("must be a list of text values", field=name)
    cleaned = [clean_text(v, field=name).strip() for v in value]
    if len(cleaned) > 100:
        raise InvalidInput("must have at most 100 entries", field=name)
    return list(dict.fromkeys(v for v in cleaned if v))


def folder_roots() -> list[Path]:
    """Where folder feeds may pick up (moving files away): INGEST_FOLDER_ROOTS, by default the
    data folder's ingest/ sub-folder, so a feed can never point at system files."""
    default = [Path(settings.DATA_DIR) / "ingest"]
    return [Path(p).resolve() for p in getattr(settings, "INGEST_FOLDER_ROOTS", default)]


def inside_folder_roots(path: str) -> bool:
    target = Path(path).resolve()
    return any(target == root or target.is_relative_to(root) for root in folder_roots())


def clean_feed(data: dict[str, Any]) -> dict[str, Any]:
    """Validated feed settings (outlet and desk resolved to objects)."""
    kind = _choice(data, "kind", list(FeedKind.values), None)
    values: dict[str, Any] = {
        "name": _text(data, "name", 200, required=True),
        "kind": kind,
        "format": _choice(data, "format", list(FeedFormat.values), FeedFormat.AUTO),
        "url": _text(data, "url", 1000),
        "path": _text(data, "path", 1000),
        "host": _text(data, "host", 255),
        "port": _int(data, "port", 1, 65535),
        "username": _text(data, "username", 150),
        "host_key": _text(data, "host_key", 200),
        "use_tls": _bool(data, "use_tls", False),
        "interval_seconds": _int(data, "interval_seconds", MIN_INTERVAL, MAX_INTERVAL) or 300,
        "active": _bool(data, "active", True),
    }
    if "password" in data and data["password"] is not None:
        values["password"] = _text(data, "password", 255)
    if kind == FeedKind.HTTP:
        parts = urlsplit(values["url"])
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise InvalidInput("must be an http:// or https:// address", field="url")
    if kind == FeedKind.FOLDER:
        if not values["path"].startswith("/"):
            raise InvalidInput("must be an absolute folder path", field="path")
        if not inside_folder_roots(values["path"]):
            roots = ", ".join(str(r) for r in folder_roots())
            raise InvalidInput(f"must be inside a pick-up folder root ({roots})", field="path")
    if kind in (FeedKind.SFTP, FeedKind.FTP):
        for name in ("host", "username"):
            if not values[name]:
                raise InvalidInput("is required for SFTP and FTP pick-up", field=name)
        values["path"] = values["path"] or "."
    if kind == FeedKind.SFTP and not _FINGERPRINT.match(values["host_key"]):
        raise InvalidInput(
            "must be the server's host key fingerprint, SHA256:… as ssh-keygen -l prints it",
            field="host_key",
        )
    outlet_id = _int(data, "outlet", 1, 2**62) or 0
    outlet = Outlet.objects.select_related("agency").filter(pk=outlet_id).first()
    if outlet is None:
        raise InvalidInput("no such outlet", field="outlet")
    values["outlet"] = outlet
    desk_id = _int(data, "desk", 1, 2**62)
    values["desk"] = None
    if desk_id is not None:
        values["desk"] = Desk.objects.filter(pk=desk_id, outlet=outlet).first()
        if values["desk"] is None:
            raise InvalidInput("no such desk in the feed's outlet", field="desk")
    return values


def clean_rule(data: dict[str, Any]) -> dict[str, Any]:
    """Validated routing-rule settings (desk and stage resolved to objects)."""
    subjects = _list(data, "subjects")
    for i, code in enumerate(subjects):
        if not mediatopics.is_known(code):
            raise InvalidInput(f"unknown IPTC Media Topic {code!r}", field=f"subjects[{i}]")
    subjects = [mediatopics.normalise(c) for c in subjects]
    types = _list(data, "types")
    for i, kind in enumerate(types):
        if kind not in ItemType.values:
            raise InvalidInput(f"must be one of {', '.join(ItemType.values)}", field=f"types[{i}]")
    values: dict[str, Any] = {
        "name": _text(data, "name", 200),
        "position": _int(data, "position", 0, 10_000) or 0,
        "languages": [v.lower() for v in _list(data, "languages")],
        "subjects": subjects,
        "urgency_min": _int(data, "urgency_min", 1, 9),
        "urgency_max": _int(data, "urgency_max", 1, 9),
        "keywords": _list(data, "keywords"),
        "headline_contains": _text(data, "headline_contains", 200),
        "types": types,
        "auto_publish": _bool(data, "auto_publish", False),
    }
    low, high = values["urgency_min"], values["urgency_max"]
    if low is not None and high is not None and low > high:
        raise InvalidInput("must not be greater than urgency_max", field="urgency_min")
    desk_id = _int(data, "desk", 1, 2**62) or 0
    desk = Desk.objects.select_related("outlet__agency").filter(pk=desk_id).first()
    if desk is None:
        raise InvalidInput("is required: the desk the items go to", field="desk")
    values["desk"] = desk
    stage_id = _int(data, "stage", 1, 2**62)
    values["stage"] = None
    if stage_id is not None:
        values["stage"] = Stage.objects.filter(pk=stage_id, desk=desk).first()
        if values["stage"] is None:
            raise InvalidInput("the stage is not a stage of that desk", field="stage")
    return values
