"""What an editor notices when searching: folding, accents, phrases, fields, permissions."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from tests.conftest import Org
from tests.search.conftest import deliver_pending
from toasoan.core.errors import InvalidInput
from toasoan.newsroom import actions
from toasoan.newsroom.models import Item, Notification
from toasoan.search.backends.base import Filters
from toasoan.search.models import SavedSearch, SearchDocument
from toasoan.search.service import search, suggest


def _headlines(user: Any, q: str, **kw: Any) -> list[str]:
    return [r["headline"] for r in search(user, q, **kw).results]


@pytest.fixture
def corpus(org: Org, publish: Any) -> dict[str, Item]:
    items = {
        "hanoi": publish(headline="HÀ NỘI ĐÓN KHÁCH QUỐC TẾ", subjects=["medtop:01000000"]),
        "dienbien": publish(headline="Điện Biên mùa hoa ban", body_html="<p>Hoa ban nở.</p>"),
        "ban_sell": publish(headline="Nông dân bán lúa sớm", subjects=["20000344"]),
        "ban_table": publish(headline="Chiếc bàn gỗ lim trăm tuổi"),
        "phrase": publish(headline="Bão số 14 đổ bộ", body_html="<p>Gió mạnh cấp 12.</p>"),
        "scattered": publish(headline="Số liệu mới về bão", body_html="<p>Có 14 điểm sạt lở.</p>"),
        "english": publish(
            "b",
            headline="Rice exports rise",
            language="en",
            body_html="<p>Exporters shipped more rice.</p>",
        ),
    }
    deliver_pending()
    return items


def test_case_and_diacritics_do_not_stop_a_match(org: Org, corpus: dict[str, Item]) -> None:
    user = org.user("agency_admin")
    assert _headlines(user, "ha noi") == ["HÀ NỘI ĐÓN KHÁCH QUỐC TẾ"]
    assert _headlines(user, "Hà Nội") == ["HÀ NỘI ĐÓN KHÁCH QUỐC TẾ"]
    assert _headlines(user, "dien bien") == ["Điện Biên mùa hoa ban"]
    assert _headlines(user, "DIỆN BIÊN") == ["Điện Biên mùa hoa ban"]  # đ folds to d


def test_exact_accents_rank_above_folded_matches(org: Org, corpus: dict[str, Item]) -> None:
    user = org.user("agency_admin")
    found = _headlines(user, "bán")
    assert found[0] == "Nông dân bán lúa sớm"
    assert "Chiếc bàn gỗ lim trăm tuổi" in found  # folded matches still come, after
    assert _headlines(user, "bàn")[0] == "Chiếc bàn gỗ lim trăm tuổi"


def test_quoted_phrase_matches_as_a_phrase(org: Org, corpus: dict[str, Item]) -> None:
    user = org.user("agency_admin")
    assert _headlines(user, '"bão số 14"') == ["Bão số 14 đổ bộ"]
    assert set(_headlines(user, "bão số 14")) == {"Bão số 14 đổ bộ", "Số liệu mới về bão"}


def test_fields_and_boolean_operators(org: Org, corpus: dict[str, Item]) -> None:
    user = org.user("agency_admin")
    assert set(_headlines(user, "headline:ban")) == {
        "Điện Biên mùa hoa ban",
        "Nông dân bán lúa sớm",
        "Chiếc bàn gỗ lim trăm tuổi",
    }
    assert _headlines(user, "headline:hoa") == ["Điện Biên mùa hoa ban"]
    assert _headlines(user, "headline:no") == []  # "nở" is only in the body
    assert _headlines(user, "body:sạt") == ["Số liệu mới về bão"]
    assert set(_headlines(user, "bão NOT đổ")) == {"Số liệu mới về bão"}
    assert set(_headlines(user, "điện OR gỗ")) == {
        "Điện Biên mùa hoa ban",
        "Chiếc bàn gỗ lim trăm tuổi",
    }
    assert _headlines(user, "nong AND lua") == ["Nông dân bán lúa sớm"]


def test_english_is_stemmed(org: Org, corpus: dict[str, Item]) -> None:
    user = org.user("agency_admin")
    assert _headlines(user, "export") == ["Rice exports rise"]
    assert _headlines(user, "exporting") == ["Rice exports rise"]


def test_subject_filter_includes_narrower_topics(org: Org, corpus: dict[str, Item]) -> None:
    user = org.user("agency_admin")
    economy = search(user, "", filters=Filters(subjects=["04000000"]))  # 20000344 is narrower
    assert [r["headline"] for r in economy.results] == ["Nông dân bán lúa sớm"]
    assert _headlines(user, "subject:04000000") == ["Nông dân bán lúa sớm"]
    with pytest.raises(InvalidInput) as err:
        search(user, "", filters=Filters(subjects=["99999999"]))
    assert err.value.field == "subject[0]"


def test_unreadable_query_is_a_clear_error(org: Org, corpus: dict[str, Item]) -> None:
    for bad in ['"bão số', "(lũ OR", "bão AND", "tacgia:ai", "NOT bão"]:
        with pytest.raises(InvalidInput) as err:
            search(org.user("agency_admin"), bad)
        assert err.value.field == "q" and err.value.message


def test_prefix_terms_need_three_letters_but_in_headlines(
    org: Org, corpus: dict[str, Item]
) -> None:
    user = org.user("agency_admin")
    with pytest.raises(InvalidInput) as err:
        search(user, "bão ha*")
    assert (
        err.value.field == "q" and "ha*" in err.value.message and "3 letters" in err.value.message
    )
    assert _headlines(user, "expor*") == ["Rice exports rise"]  # in the body: "Exporters"
    assert _headlines(user, "headline:di*") == ["Điện Biên mùa hoa ban"]
    assert _headlines(user, "headline:di* OR headline:ric*", sort="date") == [
        "Rice exports rise",
        "Điện Biên mùa hoa ban",
    ]
    # a headline: query with filters, and one with a NOT, read the headline table too
    assert _headlines(user, "headline:ba*", filters=Filters(languages=["en"])) == []
    assert len(_headlines(user, "headline:ba*", filters=Filters(languages=["vi"]))) == 5
    assert sorted(_headlines(user, "headline:ban* -headline:hoa")) == [
        "Chiếc bàn gỗ lim trăm tuổi",
        "Nông dân bán lúa sớm",
    ]


def test_headline_words_find_their_stems_in_the_headline(org: Org, corpus: dict[str, Item]) -> None:
    user = org.user("agency_admin")
    assert _headlines(user, "headline:export") == ["Rice exports rise"]
    assert _headlines(user, "headline:shipping") == []  # "shipped" is in the body only
    assert _headlines(user, "shipping") == ["Rice exports rise"]


def test_filter_tokens_never_match_words_of_the_text(org: Org, publish: Any) -> None:
    """SQLite keeps the filters as "¤" tokens in the full-text index: "¤len" (English) must
    not be the word "lên" of a Vietnamese item."""
    from django.db import connection

    publish(headline="Giá lúa tăng lên", body_html="<p>Giá lúa tăng lên lvi.</p>")
    deliver_pending()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for table in ("search_fts", "search_fts_head"):
                counts = []
                for token in ("\u00a4len", "\u00a4lvi", "lvi"):
                    cursor.execute(
                        f"SELECT count(*) FROM {table} WHERE {table} MATCH %s",  # noqa: S608
                        [f'"{token}"'],
                    )
                    counts.append(cursor.fetchone()[0])
                assert counts == [0, 1, 1 if table == "search_fts" else 0]
    user = org.user("agency_admin")
    assert _headlines(user, "tang len", filters=Filters(languages=["en"])) == []
    assert _headlines(user, "tang len", filters=Filters(languages=["vi"])) == ["Giá lúa tăng lên"]


def test_common_words_rank_headline_matches_first_without_bm25(
    org: Org, corpus: dict[str, Item], monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the words are too common for bm25 (SQLite: RANK_ALL_LIMIT), a complete match set
    is ranked as a sample is: headline matches first, then newest."""
    from django.db import connection

    from toasoan.search.backends import sqlite

    user = org.user("agency_admin")
    expected = sorted(_headlines(user, "bao"))
    monkeypatch.setattr(sqlite, "RANK_ALL_LIMIT", 1)
    found = _headlines(user, "bao")
    assert sorted(found) == expected and len(found) == 2
    if connection.vendor == "sqlite":  # both headlines say bão: the newest first
        assert found == ["Số liệu mới về bão", "Bão số 14 đổ bộ"]
    assert _headlines(user, "bao", filters=Filters(languages=["en"])) == []


