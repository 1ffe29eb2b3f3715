"""Text analysis shared by the search backends: word tokens, folding, stems, Vietnamese compounds.

Each function is pure and deterministic; the same function is applied to documents when they
are indexed and to query terms when they are searched, so the two always agree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import cast

from toasoan.core.text import fold
from toasoan.search.segment import Segmenter

__all__ = [
    "COMPOUND_INPUT_LIMIT",
    "IndexTerms",
    "compounds_vi",
    "compounds_vi_many",
    "fold",
    "fold_text",
    "index_terms",
    "stem",
    "words",
]

# Word segmentation is a CRF over the whole input (about 12 µs a character, so a 60,000-character
# body would take most of a second). The compounds index serves recall on the headline, abstract
# and lead, which come first in the indexed text; word-level matching of the rest is unaffected.
COMPOUND_INPUT_LIMIT = 2000


@cache
def _word_pattern() -> re.Pattern[str]:
    """A letter or digit, then letters, digits and combining marks (marks without a
    precomposed form survive NFC, e.g. in Lao, Khmer or a Latin letter with stacked accents).

    Built on first use (~20 ms): `re` has no class for marks, so they are listed from
    unicodedata; all of them lie below U+1F000 or in U+E0100-U+E01EF."""
    marks: list[list[int]] = []
    for cp in (*range(0x1F000), *range(0xE0100, 0xE01F0)):
        if unicodedata.category(chr(cp))[0] == "M":
            if marks and marks[-1][1] == cp - 1:
                marks[-1][1] = cp
            else:
                marks.append([cp, cp])
    ranges = "".join(f"{chr(a)}-{chr(b)}" if b > a else chr(a) for a, b in marks)
    return re.compile(f"[^\\W_](?:[^\\W_]|[{ranges}])*")


@cache
def _marks() -> frozenset[str]:
    """The combining marks the word pattern lets into a word (see _word_pattern)."""
    return frozenset(
        chr(cp)
        for cp in (*range(0x1F000), *range(0xE0100, 0xE01F0))
        if unicodedata.category(chr(cp))[0] == "M"
    )


# Without a combining mark in the text, the word pattern is simply this (and much faster).
_PLAIN_WORD = re.compile(r"[^\W_]+")

_SURROGATE = re.compile("[\ud800-\udfff]")


class _FoldTable(dict[int, str]):
    """fold() of each character, worked out the first time the character is seen."""

    def __missing__(self, code: int) -> str:
        value = self[code] = fold(chr(code))
        return value


_FOLD_TABLE = _FoldTable()


_WORD_CACHE_LIMIT = 500_000
_folded_words: dict[str, str] = {}
_stemmed_words: dict[str, dict[str, str]] = {}


def _mapped(cache: dict[str, str], fn: Callable[[str], str], tokens: list[str]) -> list[str]:
    out: list[str | None] = list(map(cache.get, tokens))
    if None in out:
        if len(cache) > _WORD_CACHE_LIMIT:
            cache.clear()
        for i, value in enumerate(out):
            if value is None:
                out[i] = cache[tokens[i]] = fn(tokens[i])
    return cast("list[str]", out)


def fold_words(tokens: list[str]) -> list[str]:
    """[fold(t) for t in tokens], each distinct word folded once (a newsroom's vocabulary is
    small next to the words it writes)."""
    return _mapped(_folded_words, fold, tokens)


def stem_words(folded: list[str], language: str) -> list[str]:
    """[stem(w, language) for w in folded] for folded words, each distinct word stemmed once."""
    lang = _primary(language)
    cache = _stemmed_words.setdefault(lang, {})
    return _mapped(cache, lambda w: stem(w, lang), folded)


def fold_text(value: str) -> str:
    """Exactly fold(value), several times faster on long text (indexing folds whole bodies).

    fold works character by character (đ -> d, NFD, drop combining marks, casefold: marks
    dropped after NFD are the only ones canonical reordering moves, and casefold has no
    context), so a table of folded characters gives the same string.

    >>> fold_text("Điện Biên Phủ") == fold("Điện Biên Phủ")
    True
    """
    return value.translate(_FOLD_TABLE)


_STEMMER_NAMES = {"en": "english", "fr": "french"}


def words(text: str) -> list[str]:
    """NFC-normalised, case-folded word tokens with diacritics kept.

    >>> words("Bão số 14 đổ bộ Quảng Ngãi, gió giật 4.5 m/s")
    ['bão', 'số', '14', 'đổ', 'bộ', 'quảng', 'ngãi', 'gió', 'giật', '4', '5', 'm', 's']
    """
    lowered = unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())
    if lowered.isascii() or _marks().isdisjoint(lowered):
        return _PLAIN_WORD.findall(lowered)
    return _word_pattern().findall(lowered)


@cache
def _fast_segmenter() -> Segmenter | None:
    """underthesea's segmentation model run by segment.Segmenter (the same words, in batches,
    several times faster); None if this underthesea is not the one it knows."""
    return Segmenter.load()


@cache
def _segmenter() -> Callable[[str], list[str]]:
    """Word segmentation of one text: underthesea's model, loaded on first use (0.3-1 s; the
    model ships in the package, nothing is downloaded), once per process."""
    fast = _fast_segmenter()
    if fast is not None:
        return lambda value: fast.words_many([value])[0]
    from underthesea import word_tokenize

    return cast("Callable[[str], list[str]]", word_tokenize)


def _segment_many(texts: list[str]) -> list[list[str]]:
    fast = _fast_segmenter()
    if fast is not None:
        return fast.words_many(texts)
    segment = _segmenter()
    return [segment(t) for t in texts]


def _prepare_compounds(text: str) -> str:
    """The text segmentation reads: NFC, no lone surrogates, the first characters only."""
    text = unicodedata.normalize("NFC", _SURROGATE.sub(" ", text))
    if len(text) > COMPOUND_INPUT_LIMIT:
        head = text[:COMPOUND_INPUT_LIMIT].rsplit(maxsplit=1)  # do not cut a syllable in two
        text = head[0] if len(head) == 2 else text[:COMPOUND_INPUT_LIMIT]
    return text if text.strip() else ""


@lru_cache(maxsize=65536)
def _compound(word: str) -> str | None:
    """A segmented word of two or more syllables, folded, syllables joined by "_"."""
    if len(word.split()) < 2:
        return None
    syllables = words(word)
    return "_".join(fold(s) for s in syllables) if len(syllables) >= 2 else None


def _compounds_of(segmented: list[str]) -> list[str]:
    return [c for c in map(_compound, segmented) if c is not None]


def compounds_vi(text: str) -> list[str]:
    """Vietnamese words of two or more syllables, folded, syllables joined by "_".

    Only the first COMPOUND_INPUT_LIMIT characters are segmented (cut at a space).

    >>> compounds_vi("Thủ tướng Chính phủ tại Hà Nội")
    ['thu_tuong', 'chinh_phu', 'ha_noi']
    """
    text = _prepare_compounds(text)
    return _compounds_of(_segmenter()(text)) if text else []


def compounds_vi_many(texts: list[str]) -> list[list[str]]:
    """compounds_vi of each text, segmented in one batch (what indexing uses)."""
    prepared = [_prepare_compounds(t) for t in texts]
    todo = [t for t in prepared if t]
    segmented = iter(_segment_many(todo) if todo else [])
    return [_compounds_of(next(segmented)) if t else [] for t in prepared]


@cache
def _stemmer(language: str) -> Callable[[str], str] | None:
    name = _STEMMER_NAMES.get(language)
    if name is None:
        return None
    import snowballstemmer

    stemmer = snowballstemmer.stemmer(name)
    return cast("Callable[[str], str]", stemmer.stemWord)


def _primary(language: str) -> str:
    """The primary language subtag: "fr-CA" -> "fr"."""
    return language.split("-")[0].split("_")[0].lower()


@lru_cache(maxsize=65536)  # a newsroom's vocabulary repeats; the stemmers are pure Python
def stem(word: str, language: str) -> str:
    """Snowball stem of the folded word for English and French; the folded word otherwise.

    >>> stem("Élections", "fr"), stem("running", "en"), stem("Hà Nội", "vi")
    ('elect', 'run', 'ha noi')
    """
    folded = fold(word)
    stemmer = _stemmer(_primary(language))
    return stemmer(folded) if stemmer is not None else folded


@dataclass(frozen=True)
class IndexTerms:
    """Space-joined token strings, one per index column, in document order."""

    exact: str
    folded: str
    stems: str
    compounds: str


def index_terms(text: str, language: str) -> IndexTerms:
    """Everything a backend indexes for one text in one language."""
    exact = words(text)
    folded = [f for f in (fold(w) for w in exact) if f]
    lang = _primary(language)
    stems = "" if lang == "vi" else " ".join(stem(w, lang) for w in folded)
    compounds = " ".join(compounds_vi(text)) if lang == "vi" else ""
    return IndexTerms(" ".join(exact), " ".join(folded), stems, compounds)
