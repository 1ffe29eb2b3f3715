"""The fast paths of indexing give exactly what the plain code gives.

Segmentation (segment.Segmenter against underthesea.word_tokenize), folding by table, the
plain word pattern, body text without its whitespace pass, documents built in a batch, and
the parallel rebuild against the serial one.
"""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toasoan.core.html import to_text
from toasoan.core.text import fold
from toasoan.newsroom.models import Item
from toasoan.search import documents, text
from toasoan.search.query import has_accents
from toasoan.search.segment import Segmenter

TEXTS = [
    "Thủ tướng chỉ đạo ứng phó bão số 14. Chiều 12/11, tại Hà Nội, Thủ tướng Chính phủ chủ trì "
    "cuộc họp trực tuyến với các bộ, ngành và địa phương về phòng, chống thiên tai.",
    "Xuất khẩu gạo 9 tháng đạt 7,2 triệu tấn, tăng 10,5% so với cùng kỳ năm trước",
    "HÀ NỘI 2025: Giá vàng SJC 82.500.000 đồng/lượng; lãi suất 4,7%/năm",
    "ThS. Nguyễn Văn A, Th S Lê B, TP. HCM, v.v... ==> -> >> 3x4 43H-0530 NĐ-CP H&M H'Mông",
    "Liên hệ: a.b@ttxvn.vn, https://ttxvn.vn/tin-tuc/bao-so-3.html 0243-825-1234 :D :)) <3",
    "Rice exports from Điện Biên rose 12% in the first quarter, the Ministry said.",
    "ΣΑΣ ǅa İstanbul ß ẞ 中文 ١٢٣ ① ²",
    "  \n\t  ",
    "",
    "TP.\n",
    "Hà Nội :D",
]


@pytest.fixture(scope="module")
def segmenter() -> Segmenter:
    found = Segmenter.load()
    if found is None:
        pytest.skip("this underthesea is not the one segment.py knows")
    return found


def test_segmenter_gives_underthesea_words(segmenter: Segmenter) -> None:
    from underthesea import word_tokenize

    expected = [word_tokenize(t) for t in TEXTS]
    assert segmenter.words_many(TEXTS) == expected
    assert segmenter.words_many(TEXTS, exact=True) == expected
    assert [segmenter.words_many([t])[0] for t in TEXTS] == expected


@settings(deadline=None, max_examples=150)
@given(
    st.lists(
        st.sampled_from(
            [
                "Hà",
                "Nội",
                "thủ",
                "tướng",
                "TP.",
                "Th",
                "S",
                "s",
                ":D",
                "2025",
                "12,5",
                "-",
                ".",
                "(",
                "kinh",
                "tế",
                "xuất",
                "khẩu",
                "Việt",
                "Nam",
                "v.v",
                "e-mail",
                "a@b.vn",
                "x.com/a",
            ]
        ),
        max_size=30,
    ),
    st.lists(st.sampled_from([" ", "  ", "\n", "\t", "\u00a0", ""]), min_size=30, max_size=30),
)
def test_segmenter_on_shuffled_tokens(
    segmenter: Segmenter, words: list[str], gaps: list[str]
) -> None:
    from underthesea import word_tokenize

    value = "".join(w + g for w, g in zip(words, gaps, strict=False))
    assert segmenter.words_many([value]) == [word_tokenize(value)]


def test_compounds_in_a_batch_are_the_compounds_one_by_one() -> None:
    assert text.compounds_vi_many(TEXTS) == [text.compounds_vi(t) for t in TEXTS]


@given(st.text())
def test_fold_text_is_fold(value: str) -> None:
    assert text.fold_text(value) == fold(value)
    words = text.words(value)
    assert text.fold_words(words) == [fold(w) for w in words]


@given(st.text(alphabet=st.characters(codec="utf-8")))
def test_words_fast_path_is_the_word_pattern(value: str) -> None:
    lowered = unicodedata.normalize("NFC", unicodedata.normalize("NFC", value).casefold())
    assert text.words(value) == text._word_pattern().findall(lowered)


