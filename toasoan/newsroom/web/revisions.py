"""Web UI: revision history, side-by-side word diff of two revisions, restore, correction log."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from toasoan.core.errors import DomainError
from toasoan.newsroom.actions import editing, locks
from toasoan.newsroom.diff import diff_snapshots
from toasoan.newsroom.models import Item, PublishedVersion, Revision
from toasoan.newsroom.web.editor import item_view, posted_revision, user_of
from toasoan.newsroom.web.editor_context import error_text
from toasoan.newsroom.web.editor_form import FIELD_LABELS, REVISION_KINDS, VERSION_KINDS


def _number(value: str | None, default: int) -> int:
    return int(value) if value and value.isdigit() else default


def side_by_side(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """Per changed field: the left column keeps deletions, the right keeps insertions."""
    rows = []
    for name, ops in diff_snapshots(old, new).items():
        rows.append(
            {
                "name": name,
                "label": FIELD_LABELS.get(name, name),
                "left": [op for op in ops if op["op"] != "insert"],
                "right": [op for op in ops if op["op"] != "delete"],
            }
        )
    return rows


@require_GET
@item_view
def revisions(request: HttpRequest, item: Item) -> HttpResponse:
    history = list(
        Revision.objects.filter(item=item).select_related("created_by").order_by("-number")
    )
    numbers = [r.number for r in history]
    latest = numbers[0] if numbers else 0
    a = _number(request.GET.get("a"), numbers[1] if len(numbers) > 1 else latest)
    b = _number(request.GET.get("b"), latest)
    by_number = {r.number: r for r in history}
    rows: list[dict[str, Any]] = []
    if a in by_number and b in by_number:
        rows = side_by_side(by_number[a].snapshot, by_number[b].snapshot)
    context = {
        "item": item,
        "history": history,
        "a": a,
        "b": b,
        "rows": rows,
        "compared": a in by_number and b in by_number,
        "labels": FIELD_LABELS,
        "revision_kinds": REVISION_KINDS,
        "version_kinds": VERSION_KINDS,
        "corrections": PublishedVersion.objects.filter(item=item)
        .select_related("published_by")
        .order_by("-version"),
    }
    return render(request, "newsroom/revisions.html", context)


@require_POST
@item_view
def restore(request: HttpRequest, item: Item) -> HttpResponse:
    user = user_of(request)
    try:
        number = _number(request.POST.get("number"), 0)
        with transaction.atomic():
            locks.lock(item, by=user)
            editing.restore(
                item, by=user, number=number, expected_revision=posted_revision(request)
            )
    except DomainError as exc:
        messages.error(request, error_text(exc))
        return redirect("newsroom:revisions", item_id=item.pk)
    messages.success(request, _("Revision %(number)s restored.") % {"number": number})
    return redirect("newsroom:edit", item_id=item.pk)


urlpatterns: list[URLPattern] = [
    path("items/<int:item_id>/revisions/", revisions, name="revisions"),
    path("items/<int:item_id>/restore/", restore, name="restore"),
]
