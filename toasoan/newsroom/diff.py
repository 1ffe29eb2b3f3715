"""Word-level differences between two revisions of an item."""

from __future__ import annotations

import difflib
import re
from typing import Any

from toasoan.core.html import to_text

_TOKEN = re.compile(r"\w+|[^\w\s]+|\s+")


def _tokens(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        value = " · ".join(str(v) for v in value)
    return _TOKEN.findall(str(value))


def _spans(a: list[str], b: list[str]) -> list[tuple[bool, int, int, int, int]]:
    """(changed, i1, i2, j1, j2) runs; changes separated only by white space are joined."""
    codes = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    spans: list[tuple[bool, int, int, int, int]] = []
    for n, (tag, i1, i2, j1, j2) in enumerate(codes):
        changed = tag != "equal"
        between_changes = 0 < n < len(codes) - 1 and not "".join(a[i1:i2]).strip()
        if not changed and between_changes:
            changed = True
        if spans and changed and spans[-1][0]:
            _, p1, _, q1, _ = spans[-1]
            spans[-1] = (True, p1, i2, q1, j2)
        else:
            spans.append((changed, i1, i2, j1, j2))
    return spans


def diff_words(old: Any, new: Any) -> list[dict[str, str]]:
    """Operations turning old into new: equal, delete and insert runs of words."""
    a, b = _tokens(old), _tokens(new)
    ops: list[dict[str, str]] = []
    for changed, i1, i2, j1, j2 in _spans(a, b):
        if not changed:
            ops.append({"op": "equal", "text": "".join(a[i1:i2])})
            continue
        if i2 > i1:
            ops.append({"op": "delete", "text": "".join(a[i1:i2])})
        if j2 > j1:
            ops.append({"op": "insert", "text": "".join(b[j1:j2])})
    return ops


def diff_snapshots(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[dict[str, str]]]:
    """Per changed field, the word diff (body compared as text, without markup)."""
    result = {}
    for name in sorted(set(old) | set(new)):
        a, b = old.get(name), new.get(name)
        if a == b:
            continue
        if name == "body_html":
            a, b = to_text(a or ""), to_text(b or "")
        result[name] = diff_words(a, b)
    return result
