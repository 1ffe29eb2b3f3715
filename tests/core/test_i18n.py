"""The Vietnamese catalog: complete, compiled, and English still there when asked for."""

from __future__ import annotations

import ast
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from tests.conftest import Org
from toasoan.accounts.models import Outlet
from toasoan.newsroom.models import ItemType, State
from toasoan.search import views as search_views

PO = Path(settings.LOCALE_PATHS[0]) / "vi" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # -1 for a singular msgstr
    flags: set[str] = field(default_factory=set)


_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$')


def read_po(path: Path) -> list[Entry]:
    """A small reader for the subset of the PO format that GNU gettext writes.

    Obsolete (#~) entries are skipped; the header (empty msgid) is returned as the first entry.
    """
    entries: list[Entry] = []
    entry, target = Entry(), ""

    def finish() -> None:
        nonlocal entry
        if entry.msgstr or entry.msgid:
            entries.append(entry)
        entry = Entry()

    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line:
            finish()
        elif line.startswith("#,"):
            entry.flags |= {f.strip() for f in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if target == "msgid":
                entry.msgid += value
            elif target == "msgid_plural":
                entry.msgid_plural = (entry.msgid_plural or "") + value
            elif target.startswith("msgstr"):
                index = int(target[7:-1]) if "[" in target else -1
                entry.msgstr[index] += value
        elif match := _KEYWORD.match(line):
            keyword, index, value = match.groups()
            if keyword.startswith("msgid") and entry.msgstr:
                finish()  # entries are normally blank-line separated; be lenient
            target, text = keyword, ast.literal_eval(value)
            if keyword == "msgid":
                entry.msgid = text
            elif keyword == "msgid_plural":
                entry.msgid_plural = text
            elif keyword.startswith("msgstr"):
                entry.msgstr[int(index) if index is not None else -1] = text
        else:
            raise AssertionError(f"{path.name}:{number}: cannot read {line!r}")
    finish()
    return entries


@pytest.fixture(scope="module")
def catalog() -> list[Entry]:
    assert PO.is_file(), f"missing {PO}; run makemessages -l vi"
    entries = read_po(PO)
    assert entries and entries[0].msgid == "", "the catalog starts with its header"
    return entries


def test_the_header_declares_vietnamese_utf8_and_one_plural_form(catalog: list[Entry]) -> None:
    header = catalog[0].msgstr[-1]
    assert "Language: vi\n" in header
    assert "Content-Type: text/plain; charset=UTF-8\n" in header
    assert "Plural-Forms: nplurals=1; plural=0;\n" in header
    assert "fuzzy" not in catalog[0].flags


def test_every_message_has_a_vietnamese_translation(catalog: list[Entry]) -> None:
    messages = catalog[1:]
    assert len(messages) >= 50
    for entry in messages:
        assert "fuzzy" not in entry.flags, entry.msgid
        if entry.msgid_plural is None:
            assert set(entry.msgstr) == {-1}, entry.msgid
        else:
            assert set(entry.msgstr) == {0}, f"one plural form in Vietnamese: {entry.msgid}"
        for text in entry.msgstr.values():
            assert text.strip(), f"untranslated: {entry.msgid!r}"
            assert text == unicodedata.normalize("NFC", text), f"not NFC: {entry.msgid!r}"
            placeholders = set(re.findall(r"%\(\w+\)[sd]", entry.msgid))
            assert set(re.findall(r"%\(\w+\)[sd]", text)) == placeholders, entry.msgid


def test_the_compiled_catalog_matches_the_po_file(catalog: list[Entry]) -> None:
    """Every translation in the .po comes back through gettext: the shipped .mo is current."""
    assert MO.is_file(), f"missing {MO}; run compilemessages"
    with translation.override("vi"):
        for entry in catalog[1:]:
            if entry.msgid_plural is None:
                got = translation.gettext(entry.msgid)
                assert got == entry.msgstr[-1], f"stale .mo for {entry.msgid!r}"
            else:
                for n in (1, 2, 21):
                    got = translation.ngettext(entry.msgid, entry.msgid_plural, n)
                    assert got == entry.msgstr[0], f"stale .mo for {entry.msgid!r}"


def test_vietnamese_by_default_and_english_on_request() -> None:
    samples = {
        "Search": "Tìm kiếm",
        "Log in": "Đăng nhập",
        "Skip to content": "Bỏ qua, đến nội dung chính",
    }
    with translation.override("vi"):
        for english, vietnamese in samples.items():
            assert translation.gettext(english) == vietnamese
        assert translation.ngettext("%(total)s result", "%(total)s results", 3) == (
            "%(total)s kết quả"
        )
        assert str(State.DRAFT.label) == "Nháp"
        assert str(ItemType.COMPOSITE.label) == "Gói tin"
        assert str(Outlet.Kind.ONLINE.label) == "Báo điện tử"
    with translation.override("en"):
        for english in samples:
            assert translation.gettext(english) == english
        assert translation.ngettext("%(total)s result", "%(total)s results", 1) == (
            "%(total)s result"
        )
        assert str(State.DRAFT.label) == "Draft"
        assert str(ItemType.COMPOSITE.label) == "Package"
        assert str(Outlet.Kind.ONLINE.label) == "Online newspaper"


def test_every_choice_label_is_translated() -> None:
    choices = [*ItemType.choices, *State.choices, *Outlet.Kind.choices]
    with translation.override("en"):
        english = {value: str(label) for value, label in choices}
    with translation.override("vi"):
        for value, label in choices:
            if english[value] != "Video":  # the same word in both languages
                assert str(label) != english[value], f"{value!r} is not translated"


def test_the_facet_titles_of_the_search_page_are_translated() -> None:
    with translation.override("vi"):
        titles = {str(t) for t in search_views.FACET_TITLES.values()}
    assert "Chủ đề" in titles and "Topic" not in titles


@pytest.mark.parametrize(
    ("switch", "expected", "absent"),
    [(None, "Đăng nhập", "Log in"), ("vi", "Đăng nhập", "Log in"), ("en", "Log in", "Đăng nhập")],
)
def test_the_login_page_is_vietnamese_unless_switched(
    switch: str | None, expected: str, absent: str
) -> None:
    client = Client()
    if switch:
        client.cookies["django_language"] = switch
    html = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()
    assert f"<h1>{expected}</h1>" in html
    assert absent not in html


@pytest.mark.django_db
def test_a_users_own_language_applies_after_sign_in(org: Org) -> None:
    user = org.user("b_reporter")
    user.language = "en"
    user.save()
    client = Client()
    client.force_login(user)
    assert "Search the archive" in client.get("/search/").content.decode()
