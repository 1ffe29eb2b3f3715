"""Text analysis for the search index (plain pytest, no database)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toasoan.core import text as core_text
from toasoan.search import text
from toasoan.search.text import IndexTerms, compounds_vi, fold, index_terms, stem, words

HEADLINE_ABSTRACT = (
    "Thủ tướng chỉ đạo ứng phó bão số 14. Chiều 12/11, tại Hà Nội, Thủ tướng Chính phủ chủ trì "
    "cuộc họp trực tuyến với các bộ, ngành và địa phương về phòng, chống thiên tai; yêu cầu sơ "
    "tán người dân khỏi vùng nguy hiểm, bảo đảm an toàn tính mạng, chuẩn bị lương thực cho "
    "dân vùng lũ."
)


def test_headline_abstract_is_sixty_words() -> None:
    assert len(HEADLINE_ABSTRACT.split()) == 60


# fold


def test_fold_is_the_core_fold() -> None:
    assert fold is core_text.fold


@pytest.mark.parametrize(
    ("given_", "expected"),
    [
        ("HÀ NỘI", "ha noi"),
        ("Điện Biên", "dien bien"),
        ("ĐÀ NẴNG", "da nang"),
        ("Xuất khẩu gạo", "xuat khau gao"),
        ("Huế", "hue"),
        ("Nguyễn Thị Ánh", "nguyen thi anh"),
        ("Élysée", "elysee"),
        ("Straße", "strasse"),
        ("2026", "2026"),
    ],
)
def test_fold(given_: str, expected: str) -> None:
    assert fold(given_) == expected
    assert fold(unicodedata.normalize("NFD", given_)) == expected


@given(st.text())
def test_fold_matches_the_spec_on_latin_text(value: str) -> None:
    """casefold, NFD, drop combining marks, đ -> d (the core fold differs only on the Greek
    iota subscript, which it drops where casefold would spell it out)."""
    if any("\u0345" in unicodedata.normalize("NFD", ch) for ch in value):
        return
    spec = "".join(
        ch for ch in unicodedata.normalize("NFD", value.casefold()) if not unicodedata.combining(ch)
    ).replace("đ", "d")
    assert fold(value) == spec
    assert fold(fold(value)) == fold(value)


# words


def test_words_keep_diacritics_and_split_on_punctuation() -> None:
    assert words("Bão số 14 đổ bộ Quảng Ngãi, gió giật 4.5 m/s!") == [
        "bão",
        "số",
        "14",
        "đổ",
        "bộ",
        "quảng",
        "ngãi",
        "gió",
        "giật",
        "4",
        "5",
        "m",
        "s",
    ]
    assert words("HÀ NỘI—ĐÀ NẴNG (TTXVN)") == ["hà", "nội", "đà", "nẵng", "ttxvn"]
    assert words("snake_case e-mail COVID-19") == ["snake", "case", "e", "mail", "covid", "19"]
    assert words("") == [] and words(" ,.;!? ") == []


def test_words_are_nfc_whatever_the_input() -> None:
    nfd = unicodedata.normalize("NFD", "Nguyễn Ánh")
    assert words(nfd) == ["nguyễn", "ánh"]
    assert all(unicodedata.is_normalized("NFC", w) for w in words(nfd))


def test_words_keep_combining_marks_without_a_precomposed_form() -> None:
    assert words("x\u0303y z") == ["x\u0303y", "z"]
    assert words("ພາສາລາວ ភាសាខ្មែរ") == ["ພາສາລາວ", "ភាសាខ្មែរ"]


@given(st.text())
def test_words_are_clean_tokens(value: str) -> None:
    for word in words(value):
        assert word and word[0].isalnum()
        assert not any(ch.isspace() or ch == "_" for ch in word)
        assert unicodedata.is_normalized("NFC", word)


# compounds_vi


def test_compounds_vi_example() -> None:
    assert compounds_vi("Thủ tướng Chính phủ tại Hà Nội") == ["thu_tuong", "chinh_phu", "ha_noi"]


def test_compounds_vi_headline() -> None:
    found = compounds_vi(HEADLINE_ABSTRACT)
    for compound in ("thu_tuong", "chinh_phu", "ha_noi", "thien_tai", "so_tan", "nguoi_dan"):
        assert compound in found
    assert all(c.count("_") >= 1 and c == fold(c) for c in found)
    assert "bao" not in found  # one syllable


def test_compounds_vi_same_for_nfd_input() -> None:
    value = "Xuất khẩu gạo tại Điện Biên"
    assert compounds_vi(unicodedata.normalize("NFD", value)) == compounds_vi(value)


@pytest.mark.parametrize("value", ["", "   ", "\n", "!!!", "\ud800 bão lũ", "😀🎉 bão", "\x00\x01"])
def test_compounds_vi_odd_input(value: str) -> None:
    for compound in compounds_vi(value):
        assert compound == fold(compound) and "_" in compound


def test_compounds_vi_reads_only_the_first_characters(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []

    def fake(value: str) -> list[str]:
        seen.append(value)
        return ["Hà Nội"]

    monkeypatch.setattr(text, "_segmenter", lambda: fake)
    long_text = "bão lũ " * 1000
    assert compounds_vi(long_text) == ["ha_noi"]
    assert len(seen[0]) <= text.COMPOUND_INPUT_LIMIT
    assert long_text.startswith(seen[0])
    assert set(seen[0].split()) == {"bão", "lũ"}  # cut between words, not inside one


def test_compounds_vi_is_fast() -> None:
    compounds_vi("khởi động")  # load the model
    start = time.perf_counter()
    for _ in range(20):
        compounds_vi(HEADLINE_ABSTRACT)
    assert (time.perf_counter() - start) / 20 < 0.05  # ~3 ms measured


_OFFLINE_PROBE = """
import json, sys
NETWORK = {
    "socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex",
    "socket.sendto", "socket.sendmsg", "urllib.Request", "http.client.connect",
    "http.client.send", "ftplib.connect",
}
events = []
def hook(name, args):
    if name in NETWORK or name == "subprocess.Popen":
        events.append(name)
