"""Build the compact IPTC Media Topics file shipped in ``toasoan/vocabularies/data``.

Usage::

    python -m toasoan.vocabularies.build_mediatopics /path/to/mediatopics-2023-10-24.json

The source is the IPTC Media Topics NewsCodes export (CC BY 4.0, (c) IPTC).
Only what the application needs is kept: the bare 8-digit code, level, broader
code, retirement date, labels in a few languages and the English definition.
Retired concepts are kept (old stories may still carry them) but marked.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path
from typing import Any

QCODE_PREFIX = "medtop:"
DEFAULT_OUTPUT = Path(__file__).resolve().parent / "data" / "mediatopics.json"

# output language key -> IPTC source language key
LABEL_LANGUAGES: dict[str, str] = {
    "en": "en-GB",
    "fr": "fr",
    "de": "de",
    "es": "es",
    "zh-Hans": "zh-Hans",
}
DEFINITION_LANGUAGE = "en-GB"


def _clean(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _bare(qcode: str) -> str:
    code = qcode.removeprefix(QCODE_PREFIX)
    if len(code) != 8 or not code.isdigit():
        raise ValueError(f"unexpected Media Topic qcode: {qcode!r}")
    return code


def compact_concept(concept: dict[str, Any]) -> dict[str, Any]:
    """Reduce one IPTC concept to the fields kept in the package data."""
    pref: dict[str, str] = concept.get("prefLabel") or {}
    definitions: dict[str, str] = concept.get("definition") or {}
    labels = {key: _clean(pref[src]) for key, src in LABEL_LANGUAGES.items() if pref.get(src)}
    if "en" not in labels:
        raise ValueError(f"{concept['qcode']} has no {LABEL_LANGUAGES['en']} label")
    retired = concept.get("retired")
    broader = concept.get("broader")
    definition = definitions.get(DEFINITION_LANGUAGE)
    return {
        "code": _bare(concept["qcode"]),
        "level": int(concept["level"]),
        "broader": _bare(broader) if broader else None,
        # ISO date of retirement ("2023-03-31") or null for active concepts
        "retired": str(retired)[:10] if retired else None,
        "labels": labels,
        "definition": _clean(definition) if definition else None,
    }


def build(source: dict[str, Any]) -> dict[str, Any]:
    concepts = sorted((compact_concept(c) for c in source["concepts"]), key=lambda c: c["code"])
    codes = {c["code"] for c in concepts}
    if len(codes) != len(concepts):
        raise ValueError("duplicate Media Topic codes in source")
    for c in concepts:
        if c["broader"] is not None and c["broader"] not in codes:
            raise ValueError(f"{c['code']}: unknown broader {c['broader']}")
    return {
        "licence": "CC BY 4.0, (c) IPTC - https://iptc.org/standards/media-topics/",
        "source": source.get("title", "IPTC Media Topics"),
        "concepts": concepts,
    }


def dumps(data: dict[str, Any]) -> str:
    """Serialise with sorted keys, one concept per line (diff-friendly)."""

    def enc(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    lines = ",\n".join(enc(c) for c in data["concepts"])
    meta = ",\n".join(f"{enc(k)}:{enc(v)}" for k, v in sorted(data.items()) if k != "concepts")
    return f'{{"concepts":[\n{lines}\n],\n{meta}\n}}\n'


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="IPTC mediatopics JSON export")
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    data = build(json.loads(args.source.read_text(encoding="utf-8")))
    text = dumps(data)
    json.loads(text)  # sanity check: the hand-assembled layout is valid JSON
    args.output.write_text(text, encoding="utf-8")
    size = len(text.encode("utf-8"))
    print(f"wrote {len(data['concepts'])} concepts, {size} bytes to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
