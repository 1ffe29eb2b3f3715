"""Editor workflow buttons (legal ones only), corrections, kills, revisions, translations, media."""

from __future__ import annotations

from typing import Any

from django.test import Client

from tests.conftest import Org
from toasoan.newsroom import actions
from toasoan.newsroom.models import Association, Item, Lock, PublishedVersion


def client_for(org: Org, name: str) -> Client:
    client = Client()
    client.force_login(org.user(name))
    return client


def story(org: Org, **fields: Any) -> Item:
    values = {"headline": "Giá xăng giảm", "body_html": "<p>Từ 15 giờ chiều nay.</p>", **fields}
    return actions.create(by=org.user("a_reporter"), outlet=org.a, desk=org.desk_a, fields=values)


def published(org: Org) -> Item:
    item = story(org)
    chief = org.user("a_chief")
    item = actions.submit(item, by=chief, expected_revision=None)
    return actions.publish(item, by=chief, expected_revision=None)


def action_urls(html: str, item: Item) -> set[str]:
    prefix = f"/items/{item.pk}/do/"
    return {part.split("/")[0] for part in html.split(prefix)[1:]}


def test_only_legal_actions_for_the_user_are_offered(org: Org) -> None:
    item = story(org)
    reporter = client_for(org, "a_reporter").get(f"/items/{item.pk}/edit/").content.decode()
    assert action_urls(reporter, item) == {"submit", "duplicate"}
    Lock.objects.all().delete()
    actions.submit(item, by=org.user("a_reporter"), expected_revision=None)
    chief = client_for(org, "a_chief").get(f"/items/{item.pk}/edit/").content.decode()
    assert action_urls(chief, item) == {"approve", "publish", "spike", "duplicate"}
    assert "publish-confirm" in chief  # publishing asks once more: two clicks
    reporter = client_for(org, "a_reporter2").get(f"/items/{item.pk}/edit/").content.decode()
    assert action_urls(reporter, item) == set()  # locked by the chief: nothing to press


def test_an_action_the_user_lacks_is_refused(org: Org) -> None:
    item = story(org)
    answer = client_for(org, "a_reporter").post(
        f"/items/{item.pk}/do/publish/", {"revision": item.revision}
    )
    assert answer.status_code == 422
    item.refresh_from_db()
    assert item.state == "draft"


def test_submit_approve_publish_from_the_editor_saves_the_text_on_screen(org: Org) -> None:
    item = story(org)
    chief = client_for(org, "a_chief")
    chief.get(f"/items/{item.pk}/edit/")
    answer = chief.post(
        f"/items/{item.pk}/do/submit/",
        {"revision": item.revision, "headline": "Giá xăng giảm mạnh"},
    )
    assert answer.status_code == 302
    item.refresh_from_db()
    assert (item.state, item.headline) == ("submitted", "Giá xăng giảm mạnh")
    assert (
        chief.post(f"/items/{item.pk}/do/approve/", {"revision": item.revision}).status_code == 302
    )
    item.refresh_from_db()
    assert (
        chief.post(f"/items/{item.pk}/do/publish/", {"revision": item.revision}).status_code == 302
    )
    item.refresh_from_db()
    assert (item.state, item.version) == ("published", 1)


def test_correction_requires_a_public_note_and_appears_in_the_log(org: Org) -> None:
    item = published(org)
    chief = client_for(org, "a_chief")
    page = chief.get(f"/items/{item.pk}/edit/").content.decode()
    assert 'name="note"' in page and "/do/correct/" in page
    missing = chief.post(
        f"/items/{item.pk}/do/correct/",
        {"revision": item.revision, "body_html": "<p>Từ 16 giờ chiều nay.</p>", "note": " "},
    )
    assert missing.status_code == 422
    assert 'class="field-error"' in missing.content.decode()
    assert "Từ 16 giờ" in missing.content.decode()  # the corrected text is still there
    item.refresh_from_db()
    assert item.state == "published"
    done = chief.post(
        f"/items/{item.pk}/do/correct/",
        {
            "revision": item.revision,
            "body_html": "<p>Từ 16 giờ chiều nay.</p>",
            "note": "Sửa giờ áp dụng giá mới.",
        },
    )
    assert done.status_code == 302
    item.refresh_from_db()
    assert (item.state, item.body_html) == ("corrected", "<p>Từ 16 giờ chiều nay.</p>")
    log = chief.get(f"/items/{item.pk}/edit/").content.decode()
    assert "correction-log" in log and "Sửa giờ áp dụng giá mới." in log
    history = chief.get(f"/items/{item.pk}/revisions/").content.decode()
    assert "Sửa giờ áp dụng giá mới." in history


