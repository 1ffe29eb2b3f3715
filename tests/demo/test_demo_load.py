"""`toasoan demo` loads a working newsroom through the actions layer, and only once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from toasoan.accounts import audit
from toasoan.accounts.models import Membership, Outlet, Role, User
from toasoan.newsroom.models import Item, ItemType, PublishedVersion, Rendition, State


@pytest.mark.slow
def test_demo_loads_every_state_type_and_role_once(db: object) -> None:
    out = StringIO()
    call_command("demo", stdout=out)
    assert "demo data loaded: 150 items" in out.getvalue()
    assert "login: admin / " in out.getvalue()

    assert Item.objects.count() == 150
    assert set(Item.objects.values_list("state", flat=True)) == set(State.values)
    assert set(Item.objects.values_list("type", flat=True)) == set(ItemType.values)
    assert set(Item.objects.values_list("language", flat=True)) == {"vi", "en", "fr"}
    kinds = set(Outlet.objects.values_list("kind", flat=True))
    assert {"source", "online", "photo"} <= kinds and Outlet.objects.count() >= 5
    held = set(Membership.objects.values_list("role__slug", flat=True))
    assert held == set(Role.objects.values_list("slug", flat=True))

    pictures = Item.objects.filter(type="picture")
    assert Rendition.objects.filter(item__in=pictures, name="thumbnail").count() == pictures.count()
    captioned = pictures.exclude(abstract="").count()
    assert captioned == pictures.count()  # captions were read from the pictures' XMP
    assert Item.objects.exclude(taken_from=None).count() >= 10
    assert Item.objects.exclude(translation_of=None).count() >= 10
    assert PublishedVersion.objects.filter(kind="correct").exclude(note="").count() >= 5
    assert audit.verify().broken is None

    again = StringIO()
    call_command("demo", stdout=again)
    assert "already loaded" in again.getvalue()
    assert Item.objects.count() == 150
    assert User.objects.filter(username="admin").count() == 1
