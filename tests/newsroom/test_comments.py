"""Comments with @mentions, resolve/reopen, and the notifications they and other events send."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from tests.conftest import Org
from toasoan.accounts.models import AuditEntry
from toasoan.core import events
from toasoan.core.errors import Forbidden, InvalidInput, NotFound
from toasoan.core.models import DomainEvent
from toasoan.newsroom import actions
from toasoan.newsroom.actions.comments import add_comment, resolve_comment
from toasoan.newsroom.models import Comment, Item, Notification
from toasoan.newsroom.notify import Kind, notify


@pytest.fixture(autouse=True)
def _locmem_email(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _emails(org: Org) -> None:
    for name, user in org.users.items():
        user.email = f"{name}@example.vn"
        user.save(update_fields=["email"])


def _client(org: Org, name: str) -> Client:
    client = Client()
    client.force_login(org.user(name))
    return client


def _draft(org: Org, headline: str = "Bài về lũ miền Trung") -> Item:
    return actions.create(
        by=org.user("a_reporter"), outlet=org.a, desk=org.desk_a, fields={"headline": headline}
    )


def _deliver_all() -> None:
    for event_id in DomainEvent.objects.order_by("pk").values_list("pk", flat=True):
        events.deliver(event_id)


def test_mention_notifies_in_app_and_by_email_after_commit(
    org: Org, django_capture_on_commit_callbacks: Any
) -> None:
    _emails(org)
    item = _draft(org)
    with django_capture_on_commit_callbacks(execute=True):
        comment = add_comment(
            item,
            by=org.user("a_reporter"),
            body="Nhờ @a_editor và @a_chief xem lại. Cảm ơn @a_editor.",
        )
    assert {u.username for u in comment.mentions.all()} == {"a_editor", "a_chief"}
    notes = Notification.objects.filter(kind=Kind.MENTION).order_by("user__username")
    assert [n.user.username for n in notes] == ["a_chief", "a_editor"]
    assert "Bài về lũ miền Trung" in notes[0].message
    assert sorted(m.to[0] for m in mail.outbox) == ["a_chief@example.vn", "a_editor@example.vn"]
    assert AuditEntry.objects.filter(action="comment", object_id=str(item.pk)).exists()


def test_mentions_of_unknown_or_foreign_users_and_emails_are_plain_text(org: Org) -> None:
    item = _draft(org)
    comment = add_comment(
        item, by=org.user("a_reporter"), body="@nobody @b_chief gửi tin cho ban@a_editor.vn"
    )
    assert comment.mentions.count() == 0
    assert not Notification.objects.exists()


def test_comment_is_nfc_and_bad_input_names_the_field(org: Org) -> None:
    item = _draft(org)
    decomposed = "Tie\u0302\u0301ng Vie\u0323\u0302t"
    assert add_comment(item, by=org.user("a_editor"), body=decomposed).body == "Tiếng Việt"
    with pytest.raises(InvalidInput) as empty:
        add_comment(item, by=org.user("a_editor"), body="   ")
    assert empty.value.field == "body"
    with pytest.raises(InvalidInput) as control:
        add_comment(item, by=org.user("a_editor"), body="a\x00b")
    assert control.value.field == "body"
    assert Comment.objects.count() == 1


def test_comment_needs_the_comment_privilege_and_read_access(org: Org) -> None:
    item = _draft(org)
    with pytest.raises(NotFound):
        add_comment(item, by=org.user("b_chief"), body="Không được thấy")
    with pytest.raises(Forbidden):
        add_comment(item, by=org.user("a_admin"), body="Quản trị không bình luận")
    assert not Comment.objects.exists()


def test_resolve_and_reopen(org: Org) -> None:
    item = _draft(org)
    comment = add_comment(item, by=org.user("a_reporter"), body="Sửa tít")
    resolved = resolve_comment(comment, by=org.user("a_editor"))
    assert resolved.resolved_by == org.user("a_editor") and resolved.resolved_at
    assert resolve_comment(comment, by=org.user("a_editor")).resolved_at == resolved.resolved_at
    reopened = resolve_comment(comment, by=org.user("a_reporter"), resolved=False)
    assert reopened.resolved_at is None and reopened.resolved_by is None
    with pytest.raises(NotFound):
        resolve_comment(comment, by=org.user("b_chief"))


def test_panel_lists_adds_resolves_and_toggles_resolved(org: Org) -> None:
    item = _draft(org)
    client = _client(org, "a_editor")
    panel = client.get(f"/items/{item.pk}/comments/")
    assert panel.status_code == 200 and "comment-body-" in panel.content.decode()
    added = client.post(f"/items/{item.pk}/comments/add/", {"body": "Gửi @a_reporter <b>đậm</b>"})
    html = added.content.decode()
    assert added.status_code == 200
    assert '<span class="mention">@a_reporter</span>' in html
    assert "&lt;b&gt;đậm&lt;/b&gt;" in html  # plain text, escaped
    comment = Comment.objects.get()
    resolved = client.post(f"/comments/{comment.pk}/resolve/").content.decode()
    assert "đậm" not in resolved  # resolved comments are hidden by default
    shown = client.get(f"/items/{item.pk}/comments/?resolved=1").content.decode()
    assert "đậm" in shown and 'name="reopen"' in shown
    empty = client.post(f"/items/{item.pk}/comments/add/", {"body": ""})
    assert empty.status_code == 422 and "body" in empty.content.decode()


def test_panel_of_another_outlets_item_is_not_found(org: Org) -> None:
    item = _draft(org)
    client = _client(org, "b_chief")
    assert client.get(f"/items/{item.pk}/comments/").status_code == 404
    assert client.post(f"/items/{item.pk}/comments/add/", {"body": "x"}).status_code == 404
    assert client.get(f"/items/{item.pk}/comments/mentions/?q=a").status_code == 404
    assert not Comment.objects.exists()


def test_mention_suggestions_come_from_the_outlet_and_match_folded_names(org: Org) -> None:
    editor = org.user("a_editor")
    editor.full_name = "Nguyễn Thu Hà"
    editor.save()
    item = _draft(org)
    client = _client(org, "a_reporter")
    users = client.get(f"/items/{item.pk}/comments/mentions/?q=thu ha").json()["users"]
    assert [u["username"] for u in users] == ["a_editor"]
    everyone = client.get(f"/items/{item.pk}/comments/mentions/?q=").json()["users"]
    names = {u["username"] for u in everyone}
    assert "a_chief" in names and "b_chief" not in names


def test_items_sent_to_a_desk_notify_its_editors(org: Org) -> None:
    _emails(org)
    item = _draft(org, "Tin gửi ban biên tập")
    actions.submit(item, by=org.user("a_reporter"), expected_revision=None)
    _deliver_all()
    _deliver_all()  # a replay notifies nobody twice
    told = set(
        Notification.objects.filter(kind=Kind.SENT_TO_DESK).values_list("user__username", flat=True)
    )
    assert told == {"a_editor", "a_chief", "a_eic"}
    assert Notification.objects.filter(kind=Kind.SENT_TO_DESK).count() == 3
    assert not Notification.objects.filter(user=org.user("a_reporter")).exists()


def test_kill_notifies_everyone_who_wrote_a_revision(org: Org) -> None:
    item = _draft(org, "Tin sẽ bị gỡ")
    actions.save(
        item,
        by=org.user("a_reporter2"),
        fields={"body_html": "<p>Nội dung</p>"},
        expected_revision=None,
    )
    eic = org.user("a_eic")
    actions.submit(item, by=eic, expected_revision=None)
    actions.publish(item, by=eic, expected_revision=None)
    actions.kill(item, by=eic, expected_revision=None, reason="Sai sự thật")
    _deliver_all()
    killed = Notification.objects.filter(kind=Kind.KILLED)
    assert set(killed.values_list("user__username", flat=True)) == {"a_reporter", "a_reporter2"}
    assert all("Sai sự thật" in n.message for n in killed)


def test_notify_is_rolled_back_with_its_transaction(org: Org) -> None:
    from django.db import transaction

    _emails(org)
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(org.user("a_editor"), Kind.ASSIGNMENT, "Phân công: lũ")
        raise RuntimeError("boom")
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_notifications_mark_read_and_header_count(org: Org) -> None:
    first = notify(org.user("a_editor"), Kind.ASSIGNMENT, "Phân công một", url="/planning/")
    notify(org.user("a_editor"), Kind.ASSIGNMENT, "Phân công hai")
    other = notify(org.user("a_chief"), Kind.ASSIGNMENT, "Không phải của bạn")
    client = _client(org, "a_editor")
    home = client.get("/").content.decode()
    assert "Phân công một" in home and 'href="/planning/"' in home
    assert 'badge-count">2<' in home
    assert client.post(f"/notifications/{other.pk}/read/").status_code == 404
    answer = client.post(f"/notifications/{first.pk}/read/", HTTP_HX_REQUEST="true")
    assert answer.status_code == 200 and answer["HX-Trigger"] == "notifications-changed"
    assert Notification.objects.filter(read_at__isnull=True, user=org.user("a_editor")).count() == 1
    client.post("/notifications/read-all/")
    assert not Notification.objects.filter(read_at__isnull=True, user=org.user("a_editor")).exists()
    assert Notification.objects.get(pk=other.pk).read_at is None
    assert client.get("/notifications/badge/").content.decode().count("badge-count") == 0


def test_moving_along_a_desk_does_not_pile_up_unread_notices(org: Org) -> None:
    item = _draft(org, "Tin đi qua các khâu")
    editor = org.user("a_editor")
    item = actions.submit(item, by=org.user("a_reporter"), expected_revision=None)
    for stage in org.desk_a.stages.order_by("position")[1:]:
        item = actions.move(item, by=org.user("a_chief"), expected_revision=None, stage=stage)
    _deliver_all()
    assert Notification.objects.filter(user=editor, kind=Kind.SENT_TO_DESK).count() == 1
    Notification.objects.filter(user=editor).update(read_at=timezone.now())
    actions.move(item, by=org.user("a_chief"), expected_revision=None, desk=org.desk_a2)
    _deliver_all()
    assert Notification.objects.filter(user=editor, kind=Kind.SENT_TO_DESK).count() == 2
