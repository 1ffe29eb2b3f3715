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

__all__ = [
    "COMPOUND_INPUT_LIMIT",
    "IndexTerms",
    "compounds_vi",
    "fold",
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


_SURROGATE = re.compile("[\ud800-\udfff]")

_STEMMER_NAMES = {"en": "english", "fr": "french"}


def words(text: str) -> list[str]:
    """NFC-normalised, case-folded word tokens with diacritics kept.

    >>> words("Bão số 14 đổ bộ Quảng Ngãi, gió giật 4.5 m/s")
    ['bão', 'số', '14', 'đổ', 'bộ', 'quảng', 'ngãi', 'gió', 'giật', '4', '5', 'm', 's']
    """
    lowered = unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())
    return _word_pattern().findall(lowered)


@cache
def _segmenter() -> Callable[[str], list[str]]:
    """underthesea's word segmenter, imported on first use: the import takes 0.3-0.6 s and its
    CRF model (shipped in the package, nothing is downloaded) loads on the first call in
    0.2-2 s (warm or cold disk); both happen once per process."""
    from underthesea import word_tokenize

    return cast("Callable[[str], list[str]]", word_tokenize)


def compounds_vi(text: str) -> list[str]:
    """Vietnamese words of two or more syllables, folded, syllables joined by "_".

    Only the first COMPOUND_INPUT_LIMIT characters are segmented (cut at a space).

    >>> compounds_vi("Thủ tướng Chính phủ tại Hà Nội")
    ['thu_tuong', 'chinh_phu', 'ha_noi']
    """
    text = unicodedata.normalize("NFC", _SURROGATE.sub(" ", text))
    if len(text) > COMPOUND_INPUT_LIMIT:
        head = text[:COMPOUND_INPUT_LIMIT].rsplit(maxsplit=1)  # do not cut a syllable in two
        text = head[0] if len(head) == 2 else text[:COMPOUND_INPUT_LIMIT]
    if not text.strip():
        return []
    found: list[str] = []
    for word in _segmenter()(text):
        if len(word.split()) < 2:
            continue
        syllables = words(word)
        if len(syllables) >= 2:
            found.append("_".join(fold(s) for s in syllables))
    return found


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