def test_results_and_counts_respect_permissions(org: Org, publish: Any) -> None:
    publish(headline="Tin công khai về cảng biển")
    draft = actions.create(
        by=org.user("a_reporter"), outlet=org.a, fields={"headline": "Bản nháp về cảng biển"}
    )
    deliver_pending()
    outsider = search(org.user("b_reporter"), "cang bien")
    assert [r["headline"] for r in outsider.results] == ["Tin công khai về cảng biển"]
    assert outsider.total == 1 and outsider.facets["state"] == {"published": 1}
    insider = search(org.user("a_reporter"), "cang bien")
    assert insider.total == 2 and draft.pk in {r["id"] for r in insider.results}


def test_facets_count_the_matching_set(org: Org, corpus: dict[str, Item]) -> None:
    page = search(org.user("agency_admin"), "", filters=Filters(languages=["vi"]))
    assert page.total == 6
    assert page.facets["language"] == {"vi": 6}
    assert page.facets["outlet"] == {str(org.a.pk): 6}


def test_snippets_highlight_the_words_found(org: Org, corpus: dict[str, Item]) -> None:
    result = search(org.user("agency_admin"), "gio manh").results[0]
    assert "<mark>Gió</mark> <mark>mạnh</mark>" in result["snippet_html"]
    assert result["headline_html"] == "Bão số 14 đổ bộ"


