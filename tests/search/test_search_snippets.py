"""Snippets: the window around the first matching word, found without scanning the whole body."""

from __future__ import annotations

from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from toasoan.search import snippets

WORDS = ["hà", "nội", "hanoi", "ha", "noi", "bão", "bao", "số", "so", "_ha", "ha2"]
BODIES = st.lists(
    st.one_of(st.sampled_from(WORDS), st.sampled_from([" ", ", ", "\n", "-", "  "])),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(
    body=BODIES,
    tokens=st.lists(st.sampled_from(["ha", "noi", "bao", "so", "hanoi"]), max_size=3),
    prefixes=st.lists(st.sampled_from(["ha", "no", "ba"]), max_size=2),
)
def test_first_start_is_where_the_first_highlighted_word_starts(
    body: str, tokens: list[str], prefixes: list[str]
) -> None:
    spans = snippets._spans(body, tokens, prefixes)
    found = snippets._first_start(snippets._folded_chars(body), tokens, prefixes)
    assert found == (spans[0][0] if spans else None)


@settings(max_examples=300, deadline=None)
@given(
    body=BODIES,
    tokens=st.lists(st.sampled_from(["ha", "noi", "bao", "so", "hanoi"]), max_size=3),
    prefixes=st.lists(st.sampled_from(["ha", "no", "ba"]), max_size=2),
    pieces=st.tuples(st.integers(1, 12), st.integers(1, 30)),
)
def test_folding_piece_by_piece_finds_what_folding_everything_finds(
    body: str, tokens: list[str], prefixes: list[str], pieces: tuple[int, int]
) -> None:
    """Pieces end before a space: a word cut at a piece's end would match as a whole word
    ("ha" in "ha|noi") or miss a prefix."""
    whole = snippets._first_start(snippets._folded_chars(body), tokens, prefixes)
    with mock.patch.object(snippets, "PIECES", (*pieces, 1 << 62)):
        assert snippets._first_match(body, tokens, prefixes) == whole


def test_a_word_inside_a_longer_word_is_not_a_match() -> None:
    html = snippets.snippet("Hanoi mưa to. Ở Hà Nội trời nắng", ["ha", "noi"])
    assert html.startswith("Hanoi mưa to. Ở <mark>Hà</mark> <mark>Nội</mark>")


def test_a_match_far_into_a_long_body_gets_its_window() -> None:
    body = "Lời dẫn. " + "chữ " * 1500 + "Cơn   bão\n\nsố 9 đổ bộ " + "chữ " * 100
    html = snippets.snippet(body, ["bao"])
    assert html.startswith("…") and html.endswith("…")
    assert "Cơn <mark>bão</mark> số 9" in html  # runs of white space shown as one space
    assert len(html) < snippets.WINDOW + 40


def test_without_a_match_the_snippet_is_the_start() -> None:
    assert snippets.snippet("Tin   ngắn", ["bao"]) == "Tin ngắn"
