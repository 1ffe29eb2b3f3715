"""Validation of planning input (API and forms alike): one cleaner per kind of field.

Date-times without a zone (what an HTML datetime-local input sends) are read in the configured
zone, Asia/Ho_Chi_Minh."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from toasoan.core.errors import InvalidInput
from toasoan.core.text import clean_text
from toasoan.vocabularies import mediatopics


def text(
    name: str, value: Any, *, limit: int, required: bool = False, multiline: bool = False
) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput("must be a string", field=name)
    cleaned = clean_text(value, field=name, multiline=multiline).strip()
    if required and not cleaned:
        raise InvalidInput("is required", field=name)
    if len(cleaned) > limit:
        raise InvalidInput(f"must be at most {limit} characters", field=name)
    return cleaned


def when(name: str, value: Any, *, required: bool = False) -> datetime | None:
    if value is None or value == "":
        if required:
            raise InvalidInput("is required", field=name)
        return None
    parsed = value if isinstance(value, datetime) else None
    if isinstance(value, str):
        try:
            parsed = parse_datetime(value.strip())
        except ValueError:
            parsed = None
    if parsed is None:
        raise InvalidInput("must be a date-time YYYY-MM-DDTHH:MM (ISO 8601)", field=name)
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def day(name: str, value: Any, *, required: bool = False) -> date | None:
    if value is None or value == "":
        if required:
            raise InvalidInput("is required", field=name)
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, date):
        return value
    parsed = None
    if isinstance(value, str):
        try:
            parsed = parse_date(value.strip())
        except ValueError:
            parsed = None
    if parsed is None:
        raise InvalidInput("must be a date YYYY-MM-DD", field=name)
    return parsed


def flag(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value in ("on", "true", "1", 1):
        return True
    if value in ("", "false", "0", 0, None, "off"):
        return False
    raise InvalidInput("must be true or false", field=name)


def number(name: str, value: Any, *, low: float, high: float, whole: bool = False) -> Any:
    """A number in [low, high]; '' and None mean no value."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise InvalidInput("must be a number", field=name)
    try:
        parsed: float | int = int(value) if whole else float(value)
    except (TypeError, ValueError) as exc:
        kind = "a whole number" if whole else "a number"
        raise InvalidInput(f"must be {kind}", field=name) from exc
    if whole and isinstance(value, float) and not value.is_integer():
        raise InvalidInput("must be a whole number", field=name)
    if not low <= parsed <= high:
        raise InvalidInput(f"must be between {low:g} and {high:g}", field=name)
    return parsed


def choice(name: str, value: Any, allowed: list[str]) -> str:
    if value not in allowed:
        raise InvalidInput(f"must be one of {', '.join(allowed)}", field=name)
    return str(value)


def subjects(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        value = [v for v in (p.strip() for p in value.split(",")) if v]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidInput("must be a list of IPTC Media Topic codes", field="subjects")
    codes = []
    for i, code in enumerate(value):
        try:
            codes.append(mediatopics.normalise(code))
        except mediatopics.UnknownTopic as exc:
            raise InvalidInput(str(exc), field=f"subjects[{i}]") from exc
    return list(dict.fromkeys(codes))


def only_known(data: dict[str, Any], known: set[str]) -> None:
    unknown = sorted(set(data) - known)
    if unknown:
        raise InvalidInput(f"unknown field; allowed: {', '.join(sorted(known))}", field=unknown[0])
