"""The ingest pages: feeds with their state, a feed's settings, rules and recent items, and
"poll now". Only people who manage ingest in an outlet see its feeds."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from toasoan.accounts import permissions
from toasoan.accounts.models import Desk, User
from toasoan.accounts.privileges import Privilege
from toasoan.core.errors import DomainError, Forbidden, NotFound
from toasoan.ingest import actions
from toasoan.ingest.models import Feed, FeedFormat, FeedKind, FeedState
from toasoan.ingest.polling import poll

FIELD_LABELS = {
    "name": _lazy("Name"),
    "kind": _lazy("Kind"),
    "format": _lazy("Format"),
    "url": _lazy("Address (URL)"),
    "path": _lazy("Folder"),
    "host": _lazy("Server"),
    "port": _lazy("Port"),
    "username": _lazy("User name"),
    "password": _lazy("Password"),
    "host_key": _lazy("Host key fingerprint"),
    "interval_seconds": _lazy("Every (seconds)"),
    "outlet": _lazy("Outlet"),
    "desk": _lazy("Desk"),
    "stage": _lazy("Stage"),
    "subjects": _lazy("Topics"),
    "languages": _lazy("Languages"),
    "keywords": _lazy("Keywords"),
    "urgency_min": _lazy("Urgency from"),
    "urgency_max": _lazy("Urgency to"),
    "types": _lazy("Types"),
}


View = Callable[..., HttpResponse]


def guarded(view: View) -> View:
    """A missing or unmanageable feed answers 404, a refused action 403 (Django's pages)."""

    @wraps(view)
    def run(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except Forbidden as exc:
            raise PermissionDenied(exc.message) from exc

    return run


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _error(exc: DomainError) -> dict[str, str]:
    """A domain error for a form: the field's label and the rule, translated where known."""
    field = (exc.field or "").split("[")[0]
    label = str(FIELD_LABELS.get(field, exc.field or ""))
    return {
        "field": exc.field or "",
        "text": f"{label}: {_(exc.message)}" if label else _(exc.message),
    }


def _choices(user: User) -> dict[str, Any]:
    outlets = permissions.outlets_with(user, Privilege.MANAGE_INGEST).order_by("name")
    desks = (
        Desk.objects.filter(outlet__in=outlets).select_related("outlet").prefetch_related("stages")
    )
    return {
        "outlets": outlets,
        "desks": desks,
        "kinds": FeedKind.choices,
        "formats": FeedFormat.choices,
    }


def _form_data(request: HttpRequest, names: tuple[str, ...]) -> dict[str, Any]:
    data: dict[str, Any] = {n: request.POST.get(n, "") for n in names if n in request.POST}
    for flag in ("active", "use_tls", "auto_publish"):
        if flag in names:
            data[flag] = request.POST.get(flag) == "on"
    return data


FEED_FIELDS = (
    "name", "kind", "format", "url", "path", "host", "port", "username", "password", "host_key",
    "use_tls", "interval_seconds", "outlet", "desk", "active",
)  # fmt: skip
RULE_FIELDS = (
    "name", "position", "languages", "subjects", "urgency_min", "urgency_max", "keywords",
    "headline_contains", "types", "desk", "stage", "auto_publish",
)  # fmt: skip


@login_required
@guarded
def feeds(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    rows = (
        actions.manageable_feeds(user)
        .select_related("outlet", "desk")
        .annotate(
            received=Count("records", distinct=True),
            duplicates=Count(
                "records", filter=Q(records__duplicate_of__isnull=False), distinct=True
            ),
        )
    )
    context = {
        "feeds": rows,
        "can_manage": permissions.outlets_with(user, Privilege.MANAGE_INGEST).exists(),
        "states": dict(FeedState.choices),
        "kind_labels": dict(FeedKind.choices),
    }
    return render(request, "ingest/feeds.html", context)


@login_required
@guarded
@require_http_methods(["GET", "POST"])
def feed_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    context: dict[str, Any] = {
        **_choices(user),
        "values": {"active": True, "format": "auto", "interval_seconds": 300},
    }
    if request.method == "POST":
        data = _form_data(request, FEED_FIELDS)
        try:
            feed = actions.create_feed(by=user, data=data)
        except DomainError as exc:
            context.update(values=data, error=_error(exc))
            return render(request, "ingest/feed_new.html", context, status=exc.status)
        return redirect("ingest:feed", feed_id=feed.pk)
    return render(request, "ingest/feed_new.html", context)


def _detail_context(user: User, feed: Feed) -> dict[str, Any]:
    records = feed.records.select_related("item", "duplicate_of__feed", "duplicate_of__item")[:50]
    return {
        **_choices(user),
        "feed": feed,
        "values": {
            n: getattr(feed, n) for n in FEED_FIELDS if n not in ("outlet", "desk", "password")
        }
        | {"outlet": feed.outlet_id, "desk": feed.desk_id},
        "rules": feed.rules.select_related("desk__outlet", "stage"),
        "records": records,
        "states": dict(FeedState.choices),
        "kind_labels": dict(FeedKind.choices),
        "push_url": f"/api/v1/ingest/push/{feed.pk}",
    }


@login_required
@guarded
@require_http_methods(["GET", "POST"])
def feed(request: HttpRequest, feed_id: int) -> HttpResponse:
    user = _user(request)
    current = actions.get_feed(user, feed_id)
    if request.method == "POST":
        data = _form_data(request, FEED_FIELDS)
        try:
            current = actions.update_feed(current, by=user, data=data)
        except DomainError as exc:
            context = _detail_context(user, current) | {"values": data, "error": _error(exc)}
            return render(request, "ingest/feed.html", context, status=exc.status)
        return redirect("ingest:feed", feed_id=current.pk)
    return render(request, "ingest/feed.html", _detail_context(user, current))


@login_required
@guarded
@require_POST
def feed_delete(request: HttpRequest, feed_id: int) -> HttpResponse:
    actions.delete_feed(feed_id, by=_user(request))
    return redirect("ingest:feeds")


@login_required
@guarded
@require_POST
def feed_poll(request: HttpRequest, feed_id: int) -> HttpResponse:
    """Poll now (htmx): answers the feed's status panel with what the poll did."""
    user = _user(request)
    current = actions.get_feed(user, feed_id)
    report = poll(current) if current.is_polled else None
    context = {"feed": current, "report": report, "states": dict(FeedState.choices)}
    return render(request, "ingest/feed_status.html", context)


@login_required
@guarded
@require_POST
def rule_new(request: HttpRequest, feed_id: int) -> HttpResponse:
    user = _user(request)
    current = actions.get_feed(user, feed_id)
    data = _form_data(request, RULE_FIELDS)
    for name in ("stage", "urgency_min", "urgency_max", "position"):
        if data.get(name) == "":
            data.pop(name)
    try:
        actions.create_rule(current, by=user, data=data)
    except DomainError as exc:
        context = _detail_context(user, current) | {"rule_values": data, "rule_error": _error(exc)}
        return render(request, "ingest/feed.html", context, status=exc.status)
    return redirect("ingest:feed", feed_id=current.pk)


@login_required
@guarded
@require_POST
def rule_delete(request: HttpRequest, feed_id: int, rule_id: int) -> HttpResponse:
    user = _user(request)
    actions.delete_rule(actions.get_rule(user, feed_id, rule_id), by=user)
    return redirect("ingest:feed", feed_id=feed_id)


@login_required
@guarded
@require_POST
def rotate_secret(request: HttpRequest, feed_id: int) -> HttpResponse:
    actions.rotate_secret(feed_id, by=_user(request))
    return redirect("ingest:feed", feed_id=feed_id)
