"""Highlighted snippets, made the same way for both backends from the item's own text."""

from __future__ import annotations

import re
from html import escape

from toasoan.search import text

WINDOW = 160
# characters folded at a time while looking for the first match (the last piece: the rest)
PIECES = (500, 2000, 1 << 62)
_SPACE = re.compile(r"\s+")


class _OneCharFold(dict[int, str]):
    """Each character folded, or lower-cased where folding would change the length."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        f = text.fold(ch)
        value = self[code] = f if len(f) == 1 else ch.lower()
        return value


_ONE_CHAR_FOLD = _OneCharFold()


def _folded_chars(value: str) -> str:
    """Fold character by character, keeping one character per character (offsets stay valid).

    str.translate with a table filled as characters are first seen: the same string as
    folding each character in turn, in a fraction of the time (a body is thousands of them)."""
    return value.translate(_ONE_CHAR_FOLD)


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # what \w matches


def _spans(value: str, tokens: list[str], prefixes: list[str]) -> list[tuple[int, int]]:
    folded = _folded_chars(value)
    spans = []
    for tok in tokens:
        spans += [m.span() for m in re.finditer(rf"(?<!\w){re.escape(tok)}(?!\w)", folded)]
    for pre in prefixes:
        spans += [m.span() for m in re.finditer(rf"(?<!\w){re.escape(pre)}\w*", folded)]
    return sorted(spans)


def _first_start(folded: str, tokens: list[str], prefixes: list[str]) -> int | None:
    """Where the first matching word of folded text starts: str.find and a look at the
    characters around (a regex with look-behind tries every position of a long body)."""
    first: int | None = None
    for word, whole in [*((t, True) for t in tokens), *((p, False) for p in prefixes)]:
        if not word:
            continue
        at = folded.find(word)
        while at >= 0 and (first is None or at < first):
            end = at + len(word)
            if (at == 0 or not _is_word(folded[at - 1])) and (
                not whole or end == len(folded) or not _is_word(folded[end])
            ):
                first = at
                break
            at = folded.find(word, at + 1)
    return first


def highlight(value: str, tokens: list[str], prefixes: list[str] | None = None) -> str:
    """HTML-escaped text with <mark> around every matching word."""
    out, last = [], 0
    for start, end in _spans(value, tokens, prefixes or []):
        if start < last:
            continue
        out += [escape(value[last:start]), "<mark>", escape(value[start:end]), "</mark>"]
        last = end
    out.append(escape(value[last:]))
    return "".join(out)


def _first_match(body: str, tokens: list[str], prefixes: list[str]) -> int | None:
    """Where the first matching word of the body starts. Most matches are near the start:
    the body is folded piece by piece (cut before a space, so that no word is cut), and the
    rest only while nothing matched (folding is most of a snippet's time)."""
    folded, done = "", 0
    for size in PIECES:
        cut = body.find(" ", done + size) if done + size < len(body) else -1
        end = cut if cut > 0 else len(body)
        folded += _folded_chars(body[done:end])
        done = end
        found = _first_start(folded, tokens, prefixes)
        if found is not None or done >= len(body):
            return found
    return None


def snippet(body: str, tokens: list[str], prefixes: list[str] | None = None) -> str:
    """A window of the body around the first match (or its start), highlighted; runs of
    white space in it shown as one space."""
    found = _first_match(body, tokens, prefixes or [])
    start = max(0, found - WINDOW // 3) if found is not None else 0
    if start:
        space = body.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    end = min(len(body), start + WINDOW)
    piece = _SPACE.sub(" ", body[start:end]).strip()
    return (
        ("…" if start else "")
        + highlight(piece, tokens, prefixes)
        + ("…" if end < len(body) else "")
    )
