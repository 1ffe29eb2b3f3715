"""The demo planning loads through the actions, once."""

from __future__ import annotations

from tests.conftest import Org
from toasoan.planning import demo, queries
from toasoan.planning.models import Coverage, CoverageStatus, Event


def test_demo_planning_fills_today_and_tomorrow_once(org: Org) -> None:
    users = {"desk_chief": org.user("a_chief"), "reporter": org.user("a_reporter")}
    assert demo.load(users) == 3
    assert demo.load(users) == 0
    assert Event.objects.filter(outlet=org.a).count() == 3
    assert Coverage.objects.filter(status=CoverageStatus.ASSIGNED).count() == 6
    assert len(queries.my_assignments(org.user("a_reporter"))) == 6  # 3 personal + 3 for the desk
