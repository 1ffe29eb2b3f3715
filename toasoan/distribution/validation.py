"""Checking what managers send: product filters, destinations (transport, format, config)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from toasoan.accounts.models import Desk, Outlet
from toasoan.core.errors import InvalidInput
from toasoan.core.text import clean_strings, clean_text
from toasoan.distribution.models import Subscriber
from toasoan.distribution.transports import REGISTRY
from toasoan.formats.registry import OUTPUTS
from toasoan.newsroom.models import ItemType
from toasoan.vocabularies import mediatopics

SECRET_WORDS = ("secret", "password", "passphrase", "private_key", "token", "key")
PRODUCT_LISTS = ("outlet_ids", "desk_ids", "types", "languages", "subjects", "genres", "keywords")


def redact(config: Mapping[str, Any]) -> dict[str, Any]:
    """The config with secrets masked: for audit entries and API answers."""
    return {k: "***" if any(w in k.lower() for w in SECRET_WORDS) else v for k, v in config.items()}


def name(value: Any, field: str = "name") -> str:
    if not isinstance(value, str):
        raise InvalidInput("must be text", field=field)
    text = clean_text(value, field=field).strip()
    if not text:
        raise InvalidInput("is required", field=field)
    if len(text) > 200:
        raise InvalidInput("must be at most 200 characters", field=field)
    return text


def email(value: Any) -> str:
    if value in (None, ""):
        return ""
    try:
        validate_email(value)
    except (ValidationError, TypeError):
        raise InvalidInput("is not an email address", field="contact_email") from None
    return str(value)


def kind(value: Any) -> str:
    if value not in Subscriber.Kind.values:
        known = ", ".join(Subscriber.Kind.values)
        raise InvalidInput(f"must be one of: {known}", field="kind")
    return str(value)


def _strings(values: Any, field: str) -> list[str]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise InvalidInput("must be a list of strings", field=field)
    cleaned: list[str] = clean_strings(values, field=field)
    return [v.strip() for v in cleaned if v.strip()]


def _ids(values: Any, field: str, model: type[Outlet] | type[Desk]) -> list[int]:
    if not isinstance(values, list) or not all(
        isinstance(v, int) and not isinstance(v, bool) for v in values
    ):
        raise InvalidInput("must be a list of ids", field=field)
    found = set(model.objects.filter(pk__in=values).values_list("pk", flat=True))
    for i, v in enumerate(values):
        if v not in found:
            raise InvalidInput(f"no such {model.__name__.lower()}: {v}", field=f"{field}[{i}]")
    return sorted(set(values))


def product_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    """Clean the filter fields present in `data` (a partial update sends only some)."""
    out: dict[str, Any] = {}
    if "outlet_ids" in data:
        out["outlet_ids"] = _ids(data["outlet_ids"], "outlet_ids", Outlet)
    if "desk_ids" in data:
        out["desk_ids"] = _ids(data["desk_ids"], "desk_ids", Desk)
    if "types" in data:
        out["types"] = _strings(data["types"], "types")
        for i, t in enumerate(out["types"]):
            if t not in ItemType.values:
                known = ", ".join(ItemType.values)
                raise InvalidInput(f"unknown type {t!r} (known: {known})", field=f"types[{i}]")
    for field in ("languages", "genres", "keywords"):
        if field in data:
            out[field] = _strings(data[field], field)
    if "subjects" in data:
        codes = []
        for i, code in enumerate(_strings(data["subjects"], "subjects")):
            try:
                codes.append(mediatopics.normalise(code))
            except mediatopics.UnknownTopic as exc:
                raise InvalidInput(str(exc), field=f"subjects[{i}]") from None
        out["subjects"] = codes
    for field in ("urgency_min", "urgency_max"):
        if field in data:
            value = data[field]
            if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 9:
                raise InvalidInput("must be a whole number from 1 to 9", field=field)
            out[field] = value
    if "mode" in data:
        if data["mode"] not in ("permit", "block"):
            raise InvalidInput("must be 'permit' or 'block'", field="mode")
        out["mode"] = data["mode"]
    return out


def output_format(value: Any) -> str:
    if value not in OUTPUTS:
        raise InvalidInput(f"unknown format (known: {', '.join(sorted(OUTPUTS))})",
                           field="format")  # fmt: skip
    return str(value)


def transport(value: Any) -> str:
    if value not in REGISTRY:
        raise InvalidInput(f"unknown transport (known: {', '.join(sorted(REGISTRY))})",
                           field="transport")  # fmt: skip
    return str(value)


def config(transport_name: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InvalidInput("must be an object", field="config")
    cleaned: dict[str, Any] = clean_strings(value, field="config")
    REGISTRY[transport_name].check_config(cleaned)
    return cleaned
