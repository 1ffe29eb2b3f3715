"""Delivery pages of the newsroom UI: subscribers with their health, one subscriber's history
(with resend), and who received which version of an item."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from toasoan.accounts.models import User
from toasoan.core.errors import DomainError, Forbidden, NotFound
from toasoan.distribution import actions, reports
from toasoan.distribution.models import Delivery, EntryState, OutboxEntry
from toasoan.newsroom.access import get_readable

PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@login_required
def subscribers(request: HttpRequest) -> HttpResponse:
    rows = list(reports.manageable_subscribers(_user(request)).order_by("name", "pk"))
    health = reports.health(rows)
    return render(
        request,
        "distribution/subscribers.html",
        {"rows": [(s, health[s.pk]) for s in rows]},
    )


@login_required
def subscriber(request: HttpRequest, subscriber_id: int) -> HttpResponse:
    found = reports.manageable_subscribers(_user(request)).filter(pk=subscriber_id).first()
    if found is None:
        return render(request, "distribution/missing.html", status=404)
    qs = reports.entries_light(
        OutboxEntry.objects.filter(subscriber=found).select_related("destination", "item")
    )
    state = request.GET.get("state", "")
    if state:
        qs = qs.filter(state=state)
    page = Paginator(qs.order_by("-sequence", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    failures = (
        Delivery.objects.filter(entry__subscriber=found, ok=False)
        .select_related("entry")
        .order_by("-at")[:20]
    )
    return render(
        request,
        "distribution/subscriber.html",
        {
            "subscriber": found,
            "health": reports.health([found])[found.pk],
            "page": page,
            "state": state,
            "states": EntryState.choices,
            "failures": failures,
            "destinations": found.destinations.all(),
        },
    )


@login_required
@require_POST
def resend(request: HttpRequest, entry_id: int) -> HttpResponse:
    user = _user(request)
    entry = get_object_or_404(OutboxEntry.objects.defer("body"), pk=entry_id)
    if not reports.manageable_subscribers(user).filter(pk=entry.subscriber_id).exists():
        return HttpResponse(status=404)
    error = ""
    try:
        entry = actions.resend(by=user, entry=entry)
    except DomainError as exc:
        error = exc.message
    status = 200 if not error else 409
    return render(request, "distribution/entry_row.html", {"e": entry, "error": error},
                  status=status)  # fmt: skip


@login_required
def item(request: HttpRequest, item_id: int) -> HttpResponse:
    user = _user(request)
    try:
        found = get_readable(user, item_id)
        if not actions.can_see_item_deliveries(user, found.outlet_id):
            raise Forbidden("no access")
    except (NotFound, Forbidden):
        return render(request, "distribution/missing.html", status=404)
    entries = reports.entries_light(
        OutboxEntry.objects.filter(item=found).select_related("subscriber", "destination")
    ).order_by("version", "subscriber__name", "destination_id")
    return render(request, "distribution/item.html", {"item": found, "entries": entries})
