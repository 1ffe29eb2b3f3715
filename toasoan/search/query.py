"""The archive-search query language: parse a user's query into a small AST, and back.

    "Hà Nội" AND (bão OR lũ) NOT headline:"tin cũ"     subject:(kinh tế OR 04000000)

Words, "phrases" (straight or curly quotes), AND, OR, NOT (upper case only; lower-case and/or/not
are ordinary words), implicit AND between terms, -term for NOT and +term for a plain term,
(groups), field prefixes headline: slugline: byline: subject: body: on the next term, phrase or
group (an inner prefix wins), and a trailing * for a prefix term. NOT binds tighter than AND,
AND tighter than OR. A word with no letter or digit in it (a lone "-", ",") is ignored.

What a backend may rely on in a parsed tree:
- Term.text is NFC, stripped, in the user's case and accents (fold it yourself); a word term may
  hold several index tokens ("COVID-19", "4.5"), to be matched as a phrase.
- And and Or have two or more children and no child of their own type; there is no Not(Not).
- The root and every child of an Or are positive: a Not only ever sits in an And that has a
  positive child (so "a NOT b" maps onto FTS5's binary NOT).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from typing import NamedTuple, TypeAlias

FIELDS = ("headline", "slugline", "byline", "subject", "body")
MAX_QUERY_LENGTH = 500
MAX_TERMS = 50
MAX_DEPTH = 10
# Letters a prefix term needs before its *, but in headline: (type-ahead): a shorter one
# stands for a good part of the vocabulary, and both engines would read all of it
MIN_PREFIX = 3

_FIELDS_VI = "headline (tít), slugline (slug), byline (tác giả), subject (chủ đề), body (nội dung)"
_NOT_VI = "không bị loại trừ (không có NOT hay -)"
# One-line messages, English and Vietnamese, by kind of error.
_MESSAGES = {
    "too_long": (
        f"the query is too long: at most {MAX_QUERY_LENGTH} characters",
        f"câu tìm kiếm quá dài: tối đa {MAX_QUERY_LENGTH} ký tự",
    ),
    "too_many_terms": (
        f"the query has too many terms: at most {MAX_TERMS}",
        f"câu tìm kiếm có quá nhiều từ: tối đa {MAX_TERMS}",
    ),
    "unclosed_quote": (
        'this quotation mark is never closed: add a closing " or remove it',
        'dấu ngoặc kép này chưa được đóng: thêm dấu " để đóng hoặc xoá nó',
    ),
    "empty_phrase": (
        "empty phrase: put words between the quotation marks",
        "cụm từ trong ngoặc kép đang trống: hãy viết từ vào giữa hai dấu ngoặc kép",
    ),
    "unknown_field": (
        'unknown field "{name}:"; known fields: ' + ", ".join(FIELDS),
        'không có trường "{name}:"; các trường có thể dùng: ' + _FIELDS_VI,
    ),
    "unclosed_paren": (
        "this '(' is never closed: add a ')'",
        "dấu '(' này chưa được đóng: thêm dấu ')'",
    ),
    "unmatched_paren": ("this ')' has no matching '('", "dấu ')' này không có dấu '(' tương ứng"),
    "empty_group": (
        "empty parentheses: put a term between them",
        "cặp ngoặc đơn đang trống: hãy viết từ tìm kiếm vào giữa",
    ),
    "too_deep": (
        f"too many nested parentheses: at most {MAX_DEPTH} levels",
        f"quá nhiều ngoặc lồng nhau: tối đa {MAX_DEPTH} cấp",
    ),
    "needs_after": ("{name} needs a term after it", "sau {name} cần có một từ tìm kiếm"),
    "field_needs_after": (
        '{name}: needs a word, a "phrase" or a (group) right after it',
        'sau {name}: cần một từ, một "cụm từ" hoặc một (nhóm)',
    ),
    "needs_before": ("{name} needs a term before it", "trước {name} cần có một từ tìm kiếm"),
    "negated_or": (
        "each side of OR needs a term that is not negated",
        "mỗi vế của OR cần ít nhất một từ " + _NOT_VI,
    ),
    "negated_query": (
        "a query needs at least one term that is not negated",
        "câu tìm kiếm cần ít nhất một từ " + _NOT_VI,
    ),
    "short_prefix": (
        f"{{name}}* is too short a prefix: type at least {MIN_PREFIX} letters before the * "
        "(or search headline:{name}*)",
        f"{{name}}* quá ngắn để tìm theo phần đầu của từ: hãy gõ ít nhất {MIN_PREFIX} chữ cái "
        "trước dấu * (hoặc tìm headline:{name}*)",
    ),
}
_QUOTES = '"“”„'
_OPERATORS = ("AND", "OR", "NOT")


@dataclass(frozen=True)
class Term:
    text: str
    field: str | None = None
    phrase: bool = False
    prefix: bool = False


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    child: Node


Node: TypeAlias = Term | And | Or | Not


class QuerySyntaxError(ValueError):
    """A query that cannot be parsed: `message` (English), `message_vi` (Vietnamese, for the UI)
    and `position`, a character offset into the query as given."""

    def __init__(self, message: str, position: int, message_vi: str | None = None):
        super().__init__(message)
        self.message = message
        self.position = position
        vi = message if message_vi is None else message_vi
        self.message_vi = vi[:1].upper() + vi[1:]

    def __str__(self) -> str:
        return f"{self.message} (at character {self.position})"


def _error(kind: str, position: int, name: str = "") -> QuerySyntaxError:
    english, vietnamese = _MESSAGES[kind]
    return QuerySyntaxError(english.format(name=name), position, vietnamese.format(name=name))


class _Token(NamedTuple):
    kind: str  # WORD PHRASE FIELD ( ) AND OR NOT - +
    pos: int
    text: str = ""
    prefix: bool = False


def _has_word(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _mark(ch: str) -> bool:
    return unicodedata.category(ch)[0] == "M"


def _field_name(run: str) -> tuple[str, int] | None:
    """(NFC name, length of "name:" in the run) when the run starts with letters and a colon.

    Combining marks count as letters, so the answer does not change under NFC."""
    colon = run.find(":")
    name = run[:colon]
    if colon > 0 and name[0].isalpha() and all(ch.isalpha() or _mark(ch) for ch in name):
        return unicodedata.normalize("NFC", name), colon + 1
    return None


def _lex(query: str) -> list[_Token]:
    tokens: list[_Token] = []
    count = 0
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch.isspace():
            i += 1
        elif ch in _QUOTES:
            end = next((j for j in range(i + 1, n) if query[j] in _QUOTES), -1)
            if end < 0:
                raise _error("unclosed_quote", i)
            text = " ".join(unicodedata.normalize("NFC", query[i + 1 : end]).split())
            if not _has_word(text):
                raise _error("empty_phrase", i)
            tokens.append(_Token("PHRASE", i, text))
            count += 1
            i = end + 1
        elif ch in "()":
            tokens.append(_Token(ch, i))
            i += 1
        else:
            j = i
            while j < n and not query[j].isspace() and query[j] not in "()" + _QUOTES:
                j += 1
            run = query[i:j]
            attached = j < n and query[j] in "(" + _QUOTES  # directly before a group or phrase
            field = _field_name(run)
            if run in _OPERATORS:
                tokens.append(_Token(run, i))
                i = j
                continue
            if run[0] in "-+" and (len(run) > 1 or attached):
                tokens.append(_Token(run[0], i))
                i += 1
                continue
            if field is not None and field[0].lower() in FIELDS:
                tokens.append(_Token("FIELD", i, field[0].lower()))
                i += field[1]
                continue
            if field is not None and (field[1] < len(run) or attached):
                raise _error("unknown_field", i, field[0])
            text = unicodedata.normalize("NFC", run.rstrip("*"))
            if _has_word(text):
                tokens.append(_Token("WORD", i, text, prefix=run.endswith("*")))
                count += 1
            i = j
        if count > MAX_TERMS:
            raise _error("too_many_terms", tokens[-1].pos)
    return tokens


def _join(kind: type[And] | type[Or], nodes: list[Node]) -> Node:
    flat: list[Node] = []
    for node in nodes:
        flat.extend(node.children if isinstance(node, kind) else (node,))
    return flat[0] if len(flat) == 1 else kind(tuple(flat))


def _with_field(node: Node, field: str) -> Node:
    if isinstance(node, Term):
        return node if node.field else replace(node, field=field)
    if isinstance(node, Not):
        return Not(_with_field(node.child, field))
    return type(node)(tuple(_with_field(child, field) for child in node.children))


def _positive(node: Node) -> bool:
    if isinstance(node, Term):
        return True
    if isinstance(node, And):
        return any(_positive(child) for child in node.children)
    if isinstance(node, Or):
        return all(_positive(child) for child in node.children)
    return False


def _needs_after(token: _Token) -> QuerySyntaxError:
    if token.kind == "FIELD":
        return _error("field_needs_after", token.pos, token.text)
    return _error("needs_after", token.pos, {"-": "'-'", "+": "'+'"}.get(token.kind, token.kind))


class _Parser:
    def __init__(self, tokens: list[_Token]):
        self.tokens = tokens
        self.i = 0
        self.depth = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def starts_term(self) -> bool:
        token = self.peek()
        return token is not None and token.kind not in ("AND", "OR", ")")

    def parse_or(self) -> Node:
        first = self.peek()
        alternatives = [(first.pos if first else 0, self.parse_and())]
        while (token := self.peek()) is not None and token.kind == "OR":
            self.i += 1
            if not self.starts_term():
                raise _needs_after(token)
            start = self.tokens[self.i].pos
            alternatives.append((start, self.parse_and()))
        if len(alternatives) > 1:
            for start, node in alternatives:
                if not _positive(node):
                    raise _error("negated_or", start)
        return _join(Or, [node for _, node in alternatives])

    def parse_and(self) -> Node:
        children = [self.parse_unary()]
        while (token := self.peek()) is not None:
            if token.kind == "AND":
                self.i += 1
                if not self.starts_term():
                    raise _needs_after(token)
            elif not self.starts_term():
                break
            children.append(self.parse_unary())
        return _join(And, children)

    def parse_unary(self) -> Node:
        negated, field, last = False, None, None
        while (token := self.peek()) is not None and token.kind in ("NOT", "-", "+", "FIELD"):
            self.i += 1
            last = token
            if token.kind in ("NOT", "-"):
                negated = not negated
            elif token.kind == "FIELD":
                field = token.text
        node = self.parse_atom(last)
        if field is not None:
            node = _with_field(node, field)
        if negated:
            node = node.child if isinstance(node, Not) else Not(node)
        return node

    def parse_atom(self, after: _Token | None) -> Node:
        token = self.peek()
        if token is None or token.kind in ("AND", "OR", ")"):
            if after is not None:
                raise _needs_after(after)
            if token is not None and token.kind != ")":
                raise _error("needs_before", token.pos, token.kind)
            raise _error("unmatched_paren", token.pos if token else 0)
        self.i += 1
        if token.kind == "WORD":
            return Term(token.text, prefix=token.prefix)
        if token.kind == "PHRASE":
            return Term(token.text, phrase=True)
        return self.parse_group(token)

    def parse_group(self, opening: _Token) -> Node:
        if self.depth >= MAX_DEPTH:
            raise _error("too_deep", opening.pos)
        closing = self.peek()
        if closing is None:
            raise _error("unclosed_paren", opening.pos)
        if closing.kind == ")":
            raise _error("empty_group", opening.pos)
        self.depth += 1
        node = self.parse_or()
        self.depth -= 1
        closing = self.peek()
        if closing is None or closing.kind != ")":
            raise _error("unclosed_paren", opening.pos)
        self.i += 1
        return node


def parse(query: str) -> Node | None:
    """The query's AST, or None when it has nothing to search for."""
    if len(query) > MAX_QUERY_LENGTH:
        raise _error("too_long", MAX_QUERY_LENGTH)
    tokens = _lex(query)
    if not tokens:
        return None
    parser = _Parser(tokens)
    node = parser.parse_or()
    if parser.peek() is not None:
        raise _error("unmatched_paren", parser.tokens[parser.i].pos)
    if not _positive(node):
        raise _error("negated_query", tokens[0].pos)
    return node


