"""Vietnamese word segmentation for indexing: underthesea's model, run in batches in pure Python.

underthesea's `word_tokenize` is a CRF over regex tokens. Its Rust featurizer builds 43 feature
strings per token as Python objects and its tagger parses them back, about 20 µs a token, most
of the time of indexing a Vietnamese item. This module gives the same answer, faster:

- the same regex tokens and token normalisation (underthesea's own patterns and tables);
- the same 43 features per token, looked up per feature template in dictionaries built once
  from the model file (CRFsuite format) instead of being spelled out as strings;
- the emission score of a token is the sum of its features' weights in template order, like the
  Rust tagger (same additions in the same order, so the same floating-point result), then the
  same Viterbi decoding (ties go to the first label, as there);
- many texts are scored in one pass: per template, one `map` over every token of the batch.

`Segmenter.load()` returns None when underthesea's files are not as expected (another version);
text.py then falls back to `underthesea.word_tokenize`. tests/search/test_search_segment.py
checks that both agree.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import operator
import re
import struct
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from functools import reduce
from itertools import repeat
from pathlib import Path
from typing import Any

_TEMPLATE = re.compile(r"T\[(-?\d+)(?:,(-?\d+))?\](?:\.(lower|isdigit|istitle|is_in_dict))?\Z")
_INT32 = re.compile(r"[+-]?[0-9]+\Z")
_TH_SPACE = re.compile(r"Th[^\S\n][Ss]")
# sha256 of underthesea 9.5's combined tokenizer pattern (see _Tokenizer)
_CHECKED_PATTERNS = "ed7f6df4bba1133b1fd2baf02d612b7ef6912f0460f7a8166bd6b4aa8f072d25"
_CACHE_LIMIT = 200_000
MODEL_NAME = "ws_crf_vlsp2013_20230727"

# sum() adds floats left to right up to Python 3.11; 3.12 made it compensated, which could
# round differently from the Rust tagger. Use it only where it is the plain left fold.
_PLAIN_SUM = sum([1.0, 1e100, 1.0, -1e100]) == 0.0


def _fold_sum(values: tuple[float, ...]) -> float:
    return reduce(operator.add, values, 0.0)


_row_sum: Callable[[tuple[float, ...]], float] = sum if _PLAIN_SUM else _fold_sum


def _read_crfsuite(path: Path) -> tuple[list[str], list[str], dict[tuple[int, int], float], list]:
    """Labels, attributes, state weights {(attr, label): w} and transitions of a CRFsuite file,
    read as underthesea_core reads it (weights of magnitude <= 1e-10 are dropped there)."""
    data = path.read_bytes()
    magic, _, kind, _, _, n_labels, n_attrs, off_feat, off_labels, off_attrs = struct.unpack_from(
        "<4sI4sIIIIIII", data, 0
    )
    if magic != b"lCRF" or kind != b"FOMC":
        raise ValueError("not a CRFsuite 1d model")

    def strings(offset: int, count: int) -> list[str]:
        chunk, _, _, _, bwd_size, bwd_offset = struct.unpack_from("<4sIIIII", data, offset)
        if chunk != b"CQDB":
            raise ValueError("bad string table")
        out: list[str] = []
        seen: set[str] = set()
        for i in range(min(count, bwd_size)):
            (entry,) = struct.unpack_from("<I", data, offset + bwd_offset + 4 * i)
            if entry == 0:
                continue
            _, size = struct.unpack_from("<II", data, offset + entry)
            raw = data[offset + entry + 8 : offset + entry + 8 + size].split(b"\0", 1)[0]
            text = raw.decode("utf-8", "replace")
            if text not in seen:  # ids are given in first-seen order
                seen.add(text)
                out.append(text)
        return out

    labels = strings(off_labels, n_labels)
    attrs = strings(off_attrs, n_attrs)
    chunk, _, count = struct.unpack_from("<4sII", data, off_feat)
    if chunk != b"FEAT":
        raise ValueError("bad feature table")
    state: dict[tuple[int, int], float] = {}
    trans = [[0.0] * len(labels) for _ in labels]
    for kind_, src, dst, weight in struct.iter_unpack("<IIId", data[off_feat + 12 :][: count * 20]):
        if kind_ == 0:
            if abs(weight) > 1e-10:
                state[(src, dst)] = weight
            else:
                state.pop((src, dst), None)
        elif kind_ == 1 and src < len(labels) and dst < len(labels):
            trans[src][dst] = weight
    return labels, attrs, state, trans


def _istitle(text: str) -> str:
    """As underthesea_core: every space-separated word starts with a character that
    upper-casing leaves unchanged (so digits and punctuation count as title case)."""
    return "True" if all(w[:1].upper() == w[:1] for w in text.split(" ")) else "False"


def _isdigit(text: str) -> str:
    """As underthesea_core: the text parses as a 32-bit signed integer."""
    if _INT32.match(text) is None:
        return "False"
    return "True" if -(2**31) <= int(text) < 2**31 else "False"


class _Tokenizer:
    """underthesea's regex tokenizer with token normalisation, results of the per-token part
    cached (the same few thousand tokens make up most text)."""

    def __init__(self) -> None:
        from underthesea.pipeline.text_normalize.character_normalize import character_map
        from underthesea.pipeline.word_tokenize import regex_tokenize as rt

        self.pattern = rt.patterns
        self.extract = rt.extract_match
        self.character_map = dict(character_map)
        self.token_normalize = rt.token_normalize
        self.whole_match = self._alternatives_are_groups(rt.regex_patterns, rt.patterns.flags)
        self.cache: dict[str, str] = {}
        # Whitespace-separated chunks tokenize on their own (and are cached) when the patterns
        # are the ones checked for it: no token spans whitespace except "Th.S"/"Th.s" (their
        # "." is any character; such text is tokenized whole), and no pattern looks more than
        # one character before or after a token (a chunk is read with one space after it).
        digest = hashlib.sha256(rt.patterns.pattern.encode()).hexdigest()
        self.by_chunk = self.whole_match and digest == _CHECKED_PATTERNS and rt.patterns.flags == 96
        self.chunk_cache: dict[str, list[str]] = {}

    @staticmethod
    def _alternatives_are_groups(alternatives: Sequence[str], flags: int) -> bool:
        """True when each alternative is one named group: the match then is that group, and
        `extract_match` (first group that took part) can be read as the whole match."""
        try:
            from re import _parser  # type: ignore[attr-defined]

            for alternative in alternatives:
                parsed = _parser.parse(alternative, flags)
                if len(parsed.data) != 1 or parsed.data[0][0] is not _parser.SUBPATTERN:
                    return False
                if parsed.data[0][1][0] is None:
                    return False
            return True
        except Exception:
            return False

    def normalize_text(self, text: str) -> str:
        text = unicodedata.normalize("NFC", text)
        for bad, good in self.character_map.items():
            text = text.replace(bad, good)
        return text

    def __call__(self, text: str) -> list[str]:
        text = self.normalize_text(text)
        if not self.by_chunk or _TH_SPACE.search(text):
            return self._tokens(text)
        chunks = text.split()
        if not chunks:
            return []
        cache = self.chunk_cache
        out: list[str] = []
        for chunk in chunks[:-1]:
            tokens = cache.get(chunk)
            if tokens is None:
                if len(cache) > _CACHE_LIMIT:
                    cache.clear()
                # followed by whitespace: what the patterns' one-character lookaheads see
                tokens = cache[chunk] = self._tokens(chunk + " ")
            out += tokens
        out += self._tokens(text[text.rindex(chunks[-1]) :])  # the end of the text, as it is
        return out

    def _tokens(self, text: str) -> list[str]:
        if self.whole_match:
            raw = [m.group() for m in self.pattern.finditer(text)]
        else:
            raw = [self.extract(m)[0] for m in self.pattern.finditer(text)]
        cache = self.cache
        out = []
        for token in raw:
            norm = cache.get(token)
            if norm is None:
                if len(cache) > _CACHE_LIMIT:
                    cache.clear()
                norm = cache[token] = self.token_normalize(token)
            out.append(norm)
        return out


class Segmenter:
    """underthesea's word segmenter (model ws_crf_vlsp2013), batch by batch."""

    BOS, EOS = "BOS", "EOS"

    def __init__(self, model_dir: Path, templates: list[str], dictionary: set[str]):
        labels, attrs, state, trans = _read_crfsuite(model_dir / "models.bin")
        self.labels = labels
        self.trans = trans
        self.dictionary = frozenset(dictionary)
        self.tokenize = _Tokenizer()
        self.templates: list[tuple[int, int, str | None]] = []
        for name in templates:
            m = _TEMPLATE.match(name)
            if m is None:
                raise ValueError(f"unsupported feature template {name!r}")
            start = int(m.group(1))
            end = int(m.group(2)) if m.group(2) is not None else start
            if end < start:
                raise ValueError(f"unsupported feature template {name!r}")
            self.templates.append((start, end, m.group(3)))
        self.pad = max(max(abs(s), abs(e)) for s, e, _ in self.templates)
        # per template and label: feature value -> weight
        index = {name: i for i, name in enumerate(templates)}
        n_labels = len(labels)
        self.weights: list[list[dict[str, float]]] = [
            [{} for _ in range(n_labels)] for _ in templates
        ]
        for (attr_id, label_id), weight in state.items():
            if attr_id >= len(attrs) or label_id >= n_labels:
                continue
            name, sep, value = attrs[attr_id].partition("=")
            k = index.get(name)
            if sep and k is not None:
                self.weights[k][label_id][value] = weight
        self._title: dict[str, str] = {}
        self._digit: dict[str, str] = {}
        # the fast path: templates grouped by n-gram length, then by start offset
        self.by_length: dict[int, list[tuple[int, list[tuple[str | None, list]]]]] = {}
        for (start, end, fn), weights in zip(self.templates, self.weights, strict=True):
            groups = self.by_length.setdefault(end - start + 1, [])
            for offset, members in groups:
                if offset == start:
                    members.append((fn, weights))
                    break
            else:
                groups.append((start, [(fn, weights)]))
        self.gram_cache: dict[int, dict[str, tuple[float, ...]]] = {n: {} for n in self.by_length}
        self._prepare_fast()
        self.max_weight = max((abs(w) for w in state.values()), default=0.0)
        self.max_transition = max((abs(w) for row in trans for w in row), default=0.0)

    @classmethod
    def load(cls) -> Segmenter | None:
        try:
            import joblib
            import underthesea.pipeline.word_tokenize as wt

            model_dir = Path(wt.__file__).parent / "models" / MODEL_NAME
            templates = list(joblib.load(model_dir / "features.bin"))
            dictionary = set(joblib.load(model_dir / "dictionary.bin"))
            return cls(model_dir, templates, dictionary)
        except Exception:
            return None

    # --- exact scoring: each feature's weight added in template order, as the tagger does -------

    def _derived(self, flat: list[str], length: int, fn: str | None) -> list[str]:
        """Feature values of the `length`-token n-gram starting at each position of `flat`."""
        grams = _ngrams(flat, length)
        if fn is None:
            return grams
        if fn == "lower":
            return list(map(str.lower, grams))
        if fn == "is_in_dict":
            contains = self.dictionary.__contains__
            return ["True" if hit else "False" for hit in map(contains, map(str.lower, grams))]
        if fn == "istitle":
            return _cached(self._title, _istitle, grams)
        return _cached(self._digit, _isdigit, grams)

    def _exact_emissions(self, flat: list[str], spans: list[tuple[int, int]]) -> list[list[float]]:
        """Per label, the emission score at every position of `flat` (sentinels included)."""
        pad, total = self.pad, len(flat)
        derived: dict[tuple[int, str | None], list[str]] = {}
        columns: list[list[list[float]]] = [[] for _ in self.labels]
        for (start, end, fn), weights in zip(self.templates, self.weights, strict=True):
            length = end - start + 1
            values = derived.get((length, fn))
            if values is None:
                values = self._derived(flat, length, fn)
                for a, n in spans:  # n-grams that reach outside their sentence
                    values[a - pad : a] = [self.BOS] * pad
                    first_eos = max(a, a + n - length + 1)
                    values[first_eos : a + n + pad] = [self.EOS] * (a + n + pad - first_eos)
                derived[(length, fn)] = values
            shifted = _shift(values, start, total, self.BOS, self.EOS)
            for label, table in enumerate(weights):
                columns[label].append(list(map(table.get, shifted, repeat(0.0))))
        return [list(map(_row_sum, zip(*cols, strict=True))) for cols in columns]

    # --- fast scoring: per n-gram, its features' weights summed once and cached ----------------

    def _prepare_fast(self) -> None:
        """Per n-gram length: what each feature value adds, per (start offset, label) slot;
        the yes/no features (is_in_dict, istitle, isdigit) summed ahead for every combination."""
        n_labels = len(self.labels)
        self.fast: dict[int, dict[str, Any]] = {}
        for length, groups in self.by_length.items():
            size = len(groups) * n_labels
            tables: dict[str | None, dict[str, list[float]]] = {}
            for k, (_, members) in enumerate(groups):
                for fn, weights in members:
                    table = tables.setdefault(fn, {})
                    for label, by_value in enumerate(weights):
                        for value, weight in by_value.items():
                            vec = table.setdefault(value, [0.0] * size)
                            vec[k * n_labels + label] += weight
            flags = [fn for fn in tables if fn in _FLAGS]
            markers = {}
            for marker, value in ((_BOS_MARK, self.BOS), (_EOS_MARK, self.EOS)):
                markers[marker] = _vector_sum([t.get(value) for t in tables.values()], size)
            combos = {
                values: _vector_sum(
                    [tables[fn].get(v) for fn, v in zip(flags, values, strict=True)], size
                )
                for values in itertools.product(("True", "False"), repeat=len(flags))
            }
            self.fast[length] = {
                "raw": tables.get(None, {}),
                "lower": tables.get("lower", {}),
                "flags": flags,
                "combos": combos,
                "markers": markers,
            }

    def _gram_scores(self, length: int, gram: str) -> tuple[float, ...]:
        """What an n-gram adds to the positions it is seen from: per start offset and label."""
        spec = self.fast[length]
        marker = spec["markers"].get(gram)
        if marker is not None:
            return marker  # type: ignore[no-any-return]
        lowered = gram.lower()
        values = []
        for fn in spec["flags"]:
            if fn == "is_in_dict":
                values.append("True" if lowered in self.dictionary else "False")
            elif fn == "istitle":
                values.append(self._title.get(gram) or _istitle(gram))
            else:
                values.append(_isdigit(gram))
        base = spec["combos"][tuple(values)]
        raw = spec["raw"].get(gram)
        low = spec["lower"].get(lowered)
        if raw is None and low is None:
            return base  # type: ignore[no-any-return]
        return _vector_sum([base, raw, low], len(base))

    def _fast_emissions(self, flat: list[str], spans: list[tuple[int, int]]) -> list[list[float]]:
        pad, total = self.pad, len(flat)
        n_labels = len(self.labels)
        columns: list[list[list[float]]] = [[] for _ in self.labels]
        for length, offsets in self.by_length.items():
            grams = _ngrams(flat, length)
            for a, n in spans:
                grams[a - pad : a] = [_BOS_MARK] * pad
                first_eos = max(a, a + n - length + 1)
                grams[first_eos : a + n + pad] = [_EOS_MARK] * (a + n + pad - first_eos)
            cache = self.gram_cache[length]
            scores = list(map(cache.get, grams))
            if None in scores:
                if len(cache) > _CACHE_LIMIT:
                    cache.clear()
                for i, value in enumerate(scores):
                    if value is None:
                        gram = grams[i]
                        value = cache.get(gram)
                        if value is None:
                            value = cache[gram] = self._gram_scores(length, gram)
                        scores[i] = value
            zero = (0.0,) * (len(offsets) * n_labels)
            for k, (start, _) in enumerate(offsets):
                shifted = _shift(scores, start, total, zero, zero)
                for label in range(n_labels):
                    columns[label].append(
                        list(map(operator.itemgetter(k * n_labels + label), shifted))
                    )
        return [list(map(sum, zip(*cols, strict=True))) for cols in columns]

    def _tolerance(self, n: int) -> float:
        """More than the rounding by which fast and exact scores of an n-token sentence can differ.

        An emission is a sum of at most T weights of size <= W: either order of addition is
        within T·u·T·W of the exact sum (u = 2^-53); a Viterbi score adds n emissions and
        transitions and stays below n·(T·W + R). Ten times the sum of those bounds, doubled for
        the two sides of a comparison."""
        u = 2.0**-53
        t, w, r = len(self.templates), self.max_weight, self.max_transition
        emission_error = t * u * t * w
        score_size = n * (t * w + r)
        return 20.0 * n * (emission_error + 4 * u * score_size) + 1e-12

    def _viterbi(
        self, emissions: list[list[float]], a: int, n: int, tolerance: float | None = None
    ) -> list[int] | None:
        """Best label path of positions a..a+n-1; None when `tolerance` is given and a choice
        was closer than that (the caller then rescores exactly)."""
        if len(self.labels) == 2:
            return self._viterbi2(emissions, a, n, tolerance)
        labels = range(len(self.labels))
        trans = self.trans
        score = [emissions[y][a] for y in labels]
        back: list[list[int]] = []
        for q in range(a + 1, a + n):
            new_score = []
            pointers = []
            for y in labels:
                best, second, best_prev = -math.inf, -math.inf, 0
                for y_prev in labels:
                    s = score[y_prev] + trans[y_prev][y]
                    if s > best:
                        best, second, best_prev = s, best, y_prev
                    elif s > second:
                        second = s
                if tolerance is not None and best - second <= tolerance:
                    return None
                new_score.append(best + emissions[y][q])
                pointers.append(best_prev)
            score = new_score
            back.append(pointers)
        best, second, last = -math.inf, -math.inf, 0
        for y in labels:
            if score[y] > best:
                best, second, last = score[y], best, y
            elif score[y] > second:
                second = score[y]
        if tolerance is not None and best - second <= tolerance:
            return None
        path = [last]
        for pointers in reversed(back):
            last = pointers[last]
            path.append(last)
        path.reverse()
        return path

    def _viterbi2(
        self, emissions: list[list[float]], a: int, n: int, tolerance: float | None
    ) -> list[int] | None:
        """_viterbi for two labels, unrolled (the same additions and comparisons)."""
        (t00, t01), (t10, t11) = self.trans
        e0, e1 = emissions
        tol = -1.0 if tolerance is None else tolerance
        s0, s1 = e0[a], e1[a]
        back: list[tuple[int, int]] = []
        for q in range(a + 1, a + n):
            x0, x1 = s0 + t00, s1 + t10  # into label 0 from 0, from 1
            y0, y1 = s0 + t01, s1 + t11  # into label 1
            if abs(x0 - x1) <= tol or abs(y0 - y1) <= tol:
                return None
            p0 = 1 if x1 > x0 else 0
            p1 = 1 if y1 > y0 else 0
            s0 = (x1 if p0 else x0) + e0[q]
            s1 = (y1 if p1 else y0) + e1[q]
            back.append((p0, p1))
        if abs(s0 - s1) <= tol:
            return None
        last = 1 if s1 > s0 else 0
        path = [last]
        for pointers in reversed(back):
            last = pointers[last]
            path.append(last)
        path.reverse()
        return path

    # --- public --------------------------------------------------------------------------------

    def _layout(self, sentences: list[list[str]]) -> tuple[list[str], list[tuple[int, int]]]:
        pad = self.pad
        flat: list[str] = []
        spans: list[tuple[int, int]] = []
        for tokens in sentences:
            flat += [self.BOS] * pad
            spans.append((len(flat), len(tokens)))
            flat += tokens
            flat += [self.EOS] * pad
        return flat, spans

    def tag_many(self, sentences: list[list[str]], *, exact: bool = False) -> list[list[str]]:
        """The label (B-W / I-W) of every token of every sentence.

        Scores come from the cached n-gram sums; a sentence where any Viterbi choice is closer
        than the possible rounding difference is scored again in template order, so the labels
        are those of underthesea's tagger either way."""
        todo = [s for s in sentences if s]
        paths: list[list[int] | None] = []
        if todo:
            flat, spans = self._layout(todo)
            if exact:
                emissions = self._exact_emissions(flat, spans)
                paths = [self._viterbi(emissions, a, n) for a, n in spans]
            else:
                emissions = self._fast_emissions(flat, spans)
                paths = [self._viterbi(emissions, a, n, self._tolerance(n)) for a, n in spans]
                unsure = [i for i, p in enumerate(paths) if p is None]
                if unsure:
                    again = self.tag_many([todo[i] for i in unsure], exact=True)
                    ids = {name: i for i, name in enumerate(self.labels)}
                    for i, tags in zip(unsure, again, strict=True):
                        paths[i] = [ids[t] for t in tags]
        decoded = iter(paths)
        names = self.labels
        out = []
        for s in sentences:
            path = next(decoded) if s else []
            assert path is not None
            out.append([names[y] for y in path])
        return out

    def words_many(self, texts: Iterable[str], *, exact: bool = False) -> list[list[str]]:
        """`underthesea.word_tokenize(text)` for each text: words, syllables joined by spaces."""
        token_lists = [self.tokenize(t) for t in texts]
        out = []
        tagged = self.tag_many(token_lists, exact=exact)
        for tokens, tags in zip(token_lists, tagged, strict=True):
            words: list[str] = []
            for tag, token in zip(tags, tokens, strict=True):
                if tag == "I-W" and words:
                    words[-1] = words[-1] + " " + token
                else:
                    words.append(token)
            out.append(words)
        return out


