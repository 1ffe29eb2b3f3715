"""Web UI: the comments panel of an item (htmx), with @mention suggestions and resolve."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET, require_POST

from toasoan.accounts import permissions
from toasoan.accounts.models import User
from toasoan.accounts.privileges import Privilege
from toasoan.core.errors import DomainError
from toasoan.core.text import fold
from toasoan.newsroom.access import get_readable
from toasoan.newsroom.actions.comments import (
    MENTION,
    add_comment,
    mention_candidates,
    resolve_comment,
)
from toasoan.newsroom.models import Comment, Item
from toasoan.newsroom.web.error_text import error_message

SUGGESTIONS = 8


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _item(request: HttpRequest, item_id: int) -> Item:
    """The item, if the user may read it and comment in its outlet (else NotFound/Forbidden)."""
    item = get_readable(_user(request), item_id)
    permissions.require(_user(request), Privilege.COMMENT, item.outlet)
    return item


def highlight_mentions(body: str, known: set[str]) -> SafeString:
    """Escape the text and mark @mentions of real users."""
    out: list[str] = []
    last = 0
    for match in MENTION.finditer(body):
        name = match.group(1).rstrip(".-")
        if name not in known:
            continue
        out.append(escape(body[last : match.start()]))
        out.append(f'<span class="mention">@{escape(name)}</span>')
        last = match.start() + 1 + len(name)
    out.append(escape(body[last:]))
    return mark_safe("".join(out))  # noqa: S308  (every piece above is escaped)


def _panel_context(item: Item, user: User, show_resolved: bool) -> dict[str, Any]:
    comments = list(
        Comment.objects.filter(item=item)
        .select_related("author", "resolved_by")
        .prefetch_related("mentions")
    )
    rows = []
    for c in comments:
        if c.is_resolved and not show_resolved:
            continue
        known = {u.username for u in c.mentions.all()}
        rows.append(
            {
                "comment": c,
                "html": highlight_mentions(c.body, known),
                "at": timezone.localtime(c.created_at).strftime("%d/%m/%Y %H:%M"),
            }
        )
    return {
        "item": item,
        "rows": rows,
        "open_count": sum(1 for c in comments if not c.is_resolved),
        "resolved_count": sum(1 for c in comments if c.is_resolved),
        "show_resolved": show_resolved,
    }


def _panel(request: HttpRequest, item: Item, *, status: int = 200, **extra: Any) -> HttpResponse:
    show = request.GET.get("resolved") == "1" or request.POST.get("resolved") == "1"
    context = {**_panel_context(item, _user(request), show), **extra}
    return render(request, "newsroom/comments_panel.html", context, status=status)


def _failure(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return render(
        request,
        "newsroom/comments_error.html",
        {"error": error_message(exc)},
        status=exc.status,
    )


@login_required
@require_GET
def panel(request: HttpRequest, item_id: int) -> HttpResponse:
    try:
        item = _item(request, item_id)
    except DomainError as exc:
        return _failure(request, exc)
    return _panel(request, item)


@login_required
@require_POST
def add(request: HttpRequest, item_id: int) -> HttpResponse:
    try:
        item = _item(request, item_id)
    except DomainError as exc:
        return _failure(request, exc)
    body = request.POST.get("body", "")
    try:
        add_comment(item, by=_user(request), body=body)
    except DomainError as exc:
        return _panel(request, item, status=exc.status, error=error_message(exc), draft=body)
    return _panel(request, item)


@login_required
@require_POST
def resolve(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = Comment.objects.filter(pk=comment_id).only("item_id").first()
    try:
        if comment is None:
            return HttpResponse(status=404)
        item = _item(request, comment.item_id)
        reopen = request.POST.get("reopen") == "1"
        resolve_comment(comment.pk, by=_user(request), resolved=not reopen)
    except DomainError as exc:
        return _failure(request, exc)
    return _panel(request, item)


@login_required
@require_GET
def mention_suggestions(request: HttpRequest, item_id: int) -> HttpResponse:
    """Users of the item's outlet whose username or name starts with (or contains) ?q."""
    try:
        item = _item(request, item_id)
    except DomainError as exc:
        return JsonResponse(exc.as_dict(), status=exc.status)
    wanted = fold(request.GET.get("q", "").strip().lstrip("@"))[:50]
    found = []
    for user in mention_candidates(item):
        name = user.display_name()
        haystack = f"{fold(user.username)} {fold(name)}"
        if wanted and wanted not in haystack:
            continue
        starts = fold(user.username).startswith(wanted) or fold(name).startswith(wanted)
        found.append((0 if starts else 1, user.username, name))
    found.sort()
    users = [{"username": u, "name": n} for _, u, n in found[:SUGGESTIONS]]
    return JsonResponse({"users": users})


urlpatterns: list[URLPattern] = [
    path("items/<int:item_id>/comments/", panel, name="comments"),
    path("items/<int:item_id>/comments/add/", add, name="comments_add"),
    path("items/<int:item_id>/comments/mentions/", mention_suggestions, name="comments_mentions"),
    path("comments/<int:comment_id>/resolve/", resolve, name="comments_resolve"),
]
