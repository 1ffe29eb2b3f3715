"""Web UI: one media item: renditions, embedded metadata, the metadata form and the crop editor."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from toasoan.accounts import permissions
from toasoan.accounts.models import User
from toasoan.accounts.privileges import Privilege
from toasoan.core.errors import DomainError, InvalidInput, NotFound
from toasoan.newsroom.access import get_readable
from toasoan.newsroom.actions import editing
from toasoan.newsroom.actions import media as media_actions
from toasoan.newsroom.models import Item, MediaAsset, Rendition
from toasoan.newsroom.web.media_errors import describe, is_htmx
from toasoan.newsroom.web.media_query import MEDIA_TYPES
from toasoan.newsroom.workflow import TABLE, Action

EMBEDDED_LABELS = {
    "caption": gettext_lazy("Caption"),
    "headline": gettext_lazy("Headline"),
    "credit": gettext_lazy("Credit"),
    "byline": gettext_lazy("Byline"),
    "copyright_notice": gettext_lazy("Copyright notice"),
    "source": gettext_lazy("Source"),
    "keywords": gettext_lazy("Keywords"),
    "date_taken": gettext_lazy("Date taken"),
    "city": gettext_lazy("City"),
    "country": gettext_lazy("Country"),
    "place": gettext_lazy("Place"),
    "width": gettext_lazy("Width (px)"),
    "height": gettext_lazy("Height (px)"),
}
ASPECTS = ("16:9", "4:3", "3:2", "1:1", "3:4", "9:16")
_ASPECT = re.compile(r"^(\d{1,2}):(\d{1,2})$")
TEXT_FIELDS = (
    "headline",
    "abstract",
    "byline",
    "credit",
    "copyright_holder",
    "copyright_notice",
    "usage_terms",
    "dateline_place",
    "dateline_date",
)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _media_item(request: HttpRequest, item_id: int) -> Item:
    item = get_readable(_user(request), item_id)
    if item.type not in MEDIA_TYPES:
        raise NotFound(_("no such media item"))
    return item


def can_edit(user: User, item: Item) -> bool:
    return item.state in TABLE[Action.SAVE].sources and permissions.has(
        user, Privilege.EDIT, item.outlet_id
    )


def _revision(params: QueryDict) -> int:
    try:
        return int(params.get("revision", ""))
    except ValueError as exc:
        raise InvalidInput(
            _("the form's revision is missing; reload the page"), field="revision"
        ) from exc


def fields_from(params: QueryDict) -> dict[str, Any]:
    """The metadata form's values as item fields (keywords: comma or newline separated)."""
    fields: dict[str, Any] = {name: params.get(name, "") for name in TEXT_FIELDS}
    fields["dateline_date"] = fields["dateline_date"] or None
    raw = params.get("keywords", "")
    fields["keywords"] = [k.strip() for k in re.split(r"[,\n]", raw) if k.strip()]
    return fields


def _embedded(asset: MediaAsset | None) -> list[tuple[str, str]]:
    """Label and text of each field the file carried, in a fixed order."""
    found = asset.embedded if asset else {}
    rows = []
    for key, label in EMBEDDED_LABELS.items():
        value = found.get(key)
        if value:
            text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
            rows.append((str(label), text))
    return rows


def _context(request: HttpRequest, item: Item, **extra: Any) -> dict[str, Any]:
    asset = MediaAsset.objects.filter(item=item).first()
    renditions = list(Rendition.objects.filter(item=item).order_by("name"))
    view = next((r for r in renditions if r.name == "viewImage"), None)
    view = view or next((r for r in renditions if r.name == "original"), None)
    croppable = bool(asset and asset.mime in media_actions.RASTER_MIMES and view)
    return {
        "item": item,
        "asset": asset,
        "renditions": renditions,
        "view": view,
        "croppable": croppable,
        "embedded": _embedded(asset),
        "editable": can_edit(_user(request), item),
        "aspects": ASPECTS,
        "chosen_aspects": ASPECTS[:3],
        "keywords_text": ", ".join(item.keywords),
        "form_revision": item.revision,
        **extra,
    }


