"""Duplicate, translate, update, packages, and the flags copies get when their source changes."""

from __future__ import annotations

import pytest

from tests.conftest import Org
from toasoan.core import events
from toasoan.core.errors import InvalidInput
from toasoan.core.models import DomainEvent
from toasoan.newsroom import actions
from toasoan.newsroom.models import Item, Notification


def _published(org: Org, outlet_key: str = "source") -> Item:
    outlet = getattr(org, outlet_key)
    chief = org.user("src_chief" if outlet_key == "source" else "a_eic")
    item = actions.create(
        by=chief,
        outlet=outlet,
        fields={
            "headline": "Xuất khẩu gạo đạt kỷ lục",
            "body_html": "<p>Năm 2026…</p>",
            "subjects": ["medtop:04000000"],
        },
    )
    desk = org.desk_source if outlet_key == "source" else org.desk_a
    item = actions.submit(item, by=chief, expected_revision=None, desk=desk)
    return actions.publish(item, by=chief, expected_revision=None)


def _deliver_all() -> None:
    for event_id in DomainEvent.objects.values_list("pk", flat=True):
        events.deliver(event_id)


def test_duplicate_is_an_independent_draft(org: Org) -> None:
    reporter = org.user("a_reporter")
    item = actions.create(by=reporter, outlet=org.a, fields={"headline": "Bản gốc"})
    copy = actions.duplicate(item, by=reporter)
    assert copy.pk != item.pk and copy.guid != item.guid
    assert copy.state == "draft" and copy.headline == "Bản gốc"


def test_translation_is_linked_and_flagged_when_the_source_changes(org: Org) -> None:
    reporter = org.user("a_reporter")
    source = actions.create(by=reporter, outlet=org.a, fields={"headline": "Hội nghị ASEAN"})
    translation = actions.translate(
        source, by=org.user("agency_admin"), language="en", outlet=org.b
    )
    assert translation.translation_of_id == source.pk and translation.language == "en"
    assert translation.outlet_id == org.b.pk
    actions.save(
        source,
        by=reporter,
        fields={"headline": "Hội nghị ASEAN lần thứ 49"},
        expected_revision=None,
    )
    _deliver_all()
    assert Item.objects.get(pk=translation.pk).source_changed == "updated"


def test_translation_must_change_language(org: Org) -> None:
    reporter = org.user("a_reporter")
    source = actions.create(by=reporter, outlet=org.a, fields={"headline": "Tin"})
    with pytest.raises(InvalidInput) as err:
        actions.translate(source, by=reporter, language="vi")
    assert err.value.field == "language"


def test_update_starts_a_linked_follow_up(org: Org) -> None:
    item = _published(org)
    follow_up = actions.update(item, by=org.user("src_chief"))
    assert follow_up.update_of_id == item.pk and follow_up.state == "draft"


def test_taken_copy_is_told_about_kill(org: Org) -> None:
    source = _published(org)
    copy = actions.take(source, by=org.user("a_editor"), outlet=org.a, desk=org.desk_a)
    assert copy.taken_from_id == source.pk and copy.outlet_id == org.a.pk
    actions.kill(source, by=org.user("src_chief"), expected_revision=None, reason="Sai số liệu")
    _deliver_all()
    copy.refresh_from_db()
    assert copy.source_changed == "killed"
    note = Notification.objects.get(item=copy, user=org.user("a_editor"))
    assert "Sai số liệu" in note.message


def test_consumers_are_idempotent(org: Org) -> None:
    source = _published(org)
    actions.take(source, by=org.user("a_editor"), outlet=org.a)
    actions.kill(source, by=org.user("src_chief"), expected_revision=None, reason="Lý do")
    _deliver_all()
    _deliver_all()  # a replay handles nothing twice
    assert Notification.objects.count() == 1


def test_only_source_news_can_be_taken(org: Org) -> None:
    item = _published(org, "a")
    with pytest.raises(InvalidInput):
        actions.take(item, by=org.user("b_chief"), outlet=org.b)


def test_package_members_in_ordered_groups(org: Org) -> None:
    editor = org.user("a_editor")
    package = actions.create(by=editor, outlet=org.a, type="composite", fields={"headline": "Gói"})
    members = [
        actions.create(by=editor, outlet=org.a, fields={"headline": f"Bài {n}"}) for n in range(3)
    ]
    rows = [
        {"role": "member", "item_id": members[2].pk, "group": "main", "position": 0},
        {"role": "member", "item_id": members[0].pk, "group": "main", "position": 1},
        {"role": "member", "item_id": members[1].pk, "group": "sidebars", "position": 0},
    ]
    actions.set_associations(package, by=editor, expected_revision=None, rows=rows)
    main = package.associations.filter(group="main").order_by("position")
    assert [a.target_id for a in main] == [members[2].pk, members[0].pk]
    with pytest.raises(InvalidInput):  # a text item is not media: cannot be featured
        actions.set_associations(
            members[0],
            by=editor,
            expected_revision=None,
            rows=[{"role": "featured", "item_id": members[1].pk}],
        )


def test_a_taken_copy_keeps_the_source_embargo(org: Org) -> None:
    from datetime import timedelta

    from django.utils import timezone

    chief = org.user("src_chief")
    embargo = timezone.now() + timedelta(hours=6)
    item = actions.create(
        by=chief,
        outlet=org.source,
        fields={
            "headline": "Số liệu GDP quý IV",
            "body_html": "<p>…</p>",
            "embargo_until": embargo,
        },
    )
    item = actions.submit(item, by=chief, expected_revision=None, desk=org.desk_source)
    item = actions.publish(item, by=chief, expected_revision=None)
    copy = actions.take(item, by=org.user("a_editor"), outlet=org.a)
    assert copy.embargo_until == embargo
