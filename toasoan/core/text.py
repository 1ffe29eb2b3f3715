"""Text at the boundary: incoming strings are NFC-normalised and checked for invalid code points."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from toasoan.core.errors import InvalidInput

# Lone surrogates, noncharacters, and C0 controls other than tab/newline/carriage return.
_INVALID = re.compile("[\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NEWLINE = re.compile("[\n\r]")


def clean_text(value: str, *, field: str, multiline: bool = False) -> str:
    """NFC-normalise; reject lone surrogates, noncharacters and control characters."""
    bad = _INVALID.search(value) or (None if multiline else _NEWLINE.search(value))
    if bad:
        cp = ord(bad.group())
        if 0xD800 <= cp <= 0xDFFF:
            raise InvalidInput(f"contains an unpaired surrogate (U+{cp:04X})", field=field)
        if cp >= 0xFDD0:
            raise InvalidInput(f"contains a Unicode noncharacter (U+{cp:04X})", field=field)
        raise InvalidInput(f"contains a control character (U+{cp:04X})", field=field)
    return unicodedata.normalize("NFC", value)


def clean_strings(value: Any, *, field: str) -> Any:
    """Apply clean_text to every string inside lists and dicts (for JSON fields)."""
    if isinstance(value, str):
        return clean_text(value, field=field, multiline=True)
    if isinstance(value, Mapping):
        return {
            clean_text(str(k), field=field): clean_strings(v, field=f"{field}.{k}")
            for k, v in value.items()
        }
    if isinstance(value, Sequence):
        return [clean_strings(v, field=f"{field}[{i}]") for i, v in enumerate(value)]
    return value


def fold(text: str) -> str:
    """Case- and diacritic-folded form for matching: "Điện Biên" -> "dien bien"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()
