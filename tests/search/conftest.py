"""Search fixtures: a small corpus written through the newsroom actions, then indexed."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Org
from toasoan.core import events
from toasoan.core.models import DomainEvent, EventHandled
from toasoan.newsroom import actions
from toasoan.newsroom.models import Item


def deliver_pending() -> None:
    """What the task workers do after each commit: hand every event to its consumers."""
    done = EventHandled.objects.values("event_id")
    for event_id in DomainEvent.objects.exclude(pk__in=done).values_list("pk", flat=True):
        events.deliver(event_id)


@pytest.fixture
def publish(org: Org) -> Any:
    def make(outlet: str = "a", **fields: Any) -> Item:
        chief = org.user("a_eic" if outlet == "a" else "b_chief")
        target = getattr(org, outlet)
        desk = org.desk_a if outlet == "a" else org.desk_b
        fields.setdefault("body_html", "<p>Nội dung bài.</p>")
        item = actions.create(by=chief, outlet=target, desk=desk, fields=fields)
        item = actions.submit(item, by=chief, expected_revision=None)
        return actions.publish(item, by=chief, expected_revision=None)

    return make
