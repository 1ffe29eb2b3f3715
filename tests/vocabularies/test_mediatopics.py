"""Tests for the IPTC Media Topics vocabulary (plain pytest, no Django)."""

from __future__ import annotations

import json
import unicodedata
from importlib.resources import files

import pytest

from toasoan.vocabularies import mediatopics as mt


def _vi_labels() -> dict[str, str]:
    resource = files("toasoan.vocabularies") / "data" / "mediatopics_vi.json"
    data: dict[str, str] = json.loads(resource.read_text(encoding="utf-8"))
    return data


def test_vocabulary_size_and_retired_concepts_kept() -> None:
    topics = mt.all_topics()
    assert len(topics) == 1372
    assert any(t.retired for t in topics)
    assert all(not t.retired for t in mt.all_topics(include_retired=False))
    justice = mt.get("20000119")  # retired level-2 "justice"
    assert justice.retired and justice.retired_on == "2023-10-02"


def test_seventeen_top_level_topics_all_with_vietnamese_labels() -> None:
    top = mt.top_level()
    assert len(top) == 17
    assert all(t.level == 1 and t.broader is None for t in top)
    assert all("vi" in t.labels for t in top)
    assert mt.get("05000000").label("vi") == "Giáo dục"


def test_at_least_100_level_two_vietnamese_labels() -> None:
    vi = _vi_labels()
    level_two = [code for code in vi if mt.get(code).level == 2]
    assert len(level_two) >= 100
    active_l2 = [t for t in mt.all_topics(include_retired=False) if t.level == 2]
    assert all("vi" in t.labels for t in active_l2)


def test_vietnamese_labels_are_nfc_and_codes_exist() -> None:
    vi = _vi_labels()
    assert vi
    for code, label in vi.items():
        assert mt.is_known(code), code
        assert mt.normalise(code) == code
        assert label == unicodedata.normalize("NFC", label), code
        assert label == label.strip() and label, code


@pytest.mark.parametrize(
    "code",
    [
        "20000002",
        "medtop:20000002",
        "http://cv.iptc.org/newscodes/mediatopic/20000002",
        " medtop:20000002 ",
    ],
)
def test_get_accepts_all_code_forms(code: str) -> None:
    topic = mt.get(code)
    assert topic.code == "20000002"
    assert topic.level == 2
    assert topic.broader == "01000000"
    assert topic.qcode == "medtop:20000002"
    assert topic.uri == "http://cv.iptc.org/newscodes/mediatopic/20000002"
    assert mt.normalise(code) == "20000002"
    assert mt.is_known(code)


@pytest.mark.parametrize("code", ["medtop:99999999", "2000000", "", "subj:01000000"])
def test_unknown_code_raises_with_clear_message(code: str) -> None:
    assert not mt.is_known(code)
    with pytest.raises(mt.UnknownTopic) as excinfo:
        mt.get(code)
    assert isinstance(excinfo.value, ValueError)
    assert repr(code) in str(excinfo.value)
    assert "Media Topic" in str(excinfo.value)
    with pytest.raises(mt.UnknownTopic):
        mt.normalise(code)


def test_hierarchy_helpers() -> None:
    education = mt.narrower("medtop:05000000")
    assert "05000000" in education
    assert "20000400" in education  # level 2: school
    assert "20000404" in education  # level 3: upper secondary education
    assert mt.narrower("20000404") == {"20000404"}
    assert {t.code for t in mt.children("05000000")} <= education
    assert all(t.broader == "05000000" for t in mt.children("05000000"))
    assert all(not t.retired for t in mt.children("05000000", include_retired=False))
    assert mt.ancestors("20000404") == ["05000000", "20000400"]
    assert mt.ancestors("05000000") == []


def test_search_is_diacritic_and_case_insensitive() -> None:
    education = mt.search("giao duc")
    assert education[0].code == "05000000"
    economy_codes = [t.code for t in mt.search("KINH TE")]
    assert "04000000" in economy_codes
    assert "20000344" in economy_codes
    assert [t.code for t in mt.search("đại học")] == [t.code for t in mt.search("dai hoc")]
    assert "20000405" in {t.code for t in mt.search("dai hoc")}


def test_search_ordering_limit_and_english() -> None:
    results = mt.search("a", limit=50)
    assert len(results) == 50
    keys = [(t.retired, t.level) for t in results]
    assert keys == sorted(keys)
    assert mt.search("") == []
    assert mt.search("giao duc", limit=0) == []
    assert "20001065" in {t.code for t in mt.search("soccer")}


def test_english_fallback_for_topic_without_vietnamese_label() -> None:
    hornuss = mt.get("20000959")
    assert "vi" not in hornuss.labels
    assert hornuss.label() == hornuss.label("vi") == "hornuss"
    assert hornuss.label("en") == "hornuss"
    assert mt.get("01000000").label("en-GB") == "arts, culture, entertainment and media"
    assert mt.get("01000000").label("fr") == "Arts, culture, divertissement et médias"
    assert mt.get("01000000").label("xx").startswith("Văn hóa")


def test_topics_are_hashable_and_immutable() -> None:
    topic = mt.get("20000002")
    assert topic == mt.get("medtop:20000002")
    assert len({topic, mt.get("20000002")}) == 1
    with pytest.raises(AttributeError):
        topic.code = "x"  # type: ignore[misc]
