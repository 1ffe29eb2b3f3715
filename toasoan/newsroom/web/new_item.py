"""Web UI: start a new item (type, outlet and desk, language), then open it in the editor."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path

from toasoan.accounts import permissions
from toasoan.accounts.models import Desk, Outlet, User
from toasoan.accounts.privileges import Privilege
from toasoan.core.errors import DomainError, InvalidInput
from toasoan.core.text import clean_text
from toasoan.newsroom.actions import editing
from toasoan.newsroom.models import ItemType
from toasoan.newsroom.web.editor_context import error_text

LANGUAGES = (("vi", "Tiếng Việt"), ("en", "English"), ("fr", "Français"), ("zh", "中文"))


def _int(value: str, field: str) -> int | None:
    if not value:
        return None
    if not value.isdigit():
        raise InvalidInput("must be chosen from the list", field=field)
    return int(value)


def _create(user: User, post: Any) -> int:
    outlet_id = _int(post.get("outlet", ""), "outlet")
    outlet = Outlet.objects.filter(pk=outlet_id).first() if outlet_id else None
    if outlet is None:
        raise InvalidInput("must be chosen from the list", field="outlet")
    fields: dict[str, Any] = {"language": post.get("language") or outlet.language}
    headline = clean_text(post.get("headline", ""), field="headline").strip()
    if headline:
        fields["headline"] = headline
    item = editing.create(
        by=user,
        outlet=outlet,
        type=post.get("type") or ItemType.TEXT,
        desk=_int(post.get("desk", ""), "desk"),
        fields=fields,
    )
    return item.pk


@login_required
def new_item(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    outlets = list(permissions.outlets_with(user, Privilege.CREATE).order_by("name"))
    context: dict[str, Any] = {
        "outlets": outlets,
        "desks": Desk.objects.filter(outlet__in=outlets).select_related("outlet").order_by("name"),
        "types": ItemType.choices,
        "languages": LANGUAGES,
        "chosen": request.POST if request.method == "POST" else request.GET,
    }
    if request.method == "POST":
        try:
            item_id = _create(user, request.POST)
        except DomainError as exc:
            context["error"] = error_text(exc)
            return render(request, "newsroom/new_item.html", context, status=exc.status)
        return redirect("newsroom:edit", item_id=item_id)
    return render(request, "newsroom/new_item.html", context)


urlpatterns: list[URLPattern] = [path("items/new/", new_item, name="new")]
