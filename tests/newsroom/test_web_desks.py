"""Desk monitoring in the web UI: what is shown to whom, filters, live fingerprint, moving items."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.conftest import Org
from toasoan.newsroom import actions
from toasoan.newsroom.models import Item


def _client(org: Org, name: str) -> Client:
    client = Client()
    client.force_login(org.user(name))
    return client


def _item(
    org: Org, headline: str, *, who: str = "a_reporter", desk: Any = None, **fields: Any
) -> Item:
    return actions.create(
        by=org.user(who),
        outlet=org.a if who.startswith("a_") else org.b,
        desk=desk or org.desk_a,
        fields={"headline": headline, **fields},
    )


def test_desk_list_shows_only_desks_of_my_outlets(org: Org) -> None:
    html = _client(org, "a_reporter").get("/desks/").content.decode()
    assert org.desk_a.name in html and org.desk_a2.name in html
    assert "News" not in html  # desk of outlet B


def test_desk_view_has_a_column_per_stage_and_cards_with_their_facts(org: Org) -> None:
    item = _item(org, "Bão số 3 đổ bộ", urgency=2, language="vi")
    actions.lock(item, by=org.user("a_editor"))
    response = _client(org, "a_chief").get(f"/desks/{org.desk_a.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    for stage in org.desk_a.stages.all():
        assert f'data-stage="{stage.pk}"' in html
    assert "Bão số 3 đổ bộ" in html
    assert "urgency-2" in html and "state-draft" in html
    assert "badge-lock" in html and "a_editor" in html
    assert 'id="move-dialog"' in html


def test_another_outlets_unpublished_items_are_never_shown(org: Org) -> None:
    _item(org, "Bí mật của báo B", who="b_reporter", desk=org.desk_b)
    client = _client(org, "a_chief")
    assert client.get(f"/desks/{org.desk_b.pk}/").status_code == 404
    response = client.get(f"/desks/view/?desk={org.desk_a.pk}&desk={org.desk_b.pk}")
    assert response.status_code == 404
    board = client.get(f"/desks/board/?desk={org.desk_b.pk}")
    assert board.status_code == 404
    assert "Bí mật" not in board.content.decode()


def test_multi_desk_view_shows_each_desk_with_its_columns(org: Org) -> None:
    _item(org, "Tin thời sự")
    _item(org, "Tin kinh tế", desk=org.desk_a2)
    html = (
        _client(org, "a_editor")
        .get(f"/desks/view/?desk={org.desk_a.pk}&desk={org.desk_a2.pk}")
        .content.decode()
    )
    assert "Tin thời sự" in html and "Tin kinh tế" in html
    assert html.count('class="board-desk"') == 2


def test_filters_narrow_the_cards_and_bad_values_name_the_field(org: Org) -> None:
    _item(org, "Khẩn: động đất", urgency=1)
    _item(org, "Lịch thi đấu", urgency=6)
    client = _client(org, "a_editor")
    html = client.get(f"/desks/{org.desk_a.pk}/?urgency=3").content.decode()
    assert "Khẩn: động đất" in html and "Lịch thi đấu" not in html
    html = client.get(f"/desks/{org.desk_a.pk}/?q=thi").content.decode()
    assert "Lịch thi đấu" in html and "Khẩn: động đất" not in html
    html = client.get(f"/desks/{org.desk_a.pk}/?state=published").content.decode()
    assert "Lịch thi đấu" not in html
    bad = client.get(f"/desks/{org.desk_a.pk}/?urgency=12")
    assert bad.status_code == 422 and "urgency" in bad.content.decode()


def test_polling_answers_204_until_another_user_changes_an_item(org: Org) -> None:
    item = _item(org, "Bản nháp")
    client = _client(org, "a_editor")
    url = f"/desks/board/?desk={org.desk_a.pk}"
    first = client.get(url)
    assert first.status_code == 200
    fp = first.content.decode().split('data-fingerprint="')[1].split('"')[0]
    assert client.get(f"{url}&fp={fp}").status_code == 204
    actions.save(
        item, by=org.user("a_reporter"), fields={"headline": "Đã sửa"}, expected_revision=None
    )
    changed = client.get(f"{url}&fp={fp}")
    assert changed.status_code == 200 and "Đã sửa" in changed.content.decode()
    fp2 = changed.content.decode().split('data-fingerprint="')[1].split('"')[0]
    actions.lock(item, by=org.user("a_reporter"))
    assert client.get(f"{url}&fp={fp2}").status_code == 200  # a new lock holder shows too


def test_move_through_the_ui_endpoint_changes_stage_in_one_action(org: Org) -> None:
    item = _item(org, "Chuyển bài")
    target = org.desk_a.stages.order_by("position")[2]
    response = _client(org, "a_editor").post(
        f"/items/{item.pk}/move/",
        {"revision": item.revision, "stage": target.pk},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response["HX-Trigger"] == "board-refresh"
    item.refresh_from_db()
    assert item.stage_id == target.pk and item.desk_id == org.desk_a.pk


def test_move_to_another_desk_of_the_outlet(org: Org) -> None:
    item = _item(org, "Sang ban kinh tế")
    stage = org.desk_a2.stages.order_by("position").first()
    assert stage is not None
    _client(org, "a_editor").post(
        f"/items/{item.pk}/move/", {"revision": item.revision, "stage": stage.pk}
    )
    item.refresh_from_db()
    assert item.desk_id == org.desk_a2.pk


def test_stale_move_is_refused_with_a_clear_message_and_nothing_changes(org: Org) -> None:
    item = _item(org, "Bài cũ")
    seen = item.revision
    actions.save(
        item, by=org.user("a_reporter"), fields={"headline": "Bài mới"}, expected_revision=None
    )
    target = org.desk_a.stages.order_by("position")[1]
    response = _client(org, "a_editor").post(
        f"/items/{item.pk}/move/", {"revision": seen, "stage": target.pk}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 412
    assert 'role="alert"' in response.content.decode()
    assert response["HX-Trigger"] == "board-refresh"
    item.refresh_from_db()
    assert item.stage_id != target.pk


def test_move_needs_the_move_privilege_and_a_stage_of_the_same_outlet(org: Org) -> None:
    item = _item(org, "Không được chuyển")
    target = org.desk_a.stages.order_by("position")[1]
    reporter = _client(org, "a_reporter").post(
        f"/items/{item.pk}/move/",
        {"revision": item.revision, "stage": target.pk},
        HTTP_HX_REQUEST="true",
    )
    assert reporter.status_code == 403
    foreign = org.desk_b.stages.first()
    assert foreign is not None
    editor = _client(org, "a_editor").post(
        f"/items/{item.pk}/move/",
        {"revision": item.revision, "stage": foreign.pk},
        HTTP_HX_REQUEST="true",
    )
    assert editor.status_code == 422 and "stage" in editor.content.decode()
    missing = _client(org, "a_editor").post(f"/items/{item.pk}/move/", {"stage": target.pk})
    assert missing.status_code == 302  # without htmx: back to the desks with a message
    item.refresh_from_db()
    assert item.stage_id != target.pk


def test_board_queries_do_not_grow_with_the_number_of_items(org: Org) -> None:
    client = _client(org, "a_chief")
    url = f"/desks/{org.desk_a.pk}/"
    _item(org, "Một")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(15):
        item = _item(org, f"Tin {n}", desk=org.desk_a)
        actions.lock(item, by=org.user("a_editor"))
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


@pytest.mark.parametrize("name", ["a_reporter", "a_chief"])
def test_home_lists_drafts_waiting_items_and_notifications(org: Org, name: str) -> None:
    draft = _item(org, "Nháp của tôi")
    submitted = _item(org, "Chờ duyệt bài này", who="a_reporter2")
    actions.submit(submitted, by=org.user("a_reporter2"), expected_revision=None)
    html = _client(org, name).get("/").content.decode()
    if name == "a_reporter":
        assert draft.headline in html and "Chờ duyệt bài này" not in html
    else:
        assert "Chờ duyệt bài này" in html and draft.headline not in html


def test_desk_view_speaks_the_users_language(org: Org) -> None:
    _item(org, "Tin song ngữ")
    html = _client(org, "a_editor").get(f"/desks/{org.desk_a.pk}/").content.decode()
    assert "Chuyển đến…" in html and "Tất cả ban của tôi" in html
    editor = org.user("a_editor")
    editor.language = "en"
    editor.save()
    html = _client(org, "a_editor").get(f"/desks/{org.desk_a.pk}/").content.decode()
    assert "Move to…" in html and "All my desks" in html