def test_type_ahead_suggests_headlines(org: Org, corpus: dict[str, Item]) -> None:
    found = suggest(org.user("agency_admin"), "dien bi")
    assert [s["headline"] for s in found] == ["Điện Biên mùa hoa ban"]


def test_index_follows_changes_and_kills(org: Org, corpus: dict[str, Item]) -> None:
    user, item = org.user("agency_admin"), corpus["dienbien"]
    actions.correct(
        item,
        by=org.user("a_eic"),
        expected_revision=None,
        note="Sửa tít",
        fields={"headline": "Điện Biên rực rỡ hoa ban"},
    )
    deliver_pending()
    assert _headlines(user, "ruc ro") == ["Điện Biên rực rỡ hoa ban"]
    actions.kill(item, by=org.user("a_eic"), expected_revision=None, reason="Sai")
    deliver_pending()
    assert search(org.user("b_reporter"), "ruc ro").total == 0  # no longer public


def test_rebuild_restores_a_lost_index(org: Org, corpus: dict[str, Item]) -> None:
    SearchDocument.objects.all().delete()
    assert search(org.user("agency_admin"), "ha noi").total == 0
    call_command("search", "rebuild", stdout=None)
    assert search(org.user("agency_admin"), "ha noi").total == 1


def test_saved_search_alerts_when_a_new_item_matches(org: Org, publish: Any) -> None:
    reader = org.user("b_reporter")
    reader.email = "b@example.vn"
    reader.save()
    SavedSearch.objects.create(user=reader, name="Cảng biển", query="cang bien", alert=True)
    publish(headline="Khánh thành cảng biển nước sâu")
    publish(headline="Tin khác hẳn")
    deliver_pending()
    notes = Notification.objects.filter(user=reader, kind="search_alert")
    assert [n.item.headline for n in notes] == ["Khánh thành cảng biển nước sâu"]
    from django.core import mail

    assert len(mail.outbox) == 1 and "Cảng biển" in mail.outbox[0].subject


