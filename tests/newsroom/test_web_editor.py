"""The editor pages: create, open (lock), save, validation, autosave and recovery, conflicts."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest
from django.test import Client

from tests.conftest import Org
from toasoan.newsroom import actions
from toasoan.newsroom.models import Draft, Item, Lock, Revision


def client_for(org: Org, name: str) -> Client:
    client = Client()
    client.force_login(org.user(name))
    return client


def story(org: Org, **fields: Any) -> Item:
    values = {"headline": "Lũ ở miền Trung", "body_html": "<p>Mưa lớn kéo dài.</p>", **fields}
    return actions.create(by=org.user("a_reporter"), outlet=org.a, desk=org.desk_a, fields=values)


def form_of(item: Item, **changes: Any) -> dict[str, Any]:
    data = {
        "revision": str(item.revision),
        "headline": item.headline,
        "slugline": item.slugline,
        "byline": item.byline,
        "dateline_place": item.dateline_place,
        "dateline_date": "",
        "abstract": item.abstract,
        "body_html": item.body_html,
        "places": "",
        "people": "",
        "organisations": "",
        "keywords": "",
        "urgency": str(item.urgency),
        "priority": str(item.priority),
        "genre": item.genre,
        "embargo_until": "",
        "credit": "",
        "copyright_holder": "",
        "copyright_notice": "",
        "usage_terms": "",
    }
    data.update(changes)
    return data


def test_new_item_creates_in_an_allowed_outlet_and_opens_the_editor(org: Org) -> None:
    client = client_for(org, "a_reporter")
    page = client.get("/items/new/")
    assert page.status_code == 200
    assert org.b.name not in page.content.decode()  # only outlets where the user may create
    answer = client.post(
        "/items/new/",
        {"type": "text", "outlet": org.a.pk, "desk": org.desk_a.pk, "language": "vi"},
    )
    item = Item.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/items/{item.pk}/edit/"
    assert (item.outlet, item.desk, item.language) == (org.a, org.desk_a, "vi")


def test_new_item_refuses_another_outlet_and_a_foreign_desk(org: Org) -> None:
    client = client_for(org, "a_reporter")
    denied = client.post("/items/new/", {"type": "text", "outlet": org.b.pk, "language": "vi"})
    assert denied.status_code == 403
    wrong_desk = client.post(
        "/items/new/", {"type": "text", "outlet": org.a.pk, "desk": org.desk_b.pk}
    )
    assert wrong_desk.status_code == 422
    assert "desk" in wrong_desk.content.decode().lower() or "Ban" in wrong_desk.content.decode()
    assert not Item.objects.exists()


def test_opening_the_editor_takes_the_lock_and_shows_it_to_others(org: Org) -> None:
    item = story(org)
    page = client_for(org, "a_reporter").get(f"/items/{item.pk}/edit/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "data-django-prose-editor-configurable" in html  # the rich-text editor
    assert '"Heading":{"levels":[2,3,4]}' in html.replace("&quot;", '"')
    assert Lock.objects.get(item=item).holder == org.user("a_reporter")

    other = client_for(org, "a_reporter2").get(f"/items/{item.pk}/edit/").content.decode()
    assert "lock-banner" in other and "a_reporter" in other
    assert "/lock/take-over/" not in other  # reporters may not take over
    chief = client_for(org, "a_chief").get(f"/items/{item.pk}/edit/").content.decode()
    assert "/lock/take-over/" in chief


def test_take_over_and_unlock(org: Org) -> None:
    item = story(org)
    client_for(org, "a_reporter").get(f"/items/{item.pk}/edit/")
    assert (
        client_for(org, "a_reporter2").post(f"/items/{item.pk}/lock/take-over/").status_code == 403
    )
    chief = client_for(org, "a_chief")
    assert chief.post(f"/items/{item.pk}/lock/take-over/").status_code == 302
    assert Lock.objects.get(item=item).holder == org.user("a_chief")
    assert chief.post(f"/items/{item.pk}/unlock/").status_code == 204
    assert not Lock.objects.filter(item=item).exists()


def test_other_outlets_items_are_not_found(org: Org) -> None:
    item = story(org)
    client = client_for(org, "b_reporter")
    assert client.get(f"/items/{item.pk}/edit/").status_code == 404
    assert client.post(f"/items/{item.pk}/autosave/", form_of(item)).status_code == 404
    assert client.get(f"/items/{item.pk}/revisions/").status_code == 404


def test_save_writes_a_revision_in_nfc_with_sanitised_body(org: Org) -> None:
    item = story(org)
    client = client_for(org, "a_reporter")
    decomposed = unicodedata.normalize("NFD", "Hà Nội đón bão")
    body = '<p onclick="x()">Gió mạnh</p><script>alert(1)</script><h2>Cập nhật</h2>'
    answer = client.post(
        f"/items/{item.pk}/save/",
        form_of(
            item,
            headline=decomposed,
            body_html=body,
            keywords="bão, miền Trung, bão",
            dateline_date="26/11/2026",
            subjects=["medtop:06000000"],
        ),
    )
    assert answer.status_code == 302
    item.refresh_from_db()
    assert item.headline == unicodedata.normalize("NFC", "Hà Nội đón bão")
    assert item.body_html == "<p>Gió mạnh</p><h2>Cập nhật</h2>"
    assert item.keywords == ["bão", "miền Trung"]
    assert item.dateline_date.isoformat() == "2026-11-26"
    assert item.subjects == ["06000000"]
    assert Revision.objects.filter(item=item, kind="save").count() == 1
    assert not Draft.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("dateline_date", "2026-11-26"), ("embargo_until", "26/11/2026"), ("urgency", "11")],
)
def test_bad_input_is_refused_with_the_field_named_and_nothing_written(
    org: Org, field: str, value: str
) -> None:
    item = story(org)
    answer = client_for(org, "a_reporter").post(
        f"/items/{item.pk}/save/", form_of(item, headline="Đổi tiêu đề", **{field: value})
    )
    assert answer.status_code == 422
    html = answer.content.decode()
    assert 'class="field-error"' in html or "editor-errors" in html
    assert "Đổi tiêu đề" in html  # what the user typed is still on the page
    item.refresh_from_db()
    assert item.headline == "Lũ ở miền Trung"
    assert Draft.objects.get().form["headline"] == "Đổi tiêu đề"  # and kept as a draft


def test_autosave_keeps_a_draft_and_the_editor_offers_recovery(org: Org) -> None:
    item = story(org)
    client = client_for(org, "a_reporter")
    answer = client.post(f"/items/{item.pk}/autosave/", form_of(item, body_html="<p>Chưa lưu</p>"))
    assert answer.status_code == 200 and answer.json()["saved_at"]
    draft = Draft.objects.get(item=item, user=org.user("a_reporter"))
    assert draft.base_revision == item.revision and draft.form["body_html"] == "<p>Chưa lưu</p>"
    item.refresh_from_db()
    assert item.body_html == "<p>Mưa lớn kéo dài.</p>"  # autosave never touches the item

    page = client.get(f"/items/{item.pk}/edit/").content.decode()
    assert 'id="recovery"' in page and "?recover=1" in page
    recovered = client.get(f"/items/{item.pk}/edit/?recover=1").content.decode()
    assert "Chưa lưu" in recovered and 'id="recovery"' not in recovered
    # another user's editor knows nothing of it
    assert (
        'id="recovery"'
        not in client_for(org, "a_editor").get(f"/items/{item.pk}/edit/").content.decode()
    )


def test_autosave_validates_its_revision(org: Org) -> None:
    item = story(org)
    answer = client_for(org, "a_reporter").post(f"/items/{item.pk}/autosave/", {"headline": "x"})
    assert answer.status_code == 422
    assert answer.json()["error"]["field"] == "revision"


def test_a_stale_save_opens_the_conflict_view_and_loses_nothing(org: Org) -> None:
    item = story(org)
    mine, theirs = client_for(org, "a_reporter"), client_for(org, "a_chief")
    stale = form_of(item)
    assert (
        theirs.post(
            f"/items/{item.pk}/save/", form_of(item, body_html="<p>Bản của trưởng ban.</p>")
        ).status_code
        == 302
    )
    Lock.objects.all().delete()  # the chief closed the editor

    answer = mine.post(
        f"/items/{item.pk}/save/",
        {**stale, "headline": "Tiêu đề của phóng viên", "body_html": "<p>Bản của phóng viên.</p>"},
    )
    assert answer.status_code == 409
    html = answer.content.decode()
    assert "Bản của trưởng ban." in html and "Bản của phóng viên." in html
    assert "<ins>" in html and "<del>" in html
    draft = Draft.objects.get(user=org.user("a_reporter"))
    assert draft.form["body_html"] == "<p>Bản của phóng viên.</p>"

    item.refresh_from_db()
    resolved = mine.post(
        f"/items/{item.pk}/resolve/",
        {"revision": item.revision, "choice_headline": "mine", "choice_body_html": "theirs"},
    )
    assert resolved.status_code == 302
    item.refresh_from_db()
    assert item.headline == "Tiêu đề của phóng viên"
    assert item.body_html == "<p>Bản của trưởng ban.</p>"
    assert not Draft.objects.exists()


def test_resolving_against_an_old_revision_shows_the_conflict_again(org: Org) -> None:
    item = story(org)
    client = client_for(org, "a_reporter")
    old = item.revision
    actions.save(item, by=org.user("a_reporter"), fields={"abstract": "Mới"}, expected_revision=old)
    client.post(f"/items/{item.pk}/save/", form_of(item, headline="Của tôi", revision=str(old)))
    again = client.post(f"/items/{item.pk}/resolve/", {"revision": old, "take": "mine"})
    assert again.status_code == 409
    assert Draft.objects.get().form["headline"] == "Của tôi"


def test_the_editor_speaks_vietnamese_first_and_english_on_request(org: Org) -> None:
    item = story(org)
    client = client_for(org, "a_reporter")
    assert "Tiêu đề" in client.get(f"/items/{item.pk}/edit/").content.decode()
    client.cookies["django_language"] = "en"
    html = client.get(f"/items/{item.pk}/edit/").content.decode()
    assert "Headline" in html and "Tiêu đề" not in html


def test_a_reporter_can_save_an_item_whose_embargo_an_editor_set(org: Org) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    item = story(org)
    when = datetime(2026, 12, 1, 8, 30, 45, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    item = actions.save(
        item, by=org.user("a_editor"), fields={"embargo_until": when}, expected_revision=None
    )
    client = client_for(org, "a_reporter")
    answer = client.post(
        f"/items/{item.pk}/save/",
        form_of(item, headline="Sửa tiêu đề", embargo_until="01/12/2026 08:30"),
    )
    assert answer.status_code == 302
    item.refresh_from_db()
    assert (item.headline, item.embargo_until) == ("Sửa tiêu đề", when)
    denied = client.post(f"/items/{item.pk}/save/", form_of(item, embargo_until="02/12/2026 08:30"))
    assert denied.status_code == 403
