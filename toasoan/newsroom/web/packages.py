"""Web UI: packages (composite items): members in ordered groups, saved as associations.

A member is an Association(role="member", group=<group>, position=<order in the group>);
featured and embedded associations of the package are kept as they are on every save.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from toasoan.accounts import permissions
from toasoan.accounts.models import Outlet, User
from toasoan.accounts.privileges import Privilege
from toasoan.core.errors import DomainError, InvalidInput, NotFound
from toasoan.core.text import clean_text, fold
from toasoan.newsroom import actions
from toasoan.newsroom.access import get_readable, readable_items
from toasoan.newsroom.models import Association, Item, ItemType, State
from toasoan.newsroom.web.media_detail import can_edit
from toasoan.newsroom.web.media_errors import error_json
from toasoan.newsroom.web.media_query import cards

GROUPS = {"main": gettext_lazy("Main part"), "sidebar": gettext_lazy("Sidebars")}
MEMBER_TYPES = (
    ItemType.TEXT,
    ItemType.PICTURE,
    ItemType.VIDEO,
    ItemType.AUDIO,
    ItemType.GRAPHIC,
)
SEARCH_LIMIT = 20


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _package(request: HttpRequest, item_id: int) -> Item:
    item = get_readable(_user(request), item_id)
    if item.type != ItemType.COMPOSITE:
        raise NotFound(_("no such package"))
    return item


def _member_rows(item: Item) -> list[dict[str, Any]]:
    links = list(
        Association.objects.filter(item=item, role=Association.Role.MEMBER).order_by(
            "group", "position", "id"
        )
    )
    thumbs = {c.item.pk: c.thumbnail for c in cards([a.target_id for a in links])}
    targets = Item.objects.in_bulk([a.target_id for a in links])
    return [
        {"link": a, "target": targets[a.target_id], "thumbnail": thumbs.get(a.target_id, "")}
        for a in links
    ]


def _groups(item: Item) -> list[dict[str, Any]]:
    rows = _member_rows(item)
    names = list(GROUPS) + sorted({r["link"].group for r in rows} - set(GROUPS))
    return [
        {
            "name": name,
            "label": str(GROUPS.get(name, name)),
            "members": [r for r in rows if r["link"].group == name],
        }
        for name in names
    ]


@login_required
@require_GET
def package(request: HttpRequest, item_id: int) -> HttpResponse:
    try:
        item = _package(request, item_id)
    except NotFound:
        return render(request, "newsroom/package_missing.html", status=404)
    context = {
        "item": item,
        "groups": _groups(item),
        "editable": can_edit(_user(request), item),
        "types": {k: str(v) for k, v in ItemType.choices},
    }
    return render(request, "newsroom/package.html", context)


def candidates(user: User, package_item: Item, q: str) -> list[Item]:
    """Readable text and media items whose headline, slugline, caption or keywords contain
    every folded word of q, most recently changed first (stops at SEARCH_LIMIT)."""
    words = fold(q).split()
    if not words:
        return []
    rows = (
        readable_items(user)
        .filter(type__in=MEMBER_TYPES)
        .exclude(state__in=[State.SPIKED, State.KILLED])
        .exclude(pk=package_item.pk)
        .order_by("-updated_at", "-id")
        .values_list("id", "headline", "slugline", "abstract", "keywords", "credit")
    )
    found: list[int] = []
    for row in rows.iterator(chunk_size=2000):
        text = fold(" ".join(str(v) for v in row[1:] if v))
        if all(word in text for word in words):
            found.append(row[0])
            if len(found) >= SEARCH_LIMIT:
                break
    by_id = Item.objects.in_bulk(found)
    return [by_id[i] for i in found]


@login_required
@require_GET
def package_search(request: HttpRequest, item_id: int) -> HttpResponse:
    try:
        item = _package(request, item_id)
        q = clean_text(request.GET.get("q", ""), field="q").strip()[:200]
    except DomainError as exc:
        return HttpResponse(exc.message, status=exc.status)
    found = candidates(_user(request), item, q)
    thumbs = {c.item.pk: c.thumbnail for c in cards([i.pk for i in found])}
    context = {
        "q": q,
        "results": [{"item": i, "thumbnail": thumbs.get(i.pk, "")} for i in found],
        "types": {k: str(v) for k, v in ItemType.choices},
    }
    return render(request, "newsroom/package_search.html", context)


def _parse_members(raw: Any) -> list[dict[str, Any]]:
    if not isinstance(raw, list):
        raise InvalidInput(_("must be a list of members"), field="members")
    rows, positions = [], {}  # type: ignore[var-annotated]
    for i, member in enumerate(raw):
        if not isinstance(member, dict) or not isinstance(member.get("item_id"), int):
            raise InvalidInput(_("each member needs an item id"), field=f"members[{i}]")
        group = str(member.get("group") or "main")
        if group not in GROUPS:
            raise InvalidInput(_("must be main or sidebar"), field=f"members[{i}].group")
        position = positions.get(group, 0)
        positions[group] = position + 1
        rows.append(
            {"role": "member", "item_id": member["item_id"], "group": group, "position": position}
        )
    return rows


def save_members(item: Item, *, by: User, revision: int, members: list[dict[str, Any]]) -> Item:
    kept = [
        {"role": a.role, "item_id": a.target_id, "group": a.group, "position": a.position}
        for a in Association.objects.filter(item=item).exclude(role=Association.Role.MEMBER)
    ]
    return actions.set_associations(
        item, by=by, expected_revision=revision, rows=[*kept, *_parse_members(members)]
    )


@login_required
@require_POST
def package_save(request: HttpRequest, item_id: int) -> JsonResponse:
    """Body: JSON {"revision": n, "members": [{"item_id": 5, "group": "main"}, ...]} in order."""
    try:
        item = _package(request, item_id)
        try:
            body = json.loads(request.body or b"{}")
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise InvalidInput(_("must be a JSON object"), field="body") from exc
        revision = body.get("revision") if isinstance(body, dict) else None
        if not isinstance(revision, int):
            raise InvalidInput(_("the page's revision is missing; reload"), field="revision")
        item = save_members(item, by=_user(request), revision=revision, members=body["members"])
    except KeyError:
        return error_json(InvalidInput(_("is required"), field="members"))
    except DomainError as exc:
        return error_json(exc)
    return JsonResponse({"revision": item.revision, "count": len(body["members"])})


@login_required
@require_POST
def package_new(request: HttpRequest) -> HttpResponse:
    """A new, empty package in the chosen outlet; opens it for adding members."""
    user = _user(request)
    outlet = Outlet.objects.filter(pk=request.POST.get("outlet") or 0).first()
    if outlet is None or not permissions.has(user, Privilege.CREATE, outlet):
        return render(request, "newsroom/package_missing.html", status=404)
    headline = request.POST.get("headline", "")
    try:
        item = actions.create(
            by=user, outlet=outlet, type=ItemType.COMPOSITE, fields={"headline": headline}
        )
    except DomainError as exc:
        return HttpResponse(exc.message, status=exc.status)
    return redirect(reverse("newsroom:package", args=[item.pk]))


urlpatterns: list[URLPattern] = [
    path("packages/new", package_new, name="package_new"),
    path("packages/<int:item_id>/", package, name="package"),
    path("packages/<int:item_id>/search", package_search, name="package_search"),
    path("packages/<int:item_id>/members", package_save, name="package_save"),
]