_BOS_MARK, _EOS_MARK = "\x00BOS", "\x00EOS"  # no token has a NUL next to letters


_FLAGS = ("is_in_dict", "istitle", "isdigit")


def _vector_sum(vectors: list[Sequence[float] | None], size: int) -> tuple[float, ...]:
    total = [0.0] * size
    for vec in vectors:
        if vec is not None:
            for i, value in enumerate(vec):
                total[i] += value
    return tuple(total)


def _ngrams(flat: list[str], length: int) -> list[str]:
    """The n-gram (tokens joined by a space) starting at each position; "" past the end."""
    if length == 1:
        return list(flat)
    grams = flat[: len(flat) - length + 1]
    for k in range(1, length):
        grams = list(map(operator.add, map(operator.add, grams, repeat(" ")), flat[k:]))
    return grams + [""] * (length - 1)


def _shift(values: list[Any], start: int, total: int, before: Any, after: Any) -> list[Any]:
    """values[q + start] for each position q (the filler where that is outside)."""
    if start >= 0:
        return values[start:] + [after] * start
    return [before] * (-start) + values[: total + start]


def _cached(cache: dict[str, str], fn: Callable[[str], str], texts: list[str]) -> list[str]:
    out: list[Any] = list(map(cache.get, texts))
    if None in out:
        if len(cache) > _CACHE_LIMIT:
            cache.clear()
        for i, value in enumerate(out):
            if value is None:
                out[i] = cache[texts[i]] = fn(texts[i])
    return out