sys.addaudithook(hook)
from toasoan.search.text import compounds_vi
print(json.dumps({"compounds": compounds_vi("Thủ tướng Chính phủ"), "events": events}))
"""


@pytest.mark.slow
def test_compounds_vi_works_offline_and_writes_nothing_home(tmp_path: Path) -> None:
    """underthesea ships its segmentation model: no download, no ~/.underthesea."""
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env["PYTHONPATH"] = os.pathsep.join(sys.path)
    done = subprocess.run(
        [sys.executable, "-c", _OFFLINE_PROBE], env=env, capture_output=True, text=True, check=True
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["compounds"] == ["thu_tuong", "chinh_phu"]
    assert result["events"] == []
    assert list(tmp_path.iterdir()) == []


# stem


@pytest.mark.parametrize(
    ("word", "language", "expected"),
    [
        ("running", "en", "run"),
        ("Elections", "en", "elect"),
        ("élections", "fr", "elect"),
        ("Élections", "fr-FR", "elect"),
        ("nationales", "fr", "national"),
        ("Hà Nội", "vi", "ha noi"),
        ("xuất", "vi", "xuat"),
        ("Wahlen", "de", "wahlen"),
        ("running", "", "running"),
    ],
)
def test_stem(word: str, language: str, expected: str) -> None:
    assert stem(word, language) == expected


def test_stem_is_identity_on_folded_words_without_a_stemmer() -> None:
    for word in ("thu", "tuong", "dien", "bien"):
        assert stem(word, "vi") == word


# index_terms


def test_index_terms_vietnamese() -> None:
    terms = index_terms("Thủ tướng Chính phủ tại Hà Nội", "vi")
    assert terms == IndexTerms(
        exact="thủ tướng chính phủ tại hà nội",
        folded="thu tuong chinh phu tai ha noi",
        stems="",
        compounds="thu_tuong chinh_phu ha_noi",
    )


def test_index_terms_english_and_french() -> None:
    en = index_terms("Rice exports from Điện Biên are growing", "en")
    assert en.exact == "rice exports from điện biên are growing"
    assert en.folded == "rice exports from dien bien are growing"
    assert en.stems == "rice export from dien bien are grow"
    assert en.compounds == ""
    fr = index_terms("Les élections législatives", "fr")
    assert fr.folded == "les elections legislatives"
    assert fr.stems == "le elect legisl"
    assert fr.compounds == ""


def test_index_terms_empty() -> None:
    assert index_terms("", "vi") == IndexTerms("", "", "", "")
    assert index_terms("", "en") == IndexTerms("", "", "", "")


def test_index_terms_frozen() -> None:
    terms = index_terms("bão", "vi")
    with pytest.raises(AttributeError):
        terms.exact = "x"  # type: ignore[misc]


@settings(deadline=None, max_examples=60)
@given(st.text(max_size=200), st.sampled_from(["vi", "en", "fr", "de"]))
def test_index_terms_are_aligned_token_strings(value: str, language: str) -> None:
    terms = index_terms(value, language)
    exact, folded = terms.exact.split(), terms.folded.split()
    assert len(exact) == len(folded)
    assert [fold(w) for w in exact] == folded
    assert terms.stems == ("" if language == "vi" else " ".join(stem(w, language) for w in folded))
    for column in (terms.exact, terms.folded, terms.stems, terms.compounds):
        assert column == " ".join(column.split())
    if language != "vi":
        assert terms.compounds == ""