@pytest.mark.parametrize("sort", ["date", "relevance"])
def test_samples_of_big_match_sets_keep_permissions_and_filters(
    org: Org, publish: Any, monkeypatch: pytest.MonkeyPatch, sort: str
) -> None:
    """Beyond SAMPLE matches (here 1), the newest matches stand for the set and the date
    order is walked down the date index: neither may show what filters or permissions hide."""
    from toasoan.search import service

    publish(headline="Cảng biển Hải Phòng mở rộng", subjects=["20000344"])
    publish("b", headline="Port of Hai Phong grows", language="en", body_html="<p>cảng biển</p>")
    draft = actions.create(
        by=org.user("a_reporter"), outlet=org.a, fields={"headline": "Bản nháp về cảng biển"}
    )
    deliver_pending()
    monkeypatch.setattr(service, "SAMPLE", 1)
    outsider = search(org.user("b_reporter"), "cang bien", sort=sort, limit=5)
    assert not outsider.total_exact
    assert draft.pk not in {r["id"] for r in outsider.results}
    # by date every match comes, down the date index; by relevance those of the sample
    assert len(outsider.results) == (2 if sort == "date" else 1)
    insider = search(org.user("a_reporter"), "cang bien", sort=sort, limit=5)
    assert draft.pk in {r["id"] for r in insider.results}  # the newest
    assert len(insider.results) == (3 if sort == "date" else 1)
    english = search(
        org.user("b_reporter"), "cang bien", sort=sort, filters=Filters(languages=["en"])
    )
    assert [r["headline"] for r in english.results] == ["Port of Hai Phong grows"]
    drafts = search(
        org.user("b_reporter"), "cang bien", sort=sort, filters=Filters(states=["draft"])
    )
    assert drafts.results == []


# first range grown by the matches found / by GROWTH; ranges of more than 4 (0) ids bounded in SQL
@pytest.mark.parametrize(("first_blocks", "blocks_up_to"), [(1, 1 << 17), (3, 4), (2, 0)])
def test_postgres_scan_by_id_ranges_finds_what_one_query_finds(
    org: Org,
    corpus: dict[str, Item],
    monkeypatch: pytest.MonkeyPatch,
    first_blocks: int,
    blocks_up_to: int,
) -> None:
    """Blocks of 1, 2 and 4 ids over the small corpus: the scan goes through many ranges,
    made of blocks of every size, before its last query for everything older."""
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the scan by id ranges is PostgreSQL's")
    from toasoan.search.backends import filter_tokens, postgres

    user = org.user("b_reporter")
    queries = [
        "bao",
        "ban OR lua",
        "so 14",
        "lua",
        "headline:ban*",
        '"so 14"',
        "bao NOT gio",
        "headline:bao NOT gio",
        '"so 14" OR rice',
        "body:gio",
        "dien*",
        "",  # filters alone
    ]
    filters = (
        Filters(),
        Filters(languages=["vi"]),
        Filters(outlets=[org.a.pk]),
        Filters(subjects=["04000000"]),  # and its narrower topics
    )
    cases = [(q, f) for q in queries for f in filters]
    expected = [_headlines(user, q, sort="date", filters=f) for q, f in cases]
    assert sum(map(len, expected)) >= 20
    monkeypatch.setattr(filter_tokens, "ID_BLOCKS", (("i", 0), ("j", 1), ("h", 2)))
    call_command("search", "rebuild", stdout=None)
    monkeypatch.setattr(postgres, "FIRST_BLOCKS", first_blocks)
    monkeypatch.setattr(postgres, "BLOCKS_UP_TO", blocks_up_to)
    monkeypatch.setattr(postgres, "MARGIN", 0.5)  # a range too short: one more round
    assert [_headlines(user, q, sort="date", filters=f) for q, f in cases] == expected


def test_id_ranges_are_made_of_whole_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    from toasoan.search.backends import filter_tokens

    monkeypatch.setattr(filter_tokens, "ID_BLOCKS", (("i", 1), ("j", 3)))
    # ids 2..21: 2-3, 4-5, 6-7 in blocks of 2, 8-15 in one of 8, then 16-17, 18-19, 20-21
    assert filter_tokens.id_range_tokens(2, 22) == [
        "\u00a4i1",
        "\u00a4i2",
        "\u00a4i3",
        "\u00a4j1",
        "\u00a4i8",
        "\u00a4i9",
        "\u00a4i10",
    ]
    assert filter_tokens.id_tokens(21) == ["\u00a4i10", "\u00a4j2"]
    with pytest.raises(ValueError, match="whole blocks"):
        filter_tokens.id_range_tokens(1, 8)


