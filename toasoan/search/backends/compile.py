"""Query AST -> the tokens each backend matches: folded words, stems, subject codes."""

from __future__ import annotations

from dataclasses import dataclass

from toasoan.search import text
from toasoan.search.query import Term
from toasoan.vocabularies import mediatopics

STEM_LANGUAGES = ("en", "fr")


@dataclass(frozen=True)
class TermTokens:
    tokens: tuple[str, ...]  # folded words, in order
    stems: tuple[str, ...]  # alternative stems of a single word (en, fr), if they differ
    field: str | None
    phrase: bool
    prefix: bool


def term_tokens(term: Term) -> TermTokens:
    if term.field == "subject":
        raw = term.text.strip()
        if mediatopics.is_known(raw):
            code = mediatopics.normalise(raw)
            return TermTokens((code,), (), "subject", False, False)
    tokens = tuple(text.fold(w) for w in text.words(term.text))
    stems: tuple[str, ...] = ()
    if len(tokens) == 1 and not term.prefix and term.field in (None, "body", "headline"):
        # in a field, the word itself is looked up among the stems too ("export" finds
        # "exports"); without one, the match already reads every column, the stems included
        stems = tuple(
            dict.fromkeys(
                s
                for s in (text.stem(tokens[0], lang) for lang in STEM_LANGUAGES)
                if s and (s != tokens[0] or term.field is not None)
            )
        )
    return TermTokens(tokens, stems, term.field, term.phrase or len(tokens) > 1, term.prefix)