def check_searchable(node: Node | None, query: str) -> None:
    """What the parser accepts but a search refuses: prefix terms shorter than MIN_PREFIX
    letters, outside headline:."""
    for term in all_terms(node):
        words = term.text.split()
        letters = sum(ch.isalnum() for ch in words[-1]) if words else 0
        if term.prefix and term.field != "headline" and letters < MIN_PREFIX:
            raise _error("short_prefix", max(query.find(term.text + "*"), 0), term.text)


def _render_term(term: Term) -> str:
    field = f"{term.field}:" if term.field else ""
    if not term.phrase:
        word = term.text + ("*" if term.prefix else "")
        if _safe_lex(word) == [_Token("WORD", 0, term.text, term.prefix)]:
            return field + word
        if term.prefix:
            raise ValueError(f"cannot write {term.text!r} as a prefix term")
    if any(q in term.text for q in _QUOTES) or not _has_word(term.text):
        raise ValueError(f"cannot write {term.text!r} as a phrase")
    return f'{field}"{term.text}"'


def _safe_lex(text: str) -> list[_Token] | None:
    try:
        return _lex(text)
    except QuerySyntaxError:
        return None


def render(node: Node) -> str:
    """Query syntax that parses back to the same tree (for trees that parse() can return)."""
    if isinstance(node, Term):
        return _render_term(node)
    if isinstance(node, Not):
        inner = render(node.child)
        return f"NOT ({inner})" if isinstance(node.child, And | Or) else f"NOT {inner}"
    parts = [f"({render(c)})" if isinstance(c, And | Or) else render(c) for c in node.children]
    return (" OR " if isinstance(node, Or) else " ").join(parts)


