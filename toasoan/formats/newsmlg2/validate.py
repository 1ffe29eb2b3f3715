"""Validation against the official NewsML-G2 2.35 Power XSD (shipped, offline, loaded once)."""

from __future__ import annotations

from toasoan.formats.xmlsafe import parse_xml
from toasoan.formats.xsd import SCHEMA_DIR, XsdValidator

SCHEMA = SCHEMA_DIR / "newsml-g2" / "NewsML-G2_2.35-spec-All-Power.xsd"
_VALIDATOR = XsdValidator(SCHEMA)


def validate(data: bytes) -> None:
    """Raise FormatError (with the XPath of the first error) unless `data` is valid NewsML-G2."""
    _VALIDATOR.validate(parse_xml(data))
