"""Web UI: the personal home (assignments, drafts, items waiting for me, notifications)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template import TemplateDoesNotExist
from django.template.loader import select_template
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from toasoan.accounts import permissions
from toasoan.accounts.models import User
from toasoan.accounts.privileges import Privilege
from toasoan.newsroom.models import Item, Notification, State
from toasoan.newsroom.web.desks_board import edit_url_template, relative
from toasoan.planning.queries import my_assignments

LIMIT = 25
NOTIFICATIONS = 30
ASSIGNMENTS_TEMPLATE = "planning/_my_assignments.html"


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _rows(qs: QuerySet[Item]) -> list[dict[str, Any]]:
    now = timezone.now()
    edit = edit_url_template()
    rows = list(
        qs.select_related("desk", "stage", "outlet", "lock__holder").order_by("-updated_at")[:LIMIT]
    )
    return [
        {
            "item": item,
            "edit_url": edit.format(item.pk) if edit else "",
            "changed_at": timezone.localtime(item.updated_at).strftime("%d/%m/%Y %H:%M"),
            "changed_ago": relative(item.updated_at, now),
        }
        for item in rows
    ]


def my_drafts(user: User) -> QuerySet[Item]:
    """Unsubmitted work I started or last touched."""
    states = [State.DRAFT, State.IN_PROGRESS]
    return Item.objects.filter(Q(created_by=user) | Q(updated_by=user), state__in=states)


def waiting_for(user: User) -> QuerySet[Item]:
    """Items on desks of my outlets that await an action my role can take.

    Submitted copy waits for those who approve or publish; approved copy waits for those who
    publish. Items I am moving along myself are included: the desk is what matters."""
    outlets = permissions.outlets_with(user, Privilege.READ).values("pk")
    waiting = Q(pk__in=[])
    approve = permissions.outlets_with(user, Privilege.APPROVE).values("pk")
    publish = permissions.outlets_with(user, Privilege.PUBLISH).values("pk")
    waiting |= Q(state=State.SUBMITTED, outlet__in=approve)
    waiting |= Q(state__in=[State.SUBMITTED, State.READY], outlet__in=publish)
    return Item.objects.filter(waiting, outlet__in=outlets, desk__isnull=False)


def _assignments_template() -> str | None:
    try:
        select_template([ASSIGNMENTS_TEMPLATE])
    except TemplateDoesNotExist:
        return None
    return ASSIGNMENTS_TEMPLATE


def notifications_context(user: User) -> dict[str, Any]:
    notes = list(Notification.objects.filter(user=user).select_related("item")[:NOTIFICATIONS])
    now = timezone.now()
    return {
        "notifications": [
            {
                "note": n,
                "ago": relative(n.created_at, now),
                "at": timezone.localtime(n.created_at).strftime("%d/%m/%Y %H:%M"),
            }
            for n in notes
        ],
        "unread": Notification.objects.filter(user=user, read_at__isnull=True).count(),
    }


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    template = _assignments_template()
    context = {
        "assignments_template": template,
        "assignments": my_assignments(user) if template else [],
        "drafts": _rows(my_drafts(user)),
        "waiting": _rows(waiting_for(user)),
        **notifications_context(user),
    }
    return render(request, "newsroom/home.html", context)


def _notifications_answer(request: HttpRequest) -> HttpResponse:
    if request.headers.get("HX-Request") == "true":
        response = render(
            request, "newsroom/notifications_list.html", notifications_context(_user(request))
        )
        response["HX-Trigger"] = "notifications-changed"
        return response
    return HttpResponseRedirect(reverse("home") + "#notifications")


@login_required
@require_POST
def mark_read(request: HttpRequest, note_id: int) -> HttpResponse:
    """Mark one of my notifications read; another user's id answers as not found."""
    updated = Notification.objects.filter(
        pk=note_id, user=_user(request), read_at__isnull=True
    ).update(read_at=timezone.now())
    exists = updated or Notification.objects.filter(pk=note_id, user=_user(request)).exists()
    if not exists:
        return HttpResponse(status=404)
    return _notifications_answer(request)


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    Notification.objects.filter(user=_user(request), read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return _notifications_answer(request)


@login_required
@require_GET
def notifications_badge(request: HttpRequest) -> HttpResponse:
    unread = Notification.objects.filter(user=_user(request), read_at__isnull=True).count()
    return render(request, "newsroom/notifications_badge.html", {"unread": unread})


urlpatterns: list[URLPattern] = [
    path("notifications/<int:note_id>/read/", mark_read, name="notification_read"),
    path("notifications/read-all/", mark_all_read, name="notifications_read_all"),
    path("notifications/badge/", notifications_badge, name="notifications_badge"),
]
