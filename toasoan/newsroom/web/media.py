"""Web UI: the media library, uploads and the media picker.

Picker contract (for the editor, or any page that needs a picture)
-------------------------------------------------------------------
Open:   GET {% url 'newsroom:media_picker' %}?item=<item id>&mode=featured|embedded&revision=<rev>
        `item` is the item being edited; `revision` is the revision the editor holds (Item.revision,
        required for mode=featured, which changes the item). The page is a complete, small HTML
        document meant for an <iframe> inside a <dialog>; with an htmx request (HX-Request) only its
        body fragment is returned (then media.js must be loaded by the host page).
        Easiest: load {% static 'newsroom/media.js' %} and call
            ToasoanMedia.openPicker({item: 12, mode: "embedded", revision: 7,
                                     url: "{% url 'newsroom:media_picker' %}"}).then(...)
        which opens the dialog with the iframe and resolves with the result below
        (null = cancelled).
Choose: the picker POSTs to {% url 'newsroom:media_picker_choose' %} (form fields item, mode,
        asset, revision; CSRF token) and answers JSON:
          200 {"asset_id": <media item id>, "guid", "url": <viewImage or original URL>,
               "thumbnail", "caption", "credit", "alt", "mode",
               "html": '<figure data-item-guid=.. data-role="embedded|featured"><img src alt
                        data-item-guid><figcaption>caption — credit</figcaption></figure>',
               "item_revision": <the edited item's revision after the change>}
          mode=featured sets the featured association through actions.associations (the item's
          revision goes up: use item_revision for the next save); mode=embedded changes nothing on
          the server: insert "html" into the body.
          4xx {"error": {"code", "message", "field"}} (412 stale revision, 404 unknown/unreadable).
Result: in an iframe the picker posts to the parent window (same origin only):
            {"type": "toasoan:media-chosen", "result": <the JSON above>}
        and {"type": "toasoan:media-cancelled"}; as a fragment it dispatches the DOM event
        "toasoan:media-chosen" (detail = result) on document.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from toasoan.accounts import permissions
from toasoan.accounts.models import Outlet, User
from toasoan.accounts.privileges import Privilege
from toasoan.core.errors import DomainError, InvalidInput, NotFound
from toasoan.newsroom import actions
from toasoan.newsroom.access import get_readable
from toasoan.newsroom.actions import media as media_actions
from toasoan.newsroom.models import Association, Item, ItemType
from toasoan.newsroom.web import media_detail
from toasoan.newsroom.web.media_errors import error_json, is_htmx, upload_error
from toasoan.newsroom.web.media_query import (
    MEDIA_TYPES,
    cards,
    filter_choices,
    filters_from,
    find,
    page_of,
)

PICKER_TYPES = (ItemType.PICTURE, ItemType.GRAPHIC)
MODES = ("featured", "embedded")


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def upload_outlets(user: User) -> list[Outlet]:
    return list(permissions.outlets_with(user, Privilege.UPLOAD_MEDIA).order_by("name"))


def _listing(request: HttpRequest, types: tuple[str, ...]) -> tuple[dict[str, Any], int]:
    user = _user(request)
    context: dict[str, Any] = {"choices": filter_choices(user)}
    try:
        filters = filters_from(request.GET, types)
    except InvalidInput as exc:
        context.update(error=exc.message, error_field=exc.field, cards=[], page=None)
        return context, 400
    page, found = page_of(find(user, filters, types), request.GET.get("page"))
    context.update(filters=filters, query=filters.as_query(), page=page, cards=found)
    return context, 200


@login_required
@require_GET
def library(request: HttpRequest) -> HttpResponse:
    context, status = _listing(request, MEDIA_TYPES)
    context["outlets"] = upload_outlets(_user(request))
    template = "newsroom/media_grid.html" if is_htmx(request) else "newsroom/media_library.html"
    return render(request, template, context, status=status)


@login_required
@require_POST
def upload(request: HttpRequest) -> JsonResponse:
    """One file per request, so the page can show each file's progress and error."""
    file = request.FILES.get("file")
    name = file.name if file else ""
    try:
        if file is None:
            raise InvalidInput(_("choose a file to upload"), field="file")
        outlet = Outlet.objects.filter(pk=request.POST.get("outlet") or 0).first()
        if outlet is None:
            raise InvalidInput(_("choose the outlet the media belongs to"), field="outlet")
        with file.open("rb") as stream:
            item = media_actions.upload(
                by=_user(request),
                outlet=outlet,
                stream=stream,
                size=file.size or 0,
                filename=name or "",
            )
    except DomainError as exc:
        return upload_error(exc, name or "", file)
    card = cards([item.pk])[0]
    return JsonResponse(
        {
            "id": item.pk,
            "name": name,
            "headline": item.headline,
            "thumbnail": card.thumbnail,
            "detail_url": reverse("newsroom:media_item", args=[item.pk]),
        },
        status=201,
    )


