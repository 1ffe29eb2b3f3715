"""The archive-search query language (plain pytest, no database)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from toasoan.search.query import (
    FIELDS,
    HELP_EN,
    HELP_VI,
    MAX_QUERY_LENGTH,
    MAX_TERMS,
    And,
    Node,
    Not,
    Or,
    QuerySyntaxError,
    Term,
    check_searchable,
    has_accents,
    parse,
    render,
    terms,
)


def T(text: str, field: str | None = None, phrase: bool = False, prefix: bool = False) -> Term:
    return Term(text, field, phrase, prefix)


# what parses to what


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            '"Hà Nội" AND (bão OR lũ) NOT headline:"tin cũ"',
            And(
                (
                    T("Hà Nội", phrase=True),
                    Or((T("bão"), T("lũ"))),
                    Not(T("tin cũ", "headline", phrase=True)),
                )
            ),
        ),
        ("dien bien", And((T("dien"), T("bien")))),
        ("xuất khẩu gạo", And((T("xuất"), T("khẩu"), T("gạo")))),
        ("subject:04000000", T("04000000", "subject")),
        (
            "subject:(kinh tế OR 04000000)",
            Or((And((T("kinh", "subject"), T("tế", "subject"))), T("04000000", "subject"))),
        ),
        ('headline:"bão số 14"', T("bão số 14", "headline", phrase=True)),
        ("xuất*", T("xuất", prefix=True)),
        ("Nguy* Hà", And((T("Nguy", prefix=True), T("Hà")))),
        ("bão -lũ", And((T("bão"), Not(T("lũ"))))),
        ("+bão -lũ", And((T("bão"), Not(T("lũ"))))),
        ('bão -"tin cũ"', And((T("bão"), Not(T("tin cũ", phrase=True))))),
        ("bão -(lũ OR mưa)", And((T("bão"), Not(Or((T("lũ"), T("mưa"))))))),
        ("bão -headline:lũ", And((T("bão"), Not(T("lũ", "headline"))))),
        ("bão NOT lũ", And((T("bão"), Not(T("lũ"))))),
        ("bão AND NOT lũ", And((T("bão"), Not(T("lũ"))))),
        ("NOT (NOT bão)", T("bão")),
        ("“Hà Nội” „Đà Nẵng“", And((T("Hà Nội", phrase=True), T("Đà Nẵng", phrase=True)))),
        ('"  Hà   Nội "', T("Hà Nội", phrase=True)),
        ("rice and beans or not", And(tuple(T(w) for w in "rice and beans or not".split()))),
        ("Headline:bão", T("bão", "headline")),
        ("headline: bão", T("bão", "headline")),
        (
            "byline:Minh slugline:BÃO-14 body:lũ",
            And(
                (
                    T("Minh", "byline"),
                    T("BÃO-14", "slugline"),
                    T("lũ", "body"),
                )
            ),
        ),
        ("headline:(bão body:lũ)", And((T("bão", "headline"), T("lũ", "body")))),
        ("COVID-19 10:30 4.5", And((T("COVID-19"), T("10:30"), T("4.5")))),
        ("Lưu ý: bão", And((T("Lưu"), T("ý:"), T("bão")))),
        ("bão , - lũ", And((T("bão"), T("lũ")))),
        ("((bão))", T("bão")),
    ],
)
def test_parse(query: str, expected: Node) -> None:
    assert parse(query) == expected


@pytest.mark.parametrize("query", ["", "   ", "\t\n", "-", ", ; .", "*", "+"])
def test_nothing_to_search(query: str) -> None:
    assert parse(query) is None


def test_precedence_not_then_and_then_or() -> None:
    a, b, c, d = T("a"), T("b"), T("c"), T("d")
    assert parse("a b OR c") == Or((And((a, b)), c))
    assert parse("a OR b c") == Or((a, And((b, c))))
    assert parse("a OR b AND c OR d") == Or((a, And((b, c)), d))
    assert parse("a OR b NOT c") == Or((a, And((b, Not(c)))))
    assert parse("(a OR b) c") == And((Or((a, b)), c))


def test_nested_and_or_are_flattened() -> None:
    a, b, c, d = T("a"), T("b"), T("c"), T("d")
    assert parse("a (b (c d))") == And((a, b, c, d))
    assert parse("a OR (b OR (c OR d))") == Or((a, b, c, d))
    assert parse("(a OR b) OR (c d)") == Or((a, b, And((c, d))))


def test_text_is_nfc_with_case_and_accents_kept() -> None:
    node = parse(unicodedata.normalize("NFD", 'Điện "Biên Phủ"'))
    assert node == And((T("Điện"), T("Biên Phủ", phrase=True)))
    assert all(unicodedata.is_normalized("NFC", t.text) for t in terms(node))


# errors


@pytest.mark.parametrize(
    ("query", "position", "fragment"),
    [
        ('"Hà Nội', 0, "quotation mark is never closed"),
        ('bão "lũ', 4, "quotation mark is never closed"),
        ('bão ""', 4, "empty phrase"),
        ('bão "  , "', 4, "empty phrase"),
        ("(bão OR lũ", 0, "'(' is never closed"),
        ("((bão) lũ", 0, "'(' is never closed"),
        ("bão OR lũ)", 9, "')' has no matching '('"),
        (") bão", 0, "')' has no matching '('"),
        ("bão ()", 4, "empty parentheses"),
        ("bão AND", 4, "AND needs a term after it"),
        ("bão OR", 4, "OR needs a term after it"),
        ("bão AND OR lũ", 4, "AND needs a term after it"),
        ("bão NOT", 4, "NOT needs a term after it"),
        ("AND bão", 0, "AND needs a term before it"),
        ("(OR bão)", 1, "OR needs a term before it"),
        ("bão (lũ AND)", 8, "AND needs a term after it"),
        ("headline:", 0, "headline: needs a word"),
        ("bão (headline:)", 5, "headline: needs a word"),
        ("tieude:bão", 0, 'unknown field "tieude:"'),
        ('bão foo:"x"', 4, 'unknown field "foo:"'),
        ("Ha\u0300:bão", 0, 'unknown field "Hà:"'),  # decomposed accents count as letters
        ("NOT bão", 0, "at least one term that is not negated"),
        ("-bão -lũ", 0, "at least one term that is not negated"),
        ("(NOT bão)", 0, "at least one term that is not negated"),
        ("bão OR NOT lũ", 7, "each side of OR"),
        ("bão (lũ OR -mưa)", 11, "each side of OR"),
    ],
)
def test_syntax_errors(query: str, position: int, fragment: str) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse(query)
    error = caught.value
    assert isinstance(error, ValueError)
    assert fragment in error.message
    assert error.position == position
    assert "\n" not in error.message and "\n" not in error.message_vi
    assert error.message_vi and error.message_vi != error.message
    assert error.message_vi[0].isupper()
    assert str(error) == f"{error.message} (at character {position})"


def test_unknown_field_lists_the_known_ones() -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse("tác_giả:x title:bão")
    assert caught.value.position == 10
    assert all(field in caught.value.message for field in FIELDS)
    assert all(field in caught.value.message_vi for field in FIELDS)


def test_a_word_ending_in_a_colon_is_a_word() -> None:
    assert parse("Hà Nội: bão") == And((T("Hà"), T("Nội:"), T("bão")))


def test_length_limit() -> None:
    assert parse("a" * MAX_QUERY_LENGTH) == T("a" * MAX_QUERY_LENGTH)
    with pytest.raises(QuerySyntaxError) as caught:
        parse("a" * (MAX_QUERY_LENGTH + 1))
    assert caught.value.position == MAX_QUERY_LENGTH
    assert "too long" in caught.value.message and "500" in caught.value.message


def test_term_limit() -> None:
    node = parse(" ".join(["bão"] * MAX_TERMS))
    assert isinstance(node, And) and len(node.children) == MAX_TERMS
    with pytest.raises(QuerySyntaxError) as caught:
        parse(" ".join(["bão"] * MAX_TERMS + ['"lũ lụt"']))
    assert caught.value.position == 4 * MAX_TERMS
    assert "too many terms" in caught.value.message


def test_nesting_limit() -> None:
    assert parse("(" * 10 + "bão" + ")" * 10) == T("bão")
    with pytest.raises(QuerySyntaxError, match="nested"):
        parse("(" * 11 + "bão" + ")" * 11)
    with pytest.raises(QuerySyntaxError):
        parse("(" * 250 + "bão" + ")" * 250)


@pytest.mark.parametrize(
    ("query", "position"),
    [("lũ*", 0), ("bão OR (ha* lũ)", 8), ("body:xy*", 5), ("-ab* cảng", 1)],
)
def test_short_prefixes_are_refused_outside_headlines(query: str, position: int) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        check_searchable(parse(query), query)
    assert caught.value.position == position
    assert "at least 3 letters" in caught.value.message
    assert "ít nhất 3 chữ cái" in caught.value.message_vi


@pytest.mark.parametrize("query", ["xuất*", "headline:lũ*", "headline:(a* OR b*)", "lũ", ""])
def test_prefixes_of_three_letters_or_in_headlines_are_searchable(query: str) -> None:
    check_searchable(parse(query), query)


def test_sqlite_routes_headline_queries_and_unindexed_prefixes() -> None:
    from toasoan.search.backends.sqlite import table_for, unindexed_prefix

    assert table_for(parse("headline:ban* -headline:hoa")) == "search_fts_head"
    assert table_for(parse("headline:(ban OR hoa)")) == "search_fts_head"
    assert table_for(parse("headline:ban hoa")) == "search_fts"
    assert table_for(None) == "search_fts"
    assert unindexed_prefix(parse("digit*"), (3,))
    assert unindexed_prefix(parse("bão -digit*"), (3,))
    assert not unindexed_prefix(parse("dig* bão"), (3,))
    assert not unindexed_prefix(parse("digital"), (3,))
    assert unindexed_prefix(parse("headline:d*"), (2, 3))


def test_error_without_a_vietnamese_message_falls_back_to_english() -> None:
    error = QuerySyntaxError("a search term has no letters or digits", 3)
    assert (error.message, error.position, error.message_vi) == (
        "a search term has no letters or digits",
        3,
        "A search term has no letters or digits",
    )


# terms, has_accents, help


def test_terms_are_the_positive_ones_in_order() -> None:
    node = parse('"Hà Nội" AND (bão OR lũ*) NOT headline:"tin cũ" -(mưa OR gió)')
    assert terms(node) == [T("Hà Nội", phrase=True), T("bão"), T("lũ", prefix=True)]
    assert terms(None) == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("dien bien", False),
        ("Dien Bien 2026", False),
        ("Điện Biên", True),
        ("đ", True),
        ("DA NANG Đ", True),
        ("ca", False),
        ("cà", True),
        ("Élysée", True),
        ("naïve", True),
        ("", False),
        ("Straße", False),
    ],
)
def test_has_accents(value: str, expected: bool) -> None:
    assert has_accents(value) is expected
    assert has_accents(unicodedata.normalize("NFD", value)) is expected


def test_help_texts_cover_the_syntax() -> None:
    for help_text in (HELP_VI, HELP_EN):
        for piece in ("AND", "OR", "NOT", '"Hà Nội"', "*", "(", *(f"{f}:" for f in FIELDS)):
            assert piece in help_text
    assert "tìm" in HELP_VI


# render and round trips


@pytest.mark.parametrize(
    "query",
    [
        '"Hà Nội" AND (bão OR lũ) NOT headline:"tin cũ"',
        "subject:(kinh tế OR 04000000)",
        "a b OR c -(d OR e f)",
        "xuất* Lưu ý: 10:30 AND*",
    ],
)
def test_render_round_trips(query: str) -> None:
    node = parse(query)
    assert node is not None
    assert parse(render(node)) == node


def test_render_examples() -> None:
    node = parse('"Hà Nội" AND (bão OR lũ) NOT headline:"tin cũ"')
    assert node is not None
    assert render(node) == '"Hà Nội" (bão OR lũ) NOT headline:"tin cũ"'
    assert render(T("AND")) == '"AND"'  # a word the syntax cannot spell bare becomes a phrase
    with pytest.raises(ValueError):
        render(T('say "hi"', phrase=True))


# properties

_WORDS = ["bão", "lũ", "Hà", "Nội", "xuất", "khẩu", "gạo", "04000000", "and", "or", "Đà", "a"]
_PIECES = [
    *_WORDS,
    "AND",
    "OR",
    "NOT",
    "-",
    "+",
    "*",
    '"',
    "“",
    "”",
    "(",
    ")",
    ":",
    "headline:",
    "subject:",
    "body:",
    "foo:",
    " ",
    " ",
    " ",
    "\t",
    ",",
    "Ý",
    "ĐẮK",
    "\u0301",
]

query_like = st.lists(st.sampled_from(_PIECES), max_size=25).map("".join)


@given(st.text())
def test_any_text_parses_or_raises_a_syntax_error(query: str) -> None:
    try:
        parse(query)
    except QuerySyntaxError as error:
        assert 0 <= error.position <= len(query)
        assert error.message and error.message_vi


@settings(max_examples=400)
@given(query_like)
def test_query_like_text_parses_or_raises_a_syntax_error_and_round_trips(query: str) -> None:
    try:
        node = parse(query)
    except QuerySyntaxError as error:
        assert 0 <= error.position <= len(query)
        return
    if node is not None:
        assert parse(render(node)) == node
        assert terms(node)


_syllable = st.sampled_from(["bão", "lũ", "Hà", "Nội", "xuất", "khẩu", "2026", "Đà", "or", "x"])
_word = st.builds(T, _syllable, st.sampled_from([None, *FIELDS]), st.just(False), st.booleans())
_phrase = st.builds(
    T,
    st.lists(_syllable, min_size=1, max_size=3).map(" ".join),
    st.sampled_from([None, *FIELDS]),
    st.just(True),
)


def _positive_trees(leaf: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    """Trees in parse()'s normal form: flat And/Or, Not only beside a positive sibling."""

    def extend(inner: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
        non_and = inner.filter(lambda n: not isinstance(n, And))
        non_or = inner.filter(lambda n: not isinstance(n, Or))
        negated = inner.map(Not)
        ands = st.tuples(
            non_and, st.lists(st.one_of(non_and, negated), min_size=1, max_size=3)
        ).map(lambda parts: And((parts[0], *parts[1])))
        ors = st.lists(non_or, min_size=2, max_size=3).map(lambda c: Or(tuple(c)))
        return st.one_of(ands, ors)

    return st.recursive(leaf, extend, max_leaves=8)


@settings(max_examples=300)
@given(_positive_trees(st.one_of(_word, _phrase)))
def test_render_then_parse_gives_the_same_tree(node: Node) -> None:
    rendered = render(node)
    assume(len(rendered) <= MAX_QUERY_LENGTH)
    assert parse(rendered) == node


def test_sqlite_filter_tokens_carry_visibility_only_when_it_narrows() -> None:
    """'Public or my outlets' lets most of an archive through: the SQL checks it alone. Asking
    for unpublished states leaves only the user's outlets: FTS5 then narrows by them."""
    from toasoan.search.backends.base import Filters, SearchRequest, Visibility
    from toasoan.search.backends.sqlite import meta_match

    mine = Visibility(everything=False, outlet_ids=[3])
    assert meta_match(SearchRequest(node=None, visibility=mine)) == ""
    drafts = SearchRequest(node=None, visibility=mine, filters=Filters(states=["draft"]))
    assert meta_match(drafts) == '("\u00a4o3") AND ("\u00a4sdraft")'
