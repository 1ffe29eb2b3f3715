"""Validation of an item's editable fields: one place, used by every action that writes them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db.models import CharField
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from toasoan.core.errors import InvalidInput
from toasoan.core.html import sanitize
from toasoan.core.text import clean_strings, clean_text
from toasoan.newsroom.models.items import Item, PubStatus
from toasoan.vocabularies import mediatopics

_MAX_LEN: dict[str, int] = {
    f.name: f.max_length
    for f in Item._meta.concrete_fields
    if isinstance(f, CharField) and f.max_length
}
SHORT_TEXT = (
    "headline",
    "slugline",
    "byline",
    "dateline_place",
    "genre",
    "credit",
    "copyright_holder",
    "copyright_notice",
    "language",
)
LONG_TEXT = ("abstract", "usage_terms")
NINE = ("urgency", "priority")
ENTITY_LISTS = ("places", "people", "organisations", "keywords")
CONTENT_FIELDS = (
    *SHORT_TEXT,
    *LONG_TEXT,
    *NINE,
    *ENTITY_LISTS,
    "body_html",
    "subjects",
    "dateline_date",
    "embargo_until",
    "pubstatus",
)
_MAX_LIST = 100
_MAX_BODY = 1_000_000


def _short(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidInput("must be a string", field=name)
    value = clean_text(value, field=name).strip()
    limit = _MAX_LEN.get(name)
    if limit and len(value) > limit:
        raise InvalidInput(f"must be at most {limit} characters", field=name)
    if name == "language" and not (2 <= len(value) <= 10):
        raise InvalidInput("must be a BCP 47 language tag such as 'vi' or 'en'", field=name)
    return value


def _nine(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 9:
        raise InvalidInput("must be a whole number from 1 to 9", field=name)
    return value


def _entity_list(name: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidInput("must be a list of strings", field=name)
    if len(value) > _MAX_LIST:
        raise InvalidInput(f"must have at most {_MAX_LIST} entries", field=name)
    cleaned = [v.strip() for v in clean_strings(value, field=name) if v.strip()]
    return list(dict.fromkeys(cleaned))


def _subjects(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidInput("must be a list of IPTC Media Topic codes", field="subjects")
    codes = []
    for i, code in enumerate(value):
        try:
            codes.append(mediatopics.normalise(code))
        except mediatopics.UnknownTopic as exc:
            raise InvalidInput(str(exc), field=f"subjects[{i}]") from exc
    return list(dict.fromkeys(codes))


def _when(name: str, value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    parsed = value if isinstance(value, datetime) else None
    if isinstance(value, str):
        try:
            parsed = parse_datetime(value)
        except ValueError:
            parsed = None
    if parsed is None:
        raise InvalidInput("must be an ISO 8601 date-time with a time zone", field=name)
    if timezone.is_naive(parsed):
        raise InvalidInput("must carry a time zone (e.g. +07:00)", field=name)
    return parsed


def _day(name: str, value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    parsed = parse_date(value) if isinstance(value, str) else None
    if parsed is None:
        raise InvalidInput("must be a date YYYY-MM-DD", field=name)
    return parsed


def clean_fields(data: dict[str, Any]) -> dict[str, Any]:
    """Validate and normalise editable fields; unknown names are an error."""
    cleaned: dict[str, Any] = {}
    for name, value in data.items():
        if name in SHORT_TEXT:
            cleaned[name] = _short(name, value if value is not None else "")
        elif name in LONG_TEXT:
            if not isinstance(value, str):
                raise InvalidInput("must be a string", field=name)
            cleaned[name] = clean_text(value, field=name, multiline=True).strip()
        elif name == "body_html":
            if not isinstance(value, str):
                raise InvalidInput("must be a string of HTML", field=name)
            if len(value) > _MAX_BODY:
                raise InvalidInput(f"must be at most {_MAX_BODY} characters", field=name)
            cleaned[name] = sanitize(clean_text(value, field=name, multiline=True))
        elif name in NINE:
            cleaned[name] = _nine(name, value)
        elif name in ENTITY_LISTS:
            cleaned[name] = _entity_list(name, value)
        elif name == "subjects":
            cleaned[name] = _subjects(value)
        elif name == "embargo_until":
            cleaned[name] = _when(name, value)
        elif name == "dateline_date":
            cleaned[name] = _day(name, value)
        elif name == "pubstatus":
            if value not in (PubStatus.USABLE, PubStatus.WITHHELD):
                raise InvalidInput("must be 'usable' or 'withheld'", field=name)
            cleaned[name] = value
        else:
            raise InvalidInput("is not an editable field", field=name)
    return cleaned


def snapshot(item: Item) -> dict[str, Any]:
    """The editable content of an item, JSON-ready (what a revision stores)."""
    data: dict[str, Any] = {}
    for name in CONTENT_FIELDS:
        value = getattr(item, name)
        data[name] = value.isoformat() if isinstance(value, date | datetime) else value
    return data


def restore_values(snap: dict[str, Any]) -> dict[str, Any]:
    """Turn a stored snapshot back into field values (inverse of snapshot)."""
    values = {k: v for k, v in snap.items() if k in CONTENT_FIELDS}
    values["embargo_until"] = _when("embargo_until", values.get("embargo_until"))
    values["dateline_date"] = _day("dateline_date", values.get("dateline_date"))
    return values
