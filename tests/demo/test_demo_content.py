"""Consistency checks for the demo content files (plain pytest, no Django)."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "toasoan" / "demo" / "content"
MEDIATOPICS = ROOT / "toasoan" / "vocabularies" / "data" / "mediatopics.json"
FILES = {"vi": "items_vi.json", "en": "items_en.json", "fr": "items_fr.json"}

REQUIRED: dict[str, tuple[type, ...]] = {
    "key": (str,),
    "outlet": (str,),
    "desk": (str,),
    "type": (str,),
    "language": (str,),
    "headline": (str,),
    "slugline": (str,),
    "byline": (str,),
    "dateline_place": (str,),
    "abstract": (str,),
    "body_html": (str,),
    "caption": (str, type(None)),
    "urgency": (int,),
    "priority": (int,),
    "genre": (str,),
    "subjects": (list,),
    "places": (list,),
    "people": (list,),
    "organisations": (list,),
    "keywords": (list,),
    "state": (str,),
    "correction_note": (str, type(None)),
    "kill_reason": (str, type(None)),
    "schedule_in_hours": (int, type(None)),
    "embargo_in_hours": (int, type(None)),
    "translation_of": (str, type(None)),
    "taken_from": (str, type(None)),
    "members": (list, type(None)),
    "picture": (dict, type(None)),
}
DESKS = {
    "tinnguon": {"trong-nuoc", "quoc-te", "kinh-te", "anh"},
    "tinnhanh": {"thoi-su", "kinh-te", "the-thao", "van-hoa"},
    "vietdaily": {"news", "business"},
    "courrier": {"actualites"},
    "anhviet": {"photo"},
}
LANGUAGES = {
    "tinnguon": {"vi", "en"},
    "tinnhanh": {"vi"},
    "vietdaily": {"en"},
    "courrier": {"fr"},
    "anhviet": {"vi", "en", "fr"},
}
TYPES = {"text", "picture", "video", "audio", "graphic", "composite"}
MEDIA = {"picture", "video", "audio", "graphic"}
DRAWN = {"picture", "graphic"}
GENRES = {"news", "analysis", "interview", "feature", "opinion", "brief", "profile", "review"}
STATES = {
    "draft",
    "in_progress",
    "submitted",
    "ready",
    "scheduled",
    "published",
    "corrected",
    "killed",
    "recalled",
    "spiked",
}
MINIMUM = {"corrected": 5, "killed": 4, "recalled": 4, "scheduled": 4, "spiked": 4}
LIVE = {"published", "corrected"}
TAKEN_STATES = {"published", "corrected", "killed", "recalled"}
PICTURE_KEYS = {"palette", "motif", "credit", "copyright", "city", "country", "taken"}
MOTIFS = {"skyline", "field", "river", "crowd", "chart", "portrait", "stadium"}
ALLOWED_TAGS = {"p", "h2", "ul", "li", "blockquote", "strong", "em", "a"}


def _load() -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for language, name in FILES.items():
        data = json.loads((CONTENT / name).read_text(encoding="utf-8"))
        assert isinstance(data, list), name
        for item in data:
            assert item.get("language") == language, (name, item.get("key"))
        items.extend(data)
    return items


ITEMS = _load()
BY_KEY = {item["key"]: item for item in ITEMS}


def _ids(item: dict[str, Any]) -> str:
    return str(item.get("key"))


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _strings(k) + _strings(v)]
    return []


def _active_codes() -> set[str] | None:
    """Active MediaTopic codes from the vocabulary file, or None if it is not there."""
    if not MEDIATOPICS.exists():
        return None
    data = json.loads(MEDIATOPICS.read_text(encoding="utf-8"))
    if isinstance(data, dict):
        data = data.get("concepts", data)
    if isinstance(data, dict):  # a mapping code -> concept
        data = [{"code": code, **(c if isinstance(c, dict) else {})} for code, c in data.items()]
    return {str(c["code"]) for c in data if not c.get("retired")}


def test_totals_and_languages() -> None:
    assert len(ITEMS) >= 150
    counts = Counter(item["language"] for item in ITEMS)
    assert counts["vi"] >= 60 and counts["en"] >= 40 and counts["fr"] >= 30


def test_keys_unique() -> None:
    keys = [item["key"] for item in ITEMS]
    assert len(keys) == len(set(keys))


def test_state_distribution() -> None:
    counts = Counter(item["state"] for item in ITEMS)
    assert set(counts) == STATES
    for state in STATES - {"published"}:
        assert counts[state] >= max(4, MINIMUM.get(state, 4)), state
    assert 0.45 <= counts["published"] / len(ITEMS) <= 0.65


def test_type_mix() -> None:
    counts = Counter(item["type"] for item in ITEMS)
    assert set(counts) == TYPES
    assert counts["text"] >= 90
    assert counts["picture"] >= 15


@pytest.mark.parametrize("item", ITEMS, ids=_ids)
def test_fields_and_types(item: dict[str, Any]) -> None:
    assert set(item) == set(REQUIRED)
    for name, types in REQUIRED.items():
        value = item[name]
        assert isinstance(value, types), name
        assert not isinstance(value, bool), name
    key = item["key"]
    assert re.fullmatch(r"(vi|en|fr)-\d{3}", key)
    assert key.startswith(item["language"] + "-")
    assert item["desk"] in DESKS[item["outlet"]]
    assert item["language"] in LANGUAGES[item["outlet"]]
    assert item["type"] in TYPES
    assert item["genre"] in GENRES
    assert item["state"] in STATES
    for name in ("headline", "slugline", "byline", "dateline_place", "abstract", "body_html"):
        assert item[name].strip(), name
    assert len(item["headline"]) <= 120
    assert 1 <= item["urgency"] <= 9 and 1 <= item["priority"] <= 9
    assert 2 <= len(item["keywords"]) <= 5
    for name in ("places", "people", "organisations", "keywords"):
        assert all(isinstance(v, str) and v.strip() for v in item[name]), name


@pytest.mark.parametrize("item", ITEMS, ids=_ids)
def test_text_is_nfc(item: dict[str, Any]) -> None:
    for text in _strings(item):
        assert unicodedata.is_normalized("NFC", text), text[:60]


@pytest.mark.parametrize("item", ITEMS, ids=_ids)
def test_body_html_uses_allowed_tags(item: dict[str, Any]) -> None:
    tags = set(re.findall(r"</?([a-zA-Z0-9]+)", item["body_html"]))
    assert tags <= ALLOWED_TAGS, tags - ALLOWED_TAGS
    assert "<p>" in item["body_html"]
    for href in re.findall(r'href="([^"]*)"', item["body_html"]):
        assert href.startswith("https://"), href


def test_subject_codes() -> None:
    codes = _active_codes()
    for item in ITEMS:
        assert 1 <= len(item["subjects"]) <= 3, item["key"]
        for code in item["subjects"]:
            assert isinstance(code, str) and re.fullmatch(r"\d{8}", code), (item["key"], code)
            if codes is not None:
                assert code in codes, (item["key"], code)


@pytest.mark.parametrize("item", ITEMS, ids=_ids)
def test_media_fields(item: dict[str, Any]) -> None:
    if item["type"] in MEDIA:
        assert item["caption"] and item["caption"].strip()
    else:
        assert item["caption"] is None
    if item["type"] in DRAWN:
        pic = item["picture"]
        assert isinstance(pic, dict) and set(pic) == PICTURE_KEYS
        assert pic["motif"] in MOTIFS
        assert pic["palette"] and all(re.fullmatch(r"#[0-9a-fA-F]{6}", c) for c in pic["palette"])
        for name in ("credit", "copyright", "city", "country"):
            assert isinstance(pic[name], str) and pic[name].strip(), name
        assert datetime.fromisoformat(pic["taken"]).tzinfo is not None
    else:
        assert item["picture"] is None


@pytest.mark.parametrize("item", ITEMS, ids=_ids)
def test_state_specific_fields(item: dict[str, Any]) -> None:
    state = item["state"]
    assert (item["correction_note"] is not None) == (state == "corrected")
    assert (item["kill_reason"] is not None) == (state == "killed")
    assert (item["schedule_in_hours"] is not None) == (state == "scheduled")
    for name in ("correction_note", "kill_reason"):
        if item[name] is not None:
            assert item[name].strip(), name
    if item["schedule_in_hours"] is not None:
        assert 1 <= item["schedule_in_hours"] <= 72
    if item["embargo_in_hours"] is not None:
        assert item["embargo_in_hours"] > 0
        assert state in {"published", "ready"}


def test_some_embargoes() -> None:
    assert sum(1 for item in ITEMS if item["embargo_in_hours"]) >= 3


@pytest.mark.parametrize("item", [i for i in ITEMS if i["translation_of"]], ids=_ids)
def test_translation_of(item: dict[str, Any]) -> None:
    original = BY_KEY.get(item["translation_of"])
    assert original is not None
    assert original["key"] != item["key"]
    assert original["language"] != item["language"]
    assert original["state"] not in {"killed", "spiked"}


@pytest.mark.parametrize("item", [i for i in ITEMS if i["taken_from"]], ids=_ids)
def test_taken_from(item: dict[str, Any]) -> None:
    source = BY_KEY.get(item["taken_from"])
    assert source is not None
    assert item["outlet"] in {"tinnhanh", "vietdaily", "courrier"}
    assert source["outlet"] == "tinnguon"
    assert source["state"] in LIVE
    assert item["state"] in TAKEN_STATES


def test_link_counts() -> None:
    assert sum(1 for item in ITEMS if item["translation_of"]) >= 8
    assert sum(1 for item in ITEMS if item["taken_from"]) >= 8
    assert sum(1 for item in ITEMS if item["type"] == "composite") >= 6


@pytest.mark.parametrize("item", ITEMS, ids=_ids)
def test_members(item: dict[str, Any]) -> None:
    if item["type"] != "composite":
        assert item["members"] is None
        return
    groups = item["members"]
    assert groups, "a package needs members"
    seen: list[str] = []
    for group in groups:
        assert set(group) == {"group", "members"}
        assert isinstance(group["group"], str) and group["group"]
        assert group["members"]
        for key in group["members"]:
            member = BY_KEY.get(key)
            assert member is not None, key
            assert key != item["key"]
            assert member["outlet"] == item["outlet"], key
            assert member["type"] != "composite", key
            seen.append(key)
    assert len(seen) == len(set(seen))
