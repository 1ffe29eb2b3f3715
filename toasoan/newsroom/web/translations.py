"""Web UI: make a language version of an item; the editor then shows it beside its source."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path

from toasoan.accounts import permissions
from toasoan.accounts.models import Desk, Outlet
from toasoan.accounts.privileges import Privilege
from toasoan.core.errors import DomainError, InvalidInput
from toasoan.newsroom.actions import copies
from toasoan.newsroom.models import Item
from toasoan.newsroom.web.editor import item_view, user_of
from toasoan.newsroom.web.editor_context import error_text
from toasoan.newsroom.web.new_item import LANGUAGES


def _choice(value: str, field: str) -> int | None:
    if not value:
        return None
    if not value.isdigit():
        raise InvalidInput("must be chosen from the list", field=field)
    return int(value)


@item_view
def translate(request: HttpRequest, item: Item) -> HttpResponse:
    user = user_of(request)
    outlets = list(permissions.outlets_with(user, Privilege.CREATE).order_by("name"))
    context: dict[str, Any] = {
        "item": item,
        "outlets": outlets,
        "desks": Desk.objects.filter(outlet__in=outlets).select_related("outlet").order_by("name"),
        "languages": [(code, name) for code, name in LANGUAGES if code != item.language],
        "chosen": request.POST,
    }
    if request.method != "POST":
        return render(request, "newsroom/translation_new.html", context)
    try:
        outlet_id = _choice(request.POST.get("outlet", ""), "outlet")
        outlet = Outlet.objects.filter(pk=outlet_id).first() if outlet_id else None
        copy = copies.translate(
            item,
            by=user,
            language=request.POST.get("language", ""),
            outlet=outlet,
            desk=_choice(request.POST.get("desk", ""), "desk"),
        )
    except DomainError as exc:
        context["error"] = error_text(exc)
        return render(request, "newsroom/translation_new.html", context, status=exc.status)
    return redirect("newsroom:edit", item_id=copy.pk)


urlpatterns: list[URLPattern] = [
    path("items/<int:item_id>/translate/", translate, name="translate"),
]
