"""Validation against the official NewsML-G2 2.35 Power XSD (shipped, offline, loaded once)."""

from __future__ import annotations

from toasoan.formats import nitf

SCHEMA = nitf.SCHEMA_DIR / "newsml-g2" / "NewsML-G2_2.35-spec-All-Power.xsd"
_VALIDATOR = nitf.XsdValidator(SCHEMA)


def validate(data: bytes) -> None:
    """Raise FormatError (with the XPath of the first error) unless `data` is valid NewsML-G2."""
    _VALIDATOR.validate(nitf.parse_xml(data))