def terms(node: Node | None) -> list[Term]:
    """The terms that a match contains (those not under a NOT), in query order."""
    if node is None or isinstance(node, Not):
        return []
    if isinstance(node, Term):
        return [node]
    return [term for child in node.children for term in terms(child)]


def all_terms(node: Node | None) -> list[Term]:
    """Every term of the query, negated ones included, in query order."""
    if node is None:
        return []
    if isinstance(node, Term):
        return [node]
    if isinstance(node, Not):
        return all_terms(node.child)
    return [term for child in node.children for term in all_terms(child)]


def has_accents(text: str) -> bool:
    """Whether the text carries a diacritic (tone or vowel mark, cedilla...) or đ/Đ.

    A backend can match such a query on the exact (accented) index and others on the folded one.
    """
    if "đ" in text or "Đ" in text:
        return True
    return any(unicodedata.combining(ch) for ch in unicodedata.normalize("NFD", text))


HELP_VI = """\
**Cú pháp tìm kiếm**

- `xuất khẩu gạo`: tin có đủ mọi từ. Gõ không dấu cũng được: `dien bien` tìm ra cả “Điện Biên”.
- `"Hà Nội"`: cụm từ, đúng thứ tự.
- `bão OR lũ`: có một trong hai từ. `bão AND lũ` giống `bão lũ`.
- `NOT` hoặc dấu `-` để loại trừ: `bão NOT "tin cũ"`, `bão -lũ`.
- Toán tử viết HOA (`AND`, `OR`, `NOT`); `and`, `or`, `not` viết thường là từ bình thường.
- `( )` để nhóm: `"Hà Nội" AND (bão OR lũ)`. `NOT` xét trước, rồi `AND`, cuối cùng `OR`.
- Tìm trong một trường: `headline:` (tít), `slugline:`, `byline:` (tác giả), `subject:` \
(chủ đề, tên hoặc mã IPTC), `body:` (nội dung). Ví dụ `headline:"bão số 14"`, \
`subject:(kinh tế OR 04000000)`.
- `*` cuối từ để tìm theo phần đầu của từ: `Nguy*` tìm ra Nguyễn, Nguyên… \
(ít nhất 3 chữ cái trước `*`, trừ khi tìm trong `headline:`)
"""

HELP_EN = """\
**Search syntax**

- `rice exports`: items with every word. Accents are optional: `dien bien` finds “Điện Biên”.
- `"Hà Nội"`: a phrase, words in that order.
- `storm OR flood`: either word. `storm AND flood` is the same as `storm flood`.
- `NOT` or `-` excludes: `storm NOT "old news"`, `storm -flood`.
- Operators are upper case (`AND`, `OR`, `NOT`); lower-case `and`, `or`, `not` are plain words.
- `( )` groups: `"Hà Nội" AND (bão OR lũ)`. `NOT` binds first, then `AND`, then `OR`.
- Search one field: `headline:`, `slugline:`, `byline:`, `subject:` (an IPTC subject name or \
code), `body:`. For example `headline:"bão số 14"`, `subject:(kinh tế OR 04000000)`.
- `*` at the end of a word matches its beginning: `export*` finds exports, exported… \
(at least 3 letters before the `*`, except in `headline:`)
"""
