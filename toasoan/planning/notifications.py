"""Tell assignees about their new assignment, in the app and by email (newsroom.notify)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from toasoan.accounts import permissions
from toasoan.accounts.models import Desk, Membership, User
from toasoan.accounts.privileges import Privilege
from toasoan.core.templatetags.toasoan_tags import vn_datetime
from toasoan.newsroom.notify import Kind, notify
from toasoan.planning.models import Assignment


def desk_members(desk: Desk) -> QuerySet[User]:
    """People who write for the desk's outlet. (The accounts model has no per-desk membership
    yet; when it gets one, narrow this to the desk.)"""
    ids = Membership.objects.filter(outlet_id=desk.outlet_id).values_list("user_id", flat=True)
    users = User.objects.filter(pk__in=ids, is_active=True).order_by("pk")
    return users  # filtered by privilege in recipients()


def recipients(assignment: Assignment) -> list[User]:
    if assignment.user is not None:
        return [assignment.user]
    assert assignment.desk is not None
    outlet_id = assignment.desk.outlet_id
    return [
        u for u in desk_members(assignment.desk) if permissions.has(u, Privilege.CREATE, outlet_id)
    ]


def _message(assignment: Assignment, user: User) -> str:
    coverage = assignment.coverage
    plan = coverage.planning_item
    with translation.override(user.language or "vi"):
        if assignment.desk is not None:
            text = _("New assignment for desk %(desk)s: %(format)s for “%(slugline)s”") % {
                "desk": assignment.desk.name,
                "format": coverage.get_format_display(),
                "slugline": plan.slugline,
            }
        else:
            text = _("New assignment: %(format)s for “%(slugline)s”") % {
                "format": coverage.get_format_display(),
                "slugline": plan.slugline,
            }
        if coverage.deadline:
            text += " — " + _("deadline %(when)s") % {"when": vn_datetime(coverage.deadline)}
    return text


def tell_assignees(assignment_id: int) -> int:
    """Notify everyone the assignment is for; returns how many were told."""
    assignment = (
        Assignment.objects.select_related("coverage__planning_item", "user", "desk")
        .filter(pk=assignment_id, active=True)
        .first()
    )
    if assignment is None:
        return 0  # reassigned before we got here: the newer assignment notifies
    plan = assignment.coverage.planning_item
    url = reverse("planning:budget") + f"?outlet={plan.outlet_id}&date={plan.date.isoformat()}"
    told = 0
    for user in recipients(assignment):
        if user.pk == assignment.assigned_by_id:
            continue
        notify(
            user,
            Kind.ASSIGNMENT,
            _message(assignment, user),
            item=assignment.coverage.item,
            url=url,
        )
        told += 1
    return told