@login_required
@require_GET
def media_item(request: HttpRequest, item_id: int) -> HttpResponse:
    try:
        item = _media_item(request, item_id)
    except NotFound as exc:
        return render(request, "newsroom/media_missing.html", {"error": exc.message}, status=404)
    context = _context(request, item, saved=request.GET.get("saved", ""))
    return render(request, "newsroom/media_detail.html", context)


def _answer(
    request: HttpRequest, item: Item, exc: DomainError | None, part: str, done: str
) -> HttpResponse:
    """htmx gets the re-rendered part; a plain form post goes back to the page (PRG)."""
    if exc is None and not is_htmx(request):
        return redirect(f"{reverse('newsroom:media_item', args=[item.pk])}?saved={done}")
    extra: dict[str, Any] = {"saved": done if exc is None else "", "form_revision": item.revision}
    if "aspect" in request.POST:
        extra["chosen_aspects"] = request.POST.getlist("aspect")
    if exc is not None:
        # the form keeps the revision it was read at: a stale form stays stale until reloaded
        extra.update(
            error=describe(exc),
            error_field=exc.field or "",
            posted=request.POST,
            form_revision=request.POST.get("revision", ""),
        )
    context = _context(request, item, **extra)
    template = part if is_htmx(request) else "newsroom/media_detail.html"
    return render(request, template, context, status=exc.status if exc else 200)


@login_required
@require_POST
def save_metadata(request: HttpRequest, item_id: int) -> HttpResponse:
    try:
        item = _media_item(request, item_id)
    except NotFound as exc:
        return render(request, "newsroom/media_missing.html", {"error": exc.message}, status=404)
    error: DomainError | None = None
    try:
        item = editing.save(
            item.pk,
            by=_user(request),
            fields=fields_from(request.POST),
            expected_revision=_revision(request.POST),
        )
    except DomainError as exc:
        error = exc
        item.refresh_from_db()
    return _answer(request, item, error, "newsroom/media_metadata_form.html", "metadata")


def parse_aspects(params: QueryDict) -> list[tuple[int, int]]:
    chosen = params.getlist("aspect")
    if not chosen:
        raise InvalidInput(_("choose at least one crop shape"), field="aspect")
    result = []
    for value in chosen:
        match = _ASPECT.match(value)
        if not match or int(match.group(1)) < 1 or int(match.group(2)) < 1:
            raise InvalidInput(_("must look like 16:9"), field="aspect")
        result.append((int(match.group(1)), int(match.group(2))))
    return result


def parse_focal_point(params: QueryDict) -> tuple[float, float]:
    point = []
    for name in ("focal_x", "focal_y"):
        try:
            value = float(params.get(name, "").replace(",", "."))
        except ValueError:
            value = -1.0
        if not 0.0 <= value <= 1.0:
            raise InvalidInput(_("must be a number from 0 to 1"), field=name)
        point.append(value)
    return point[0], point[1]


@transaction.atomic
def crop_all(
    item: Item, *, by: User, revision: int, aspects: list[tuple[int, int]], focal: Any
) -> Item:
    """One crop rendition per aspect ("crop-16x9"); all of them or none."""
    for width, height in aspects:
        item = media_actions.crop(
            item.pk,
            by=by,
            expected_revision=revision,
            name=f"{width}x{height}",
            aspect=(width, height),
            focal_point=focal,
        )
        revision = item.revision
    return item


@login_required
@require_POST
def crop(request: HttpRequest, item_id: int) -> HttpResponse:
    try:
        item = _media_item(request, item_id)
    except NotFound as exc:
        return render(request, "newsroom/media_missing.html", {"error": exc.message}, status=404)
    error: DomainError | None = None
    try:
        item = crop_all(
            item,
            by=_user(request),
            revision=_revision(request.POST),
            aspects=parse_aspects(request.POST),
            focal=parse_focal_point(request.POST),
        )
    except DomainError as exc:
        error = exc
        item.refresh_from_db()
    return _answer(request, item, error, "newsroom/media_crop_part.html", "crop")


urlpatterns: list[URLPattern] = [
    path("library/<int:item_id>/", media_item, name="media_item"),
    path("library/<int:item_id>/metadata", save_metadata, name="media_metadata"),
    path("library/<int:item_id>/crop", crop, name="media_crop"),
]
