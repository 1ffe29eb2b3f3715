"""Web UI: desk monitoring (my desks, one desk, several desks), live refresh and "move to"."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from toasoan.accounts.models import Desk, User
from toasoan.core.errors import DomainError, InvalidInput, NotFound
from toasoan.newsroom.actions import publishing
from toasoan.newsroom.models import ItemType, State
from toasoan.newsroom.web.desks_board import (
    DEFAULT_STATES,
    MAX_DESKS,
    BoardFilters,
    build_board,
    desks_for,
    fingerprint,
    move_targets,
)
from toasoan.newsroom.web.desks_cards import CardRenderer
from toasoan.newsroom.web.error_text import error_message

LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English"), ("fr", "Français")]


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _chosen_desks(user: User, ids: list[str]) -> list[Desk]:
    try:
        wanted = [int(i) for i in ids if i]
    except ValueError:
        raise InvalidInput("must be desk numbers", field="desk") from None
    if not wanted:
        raise InvalidInput("choose at least one desk", field="desk")
    if len(wanted) > MAX_DESKS:
        raise InvalidInput(f"choose at most {MAX_DESKS} desks", field="desk")
    found = {d.pk: d for d in desks_for(user).filter(pk__in=wanted)}
    missing = [i for i in wanted if i not in found]
    if missing:
        raise NotFound(f"desk {missing[0]} does not exist")
    return [found[i] for i in dict.fromkeys(wanted)]


def _query(desks: list[Desk], params: QueryDict, **extra: str) -> str:
    """The board's query string: chosen desks plus filters (not the fingerprint)."""
    pairs: list[tuple[str, str]] = [("desk", str(d.pk)) for d in desks]
    for key in ("type", "state"):
        pairs += [(key, v) for v in params.getlist(key) if v]
    for key in ("urgency", "language", "q"):
        if value := params.get(key, "").strip():
            pairs.append((key, value))
    pairs += list(extra.items())
    return urlencode(pairs)


def _board_context(request: HttpRequest, desks: list[Desk]) -> dict[str, Any]:
    user = _user(request)
    filters = BoardFilters.from_params(request.GET)
    board = build_board(user, desks, filters)
    renderer = CardRenderer()
    for entry in board.desks:
        for column in entry.columns:
            column.html = renderer.cards(column.cards)
    return {
        "board": board,
        "board_query": _query(desks, request.GET),
        "poll_query": _query(desks, request.GET, fp=board.fingerprint),
    }


def _page(request: HttpRequest, desks: list[Desk], title: str) -> HttpResponse:
    try:
        context = _board_context(request, desks)
    except InvalidInput as exc:
        context, status = {"error": error_message(exc)}, exc.status
    else:
        status = 200
    context.update(
        {
            "title": title,
            "desks": desks,
            "params": request.GET,
            "type_choices": ItemType.choices,
            "state_choices": State.choices,
            "default_states": [s.value for s in DEFAULT_STATES],
            "languages": LANGUAGES,
            "targets": move_targets(desks),
            "next_url": request.get_full_path(),
        }
    )
    return render(request, "newsroom/desks_board.html", context, status=status)


@login_required
@require_GET
def desk_list(request: HttpRequest) -> HttpResponse:
    desks = list(desks_for(_user(request)))
    outlets: dict[str, list[Desk]] = {}
    for desk in desks:
        outlets.setdefault(desk.outlet.name, []).append(desk)
    return render(request, "newsroom/desks.html", {"outlets": outlets, "max_desks": MAX_DESKS})


@login_required
@require_GET
def desk_view(request: HttpRequest, desk_id: int) -> HttpResponse:
    try:
        desks = _chosen_desks(_user(request), [str(desk_id)])
    except NotFound as exc:
        return render(request, "newsroom/desks_error.html", {"error": exc.message}, status=404)
    return _page(request, desks, desks[0].name)


@login_required
@require_GET
def multi_desk_view(request: HttpRequest) -> HttpResponse:
    try:
        desks = _chosen_desks(_user(request), request.GET.getlist("desk"))
    except DomainError as exc:
        context = {"error": error_message(exc)}
        return render(request, "newsroom/desks_error.html", context, status=exc.status)
    return _page(request, desks, ", ".join(d.name for d in desks))


@login_required
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    """The columns only (htmx). With ?fp= equal to the current fingerprint: 204, nothing to do."""
    user = _user(request)
    try:
        desks = _chosen_desks(user, request.GET.getlist("desk"))
        filters = BoardFilters.from_params(request.GET)
        seen = request.GET.get("fp")
        if seen and seen == fingerprint(desks, filters):
            return HttpResponse(status=204)
        context = _board_context(request, desks)
    except DomainError as exc:
        return render(
            request, "newsroom/desks_flash.html", {"error": error_message(exc)}, status=exc.status
        )
    return render(request, "newsroom/desks_columns.html", context)


def _int(request: HttpRequest, name: str, *, required: bool) -> int | None:
    raw = request.POST.get(name, "").strip()
    if not raw:
        if required:
            raise InvalidInput("is required", field=name)
        return None
    if not raw.isdigit():
        raise InvalidInput("must be a whole number", field=name)
    return int(raw)


@login_required
@require_POST
def move(request: HttpRequest, item_id: int) -> HttpResponse:
    """Send an item to another stage or desk: one action, checked against the revision seen."""
    user = _user(request)
    try:
        revision = _int(request, "revision", required=True)
        stage = _int(request, "stage", required=False)
        desk = _int(request, "desk", required=False)
        item = publishing.move(item_id, by=user, expected_revision=revision, desk=desk, stage=stage)
    except DomainError as exc:
        text = error_message(exc)
        if exc.code == "stale_write":
            text = _("Someone changed this item a moment ago; the desk has been reloaded.")
        return _answer(request, text, error=True, status=exc.status)
    where = " / ".join(str(p.name) for p in (item.desk, item.stage) if p is not None)
    text = _("Moved “%(headline)s” to %(where)s.") % {
        "headline": item.headline or item.guid,
        "where": where,
    }
    return _answer(request, text, error=False, status=200)


def _answer(request: HttpRequest, text: str, *, error: bool, status: int) -> HttpResponse:
    if request.headers.get("HX-Request") == "true":
        response = render(
            request, "newsroom/desks_flash.html", {"error" if error else "message": text}
        )
        response.status_code = status
        response["HX-Trigger"] = "board-refresh"
        return response
    (messages.error if error else messages.success)(request, text)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = reverse("newsroom:desks")
    return HttpResponseRedirect(back)


urlpatterns: list[URLPattern] = [
    path("desks/", desk_list, name="desks"),
    path("desks/view/", multi_desk_view, name="desks_multi"),
    path("desks/board/", board, name="desks_board"),
    path("desks/<int:desk_id>/", desk_view, name="desk"),
    path("items/<int:item_id>/move/", move, name="desks_move"),
]