def test_kill_requires_a_reason(org: Org) -> None:
    item = published(org)
    eic = client_for(org, "a_eic")
    assert eic.post(f"/items/{item.pk}/do/kill/", {"revision": item.revision}).status_code == 422
    item.refresh_from_db()
    assert item.state == "published"
    done = eic.post(
        f"/items/{item.pk}/do/kill/", {"revision": item.revision, "reason": "Sai sự thật."}
    )
    assert done.status_code == 302
    assert PublishedVersion.objects.get(item=item, kind="kill").note == "Sai sự thật."


def test_revisions_diff_side_by_side_and_restore(org: Org) -> None:
    item = story(org)
    reporter = org.user("a_reporter")
    item = actions.save(
        item,
        by=reporter,
        fields={"body_html": "<p>Từ 16 giờ chiều nay.</p>"},
        expected_revision=None,
    )
    client = client_for(org, "a_reporter")
    page = client.get(f"/items/{item.pk}/revisions/?a=1&b=2")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<del>15</del>" in html and "<ins>16</ins>" in html
    restored = client.post(f"/items/{item.pk}/restore/", {"number": 1, "revision": item.revision})
    assert restored.status_code == 302
    item.refresh_from_db()
    assert item.body_html == "<p>Từ 15 giờ chiều nay.</p>"
    assert item.revisions.last().kind == "restore"


def test_translation_opens_beside_its_source_and_is_flagged_when_it_changes(org: Org) -> None:
    item = story(org)
    client = client_for(org, "a_reporter")
    assert client.get(f"/items/{item.pk}/translate/").status_code == 200
    same = client.post(f"/items/{item.pk}/translate/", {"language": "vi", "outlet": org.a.pk})
    assert same.status_code == 422
    answer = client.post(f"/items/{item.pk}/translate/", {"language": "en", "outlet": org.a.pk})
    copy = Item.objects.get(translation_of=item)
    assert answer["Location"] == f"/items/{copy.pk}/edit/"
    page = client.get(answer["Location"]).content.decode()
    assert "source-pane" in page and "Từ 15 giờ chiều nay." in page
    assert "source-changed" not in page
    Item.objects.filter(pk=copy.pk).update(source_changed="updated")
    assert "source-changed" in client.get(answer["Location"]).content.decode()


def test_featured_picture_is_attached_from_the_editor(org: Org) -> None:
    item = story(org)
    picture = actions.create(
        by=org.user("a_reporter"), outlet=org.a, type="picture", fields={"headline": "Cây xăng"}
    )
    client = client_for(org, "a_reporter")
    client.get(f"/items/{item.pk}/edit/")
    choices = client.get(f"/items/{item.pk}/media-choices/?q=xăng").content.decode()
    assert "Cây xăng" in choices and f'"target": "{picture.pk}"' in choices
    answer = client.post(
        f"/items/{item.pk}/featured/",
        {"target": picture.pk, "revision": item.revision},
        HTTP_HX_REQUEST="true",
    )
    assert answer.status_code == 200
    fresh = Item.objects.get(pk=item.pk)
    assert f'id="id_revision" value="{fresh.revision}" hx-swap-oob' in answer.content.decode()
    assert Association.objects.get(item=item, role="featured").target == picture
    stale = client.post(
        f"/items/{item.pk}/featured/",
        {"target": "", "revision": item.revision},
        HTTP_HX_REQUEST="true",
    )
    assert 'class="field-error"' in stale.content.decode()
    assert Association.objects.filter(item=item, role="featured").exists()


def test_topic_search_shows_vietnamese_and_english_labels(org: Org) -> None:
    html = client_for(org, "a_reporter").get("/topics/search/?q=kinh+te").content.decode()
    assert "data-topic-code" in html and " / " in html