def _picker_target(request: HttpRequest, params: Any) -> tuple[Item, str]:
    mode = params.get("mode", "embedded")
    if mode not in MODES:
        raise InvalidInput(_("must be featured or embedded"), field="mode")
    try:
        item_id = int(params.get("item", ""))
    except ValueError as exc:
        raise InvalidInput(_("must be the id of the item being edited"), field="item") from exc
    return get_readable(_user(request), item_id), mode


@xframe_options_sameorigin  # it lives in an iframe of the editor
@login_required
@require_GET
def picker(request: HttpRequest) -> HttpResponse:
    try:
        item, mode = _picker_target(request, request.GET)
    except DomainError as exc:
        return render(
            request, "newsroom/media_picker.html", {"fatal": exc.message}, status=exc.status
        )
    context, status = _listing(request, PICKER_TYPES)
    context.update(
        item=item,
        mode=mode,
        revision=request.GET.get("revision", ""),
        picker=True,
        outlets=upload_outlets(_user(request)),
    )
    if is_htmx(request) and request.GET.get("grid"):
        return render(request, "newsroom/media_grid.html", context, status=status)
    template = (
        "newsroom/media_picker_body.html" if is_htmx(request) else "newsroom/media_picker.html"
    )
    return render(request, template, context, status=status)


def figure_html(card_item: Item, url: str, role: str) -> str:
    caption = card_item.abstract or card_item.headline
    credit = card_item.credit or card_item.byline
    text = " — ".join(part for part in (caption, credit) if part)
    guid = escape(card_item.guid)
    figcaption = f"<figcaption>{escape(text)}</figcaption>" if text else ""
    return (
        f'<figure data-item-guid="{guid}" data-role="{role}">'
        f'<img src="{escape(url)}" alt="{escape(card_item.headline or caption)}" '
        f'data-item-guid="{guid}">{figcaption}</figure>'
    )


def set_featured(item: Item, asset: Item, *, by: User, revision: int | None) -> Item:
    """Keep every other association; the chosen picture replaces any featured one."""
    rows: list[dict[str, Any]] = [
        {"role": a.role, "item_id": a.target_id, "group": a.group, "position": a.position}
        for a in Association.objects.filter(item=item).exclude(role=Association.Role.FEATURED)
    ]
    rows.append({"role": "featured", "item_id": asset.pk, "group": "main", "position": 0})
    return actions.set_associations(item, by=by, expected_revision=revision, rows=rows)


@login_required
@require_POST
def picker_choose(request: HttpRequest) -> JsonResponse:
    user = _user(request)
    try:
        item, mode = _picker_target(request, request.POST)
        try:
            asset_id = int(request.POST.get("asset", ""))
        except ValueError as exc:
            raise InvalidInput(_("choose a picture"), field="asset") from exc
        asset = get_readable(user, asset_id)
        if asset.type not in MEDIA_TYPES:
            raise NotFound(_("no such picture"), field="asset")
        if mode == "featured":
            try:
                revision = int(request.POST.get("revision", ""))
            except ValueError as exc:
                raise InvalidInput(_("the editor's revision is missing"), field="revision") from exc
            item = set_featured(item, asset, by=user, revision=revision)
    except DomainError as exc:
        return error_json(exc)
    card = cards([asset.pk])[0]
    return JsonResponse(
        {
            "asset_id": asset.pk,
            "guid": asset.guid,
            "mode": mode,
            "url": card.view,
            "thumbnail": card.thumbnail,
            "caption": asset.abstract or asset.headline,
            "credit": asset.credit or asset.byline,
            "alt": asset.headline or asset.abstract,
            "html": figure_html(asset, card.view, mode),
            "item_revision": item.revision,
        }
    )


urlpatterns: list[URLPattern] = [
    path("library/", library, name="media"),
    path("library/upload", upload, name="media_upload"),
    path("library/picker", picker, name="media_picker"),
    path("library/picker/choose", picker_choose, name="media_picker_choose"),
    *media_detail.urlpatterns,
]
