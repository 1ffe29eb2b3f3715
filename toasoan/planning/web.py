"""Shared pieces of the planning pages: the outlet in view, choices for forms, error rendering."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from toasoan.accounts import permissions
from toasoan.accounts.models import Desk, Membership, Outlet, User
from toasoan.accounts.privileges import Privilege
from toasoan.core.errors import DomainError, NotFound
from toasoan.planning.actions.coverages import may_work_on
from toasoan.planning.models import Coverage, CoverageStatus

# What the web UI says when an action refuses (the API keeps its English messages).
FIELD_LABELS = {
    "title": gettext_lazy("Title"),
    "starts_at": gettext_lazy("Starts"),
    "ends_at": gettext_lazy("Ends"),
    "recurrence": gettext_lazy("Repeats"),
    "latitude": gettext_lazy("Latitude"),
    "longitude": gettext_lazy("Longitude"),
    "slugline": gettext_lazy("Slugline"),
    "date": gettext_lazy("Date"),
    "desk": gettext_lazy("Desk"),
    "event": gettext_lazy("Event"),
    "urgency": gettext_lazy("Urgency"),
    "format": gettext_lazy("Format"),
    "planned_length": gettext_lazy("Planned length"),
    "deadline": gettext_lazy("Deadline"),
    "user": gettext_lazy("Assignee"),
}


def me(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def readable_outlets(user: User) -> list[Outlet]:
    return list(permissions.outlets_with(user, Privilege.READ).order_by("name"))


def outlet_in_view(request: HttpRequest, outlets: list[Outlet]) -> Outlet:
    """The outlet asked for (?outlet=id), else the first the user reads."""
    wanted = request.GET.get("outlet") or request.POST.get("outlet")
    if wanted:
        chosen = next((o for o in outlets if str(o.pk) == wanted), None)
        if chosen is None:
            raise NotFound(_("You cannot see the planning of this outlet."), field="outlet")
        return chosen
    if not outlets:
        raise NotFound(_("You are not a member of any outlet."), field="outlet")
    return outlets[0]


def require_read(user: User, outlet_id: int) -> None:
    if not permissions.has(user, Privilege.READ, outlet_id):
        raise NotFound(_("Not found."))


def writers(outlet: Outlet) -> list[User]:
    """People who may be assigned stories in the outlet."""
    memberships = Membership.objects.filter(outlet=outlet, user__is_active=True).select_related(
        "user", "role"
    )
    found = [m.user for m in memberships if Privilege.CREATE.value in m.role.privileges]
    return sorted(found, key=lambda u: u.display_name().casefold())


def desks(outlet: Outlet) -> list[Desk]:
    return list(Desk.objects.filter(outlet=outlet).order_by("name"))


def editor_url(item_id: int) -> str:
    try:
        return reverse("newsroom:edit", args=[item_id])
    except NoReverseMatch:
        return f"/api/v1/items/{item_id}"


def error_text(exc: DomainError) -> str:
    """The message in the reader's language where the catalog has it, after the field's name."""
    label = FIELD_LABELS.get((exc.field or "").split("[")[0])
    message = _(exc.message)
    return f"{label}: {message}" if label else message


def privileges(user: User, outlet: Outlet) -> dict[str, Any]:
    return {
        "can_plan": permissions.has(user, Privilege.PLAN, outlet),
        "can_assign": permissions.has(user, Privilege.ASSIGN, outlet),
    }


def can_start(user: User, coverage: Coverage) -> bool:
    """Whether to offer "start story" (prefetch the coverage's assignments)."""
    assignment = coverage.current_assignment
    return (
        assignment is not None
        and coverage.item_id is None
        and coverage.status == CoverageStatus.ASSIGNED
        and may_work_on(user, assignment, coverage.planning_item.outlet_id)
    )
