"""Validation against the official IPTC ninjs JSON Schemas shipped in formats/schemas/ninjs.

Runs offline: the GeoJSON schema that 2.x/3.x reference by URL is registered locally, nothing is
fetched. Formats are asserted, not just annotated: `date-time` must be RFC 3339 and `uri` an
absolute URI (scheme, no spaces or non-ASCII, well-formed %-escapes).
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from functools import cache
from importlib.resources import files
from typing import Any

from jsonschema import Draft7Validator, Draft202012Validator, FormatChecker
from jsonschema.exceptions import best_match
from jsonschema.protocols import Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from toasoan.formats.model import FormatError

SCHEMAS = {
    "1.6": "ninjs-schema_1.6.json",
    "2.1": "ninjs-schema_2.1.json",
    "2.2": "ninjs-schema_2.2.json",
    "3.1": "ninjs-schema_3.1.json",
}
GEOJSON_ID = "https://geojson.org/schema/GeoJSON.json"
_RFC3339 = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})"
)
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:(?:[!#$&-;=?-\[\]_a-z~]|%[0-9A-Fa-f]{2})*")
_FORMATS = FormatChecker(formats=())


@_FORMATS.checks("date-time")
def _is_datetime(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _RFC3339.fullmatch(value):
        return False
    try:
        datetime.fromisoformat(value.upper())
    except ValueError:
        return False
    return True


@_FORMATS.checks("uri")
def _is_uri(value: object) -> bool:
    return not isinstance(value, str) or _URI.fullmatch(value) is not None


def _schema(name: str) -> Any:
    resource = files("toasoan.formats") / "schemas" / "ninjs" / name
    return json.loads(resource.read_text(encoding="utf-8"))


@cache
def _validator(version: str) -> Validator:
    geojson = Resource.from_contents(_schema("GeoJSON-schema.json"), DRAFT202012)
    registry: Registry[Any] = Registry().with_resource(GEOJSON_ID, geojson)
    cls = Draft7Validator if version.startswith("1.") else Draft202012Validator
    return cls(_schema(SCHEMAS[version]), registry=registry, format_checker=_FORMATS)


def validate(doc: dict[str, Any], version: str) -> None:
    """Check `doc` against the official ninjs `version` schema ("1.6", "2.1", "2.2" or "3.1").

    Raises FormatError whose `path` is the JSON pointer of the most relevant error; for a property
    the schema does not allow, the pointer names that property."""
    if version not in SCHEMAS:
        raise ValueError(f"no ninjs {version!r} schema (one of {', '.join(SCHEMAS)})")
    error = best_match(_validator(version).iter_errors(doc))
    if error is None:
        return
    parts = [str(p) for p in error.absolute_path]
    if error.validator in ("additionalProperties", "unevaluatedProperties") and isinstance(
        error.instance, dict
    ):
        extra = next((k for k in error.instance if repr(k) in error.message), None)
        if extra is not None:
            parts.append(extra)
    path = "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in parts)
    message = error.message if len(error.message) <= 200 else error.message[:197] + "..."
    raise FormatError(f"not valid ninjs {version}: {message}", path)
