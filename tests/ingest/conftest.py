from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import Org
from toasoan.ingest import actions
from toasoan.ingest.models import Feed


@pytest.fixture(autouse=True)
def _folder_roots(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Folder feeds may read the tests' temporary folders."""
    settings.INGEST_FOLDER_ROOTS = [tmp_path_factory.getbasetemp()]


@pytest.fixture
def make_feed(org: Org) -> Callable[..., Feed]:
    """A feed of outlet A (desk Thời sự by default), created through the action as a_admin."""

    def make(**data: Any) -> Feed:
        values: dict[str, Any] = {
            "name": "Đối tác AP",
            "kind": "push",
            "outlet": org.a.pk,
            "desk": org.desk_a.pk,
        }
        values.update(data)
        return actions.create_feed(by=org.user("a_admin"), data=values)

    return make