@given(
    st.lists(
        st.sampled_from(
            [
                "<p>",
                "</p>",
                "<br>",
                "&nbsp;",
                "&amp;",
                "&lt;",
                "&gt;",
                "&quot;",
                "&amp;lt;",
                "Hà Nội",
                " ",
                "\n",
                "a",
                "b<c",
                "x>y",
                '<a href="x">',
                "đ",
                "\xa0",
            ]
        ),
        max_size=40,
    )
)
def test_body_text_has_the_words_of_to_text(parts: list[str]) -> None:
    html = "".join(parts)
    assert text.words(documents.body_text(html)) == text.words(to_text(html))


def test_exact_columns_keep_every_accented_word() -> None:
    value = "Đà Nẵng tăng trưởng 7% nhờ du lịch, Hue and Straße café 서울"
    words, folded = documents._columns(value)
    kept = documents._accented(words, folded).split()
    assert [w for w in words if has_accents(w)] == [w for w in kept if has_accents(w)]
    assert "đà" in kept and "nẵng" in kept and "café" in kept
    assert "du" not in kept and "hue" not in kept


def _item(pk: int, language: str, headline: str, body: str) -> Item:
    return Item(
        pk=pk,
        language=language,
        headline=headline,
        abstract="Tóm tắt: " + headline,
        body_html=f"<p>{body}</p><p>&amp; {headline}</p>",
        keywords=["kinh tế"],
        places=["Hà Nội"],
        subjects=["04000000", "20000002"],
        outlet_id=1,
        created_by_id=1,
        state="published",
    )


def test_documents_in_a_batch_are_the_documents_one_by_one() -> None:
    items = [
        _item(i, lang, t[:80], t)
        for i, (lang, t) in enumerate(
            [
                ("vi", TEXTS[0]),
                ("en", TEXTS[5]),
                ("vi", TEXTS[1]),
                ("fr", "Les élections"),
                ("vi", ""),
            ]
        )
    ]
    for item in items:
        item.updated_at = item.published_at = None
    batch = documents.build_many(items)
    single = [documents.build(item) for item in items]
    assert batch == single
    assert batch[0].columns["comp"] and not batch[1].columns["comp"]
    assert batch[1].columns["stem"] and not batch[0].columns["stem"]


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_parallel_rebuild_writes_what_the_serial_one_writes(org: Any) -> None:
    from django.db import connection

    from toasoan.search.backends import get_backend
    from toasoan.search.management.commands.search import Command, id_batches
    from toasoan.search.service import index_items

    for i, t in enumerate(TEXTS * 3):
        Item.objects.create(
            guid=f"urn:test:{i}",
            outlet=org.a,
            headline=t[:200],
            abstract=t,
            body_html=f"<p>{t}</p>",
            language="en" if i % 4 == 1 else "vi",
            state="published",
            created_by=org.user("a_eic"),
            updated_by=org.user("a_eic"),
        )

    def snapshot() -> list[tuple[Any, ...]]:
        text_sql = {
            "sqlite": "SELECT f.rowid, f.head_f, f.body_f, f.stem, f.comp "
            "FROM search_fts f ORDER BY f.rowid",
            "postgresql": "SELECT item_id, tsv_all::text, tsv_subj::text "
            "FROM search_searchdocument ORDER BY item_id",
        }[connection.vendor]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT item_id, outlet_id, state, language, headline_folded "
                "FROM search_searchdocument ORDER BY item_id"
            )
            rows = cursor.fetchall()
            cursor.execute("SELECT item_id, code FROM search_searchsubject ORDER BY item_id, code")
            rows += cursor.fetchall()
            cursor.execute(text_sql)
            rows += cursor.fetchall()
            # (of this test's items: the flush after another test leaves the table be)
            cursor.execute(
                "SELECT item_id, CAST(words AS text) FROM search_bonuswords "
                "WHERE item_id IN (SELECT id FROM newsroom_item) ORDER BY item_id"
            )
            return rows + cursor.fetchall()

    for ids in id_batches(7):
        index_items(ids)
    serial = snapshot()
    for ids in id_batches(1000):
        get_backend().delete(ids)
    assert snapshot() == []
    assert Command.rebuild_parallel(7, 2) == Item.objects.count()
    assert snapshot() == serial