def test_filter_tokens_are_lexemes_of_the_postgres_vector(
    org: Org, corpus: dict[str, Item]
) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("tsv_all is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM search_searchdocument WHERE tsv_all @@ %s::tsquery",
            ["'\u00a4len' & 'rice'"],
        )
        assert cursor.fetchone()[0] == 1


def test_migrations_spell_the_postgres_filter_lexemes_as_indexing_does(
    org: Org, corpus: dict[str, Item]
) -> None:
    from importlib import import_module

    from django.conf import settings
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("tsv_all is PostgreSQL's")
    migration = import_module("toasoan.search.migrations.0007_pg_filter_lexemes")
    blocks = import_module("toasoan.search.migrations.0009_pg_id_blocks_inline_vectors")
    read = "SELECT item_id, tsv_all::text FROM search_searchdocument ORDER BY item_id"
    with connection.cursor() as cursor:
        cursor.execute(read)
        indexed = cursor.fetchall()
        assert all("'\u00a4l" in vector for _, vector in indexed)
        cursor.execute(  # the documents as they were before the migration
            "UPDATE search_searchdocument SET tsv_all = ts_delete(tsv_all, ARRAY("
            "SELECT lexeme FROM unnest(tsv_all) WHERE lexeme LIKE %s))",
            ["\u00a4%"],
        )
        cursor.execute(migration.FILL, [settings.TIME_ZONE, settings.TIME_ZONE])
        cursor.execute(blocks.FILL)
        cursor.execute(read)
        assert cursor.fetchall() == indexed


def test_postgres_headline_flags_of_the_scan_rank_as_the_headline_query_does(
    org: Org, corpus: dict[str, Item], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sampled sets (SAMPLE 2) are ranked headline matches first: the flags the scan adds to
    its rows must give the order the separate headline query gives."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the headline flag of the scan is PostgreSQL's")
    from toasoan import search as search_app
    from toasoan.search.backends import postgres

    user = org.user("agency_admin")
    monkeypatch.setattr(search_app.service, "SAMPLE", 2)
    # "14": in a headline, and in the body of a newer item
    queries = ["14", "bao 14", "so 14", "ban OR 14", "14 NOT gio", "byline:x OR 14", "headline:ban"]
    flagged = [_headlines(user, q) for q in queries]
    assert flagged[0] == ["Bão số 14 đổ bộ", "Số liệu mới về bão"]
    monkeypatch.setattr(postgres, "_headline_flag", lambda req: ("", []))
    assert [_headlines(user, q) for q in queries] == flagged


@pytest.mark.parametrize("ranked_as_sample", [False, True])
def test_exact_accents_then_compounds_earn_their_bonuses(
    org: Org, publish: Any, monkeypatch: pytest.MonkeyPatch, ranked_as_sample: bool
) -> None:
    """ "kinh tế": the item with the exact words and the compound kinh_tế first, then the one
    with both words apart, then the unaccented one, though they are newer (and shorter, for
    the engines' scores): both by the engine's ranking of a small set and as a sample is
    ranked (by headline and date, then the bonuses)."""
    from toasoan.search import documents
    from toasoan.search.backends import get_backend

    compound = publish(headline="Tin một", abstract="Kinh tế tăng trưởng mạnh trong quý ba.")
    apart = publish(headline="Tin hai", abstract="Kinh đô làm lễ tế.")
    folded = publish(headline="Tin ba", abstract="Kinh te.")
    deliver_pending()
    assert "kinhte" in documents.build(compound).columns["comp"].split()
    assert "kinhte" not in documents.build(apart).columns["comp"].split()
    if ranked_as_sample:
        monkeypatch.setattr(type(get_backend()), "ranks_all", lambda self, req, n: False)
    found = _headlines(org.user("agency_admin"), "kinh tế")
    assert found == [compound.headline, apart.headline, folded.headline]
