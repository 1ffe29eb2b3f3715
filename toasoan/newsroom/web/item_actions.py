"""Web UI: workflow buttons of the editor, featured media, and the editor's pickers (htmx)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from toasoan.accounts import permissions
from toasoan.accounts.models import User
from toasoan.accounts.privileges import Privilege
from toasoan.core.errors import DomainError, InvalidInput, StaleWrite
from toasoan.newsroom.access import readable_items
from toasoan.newsroom.actions import associations, copies, editing, locks, publishing
from toasoan.newsroom.actions import autosave as drafts
from toasoan.newsroom.models import Association, Item, ItemType, Rendition
from toasoan.newsroom.web import conflicts
from toasoan.newsroom.web.editor import item_view, posted_revision, user_of
from toasoan.newsroom.web.editor_context import (
    EDITABLE_STATES,
    error_text,
    featured_of,
    offered_actions,
    render_editor,
)
from toasoan.newsroom.web.editor_form import (
    FormValues,
    changed_fields,
    form_from_post,
    item_form,
    parse_datetime,
    values_from_form,
)
from toasoan.vocabularies import mediatopics

DONE = {
    "submit": gettext_lazy("Submitted."),
    "approve": gettext_lazy("Approved: ready to publish."),
    "publish": gettext_lazy("Published."),
    "schedule": gettext_lazy("Scheduled."),
    "unschedule": gettext_lazy("Schedule cancelled."),
    "correct": gettext_lazy("Correction published."),
    "kill": gettext_lazy("Killed."),
    "recall": gettext_lazy("Recalled."),
    "spike": gettext_lazy("Spiked."),
    "unspike": gettext_lazy("Unspiked."),
}
NEW_ITEM_ACTIONS = {"update", "duplicate"}


def _save_first(item: Item, user: User, form: FormValues, revision: int) -> tuple[Item, int]:
    """Unsaved edits go in before the action, so 'Publish' publishes what is on screen."""
    if item.state not in EDITABLE_STATES or not changed_fields(form, item_form(item)):
        return item, revision
    if not permissions.has(user, Privilege.EDIT, item.outlet_id):
        return item, revision
    locks.lock(item, by=user)
    saved = editing.save(
        item, by=user, fields=values_from_form(form, item), expected_revision=revision
    )
    return saved, saved.revision


def _run(action: str, item: Item, user: User, revision: int, post: Any, form: FormValues) -> Item:
    if action == "correct":
        return publishing.correct(
            item,
            by=user,
            expected_revision=revision,
            note=post.get("note", ""),
            fields=values_from_form(form, item),
        )
    item, revision = _save_first(item, user, form, revision)
    simple = {
        "approve": publishing.approve,
        "publish": publishing.publish,
        "unschedule": publishing.unschedule,
        "spike": publishing.spike,
        "unspike": publishing.unspike,
    }
    if action in simple:
        return simple[action](item, by=user, expected_revision=revision)
    if action == "submit":
        desk = post.get("desk", "")
        return publishing.submit(
            item, by=user, expected_revision=revision, desk=int(desk) if desk.isdigit() else None
        )
    if action == "schedule":
        when = parse_datetime(post.get("publish_at", ""), "publish_at")
        return publishing.schedule(item, by=user, expected_revision=revision, publish_at=when)
    if action == "kill":
        return publishing.kill(
            item, by=user, expected_revision=revision, reason=post.get("reason", "")
        )
    if action == "recall":
        return publishing.recall(
            item, by=user, expected_revision=revision, reason=post.get("reason", "")
        )
    if action == "update":
        return copies.update(item, by=user)
    if action == "duplicate":
        return copies.duplicate(item, by=user)
    raise InvalidInput("is not an action offered here", field="action")


@require_POST
@item_view
def do_action(request: HttpRequest, item: Item, action: str) -> HttpResponse:
    user = user_of(request)
    form: FormValues = {}
    try:
        form = form_from_post(request.POST)
        revision = posted_revision(request)
        if action not in offered_actions(user, item):
            raise InvalidInput("is not possible now for you in this state", field="action")
        with transaction.atomic():
            result = _run(action, item, user, revision, request.POST, form)
    except StaleWrite:
        drafts.autosave(item, by=user, form=form, base_revision=item.revision)
        return conflicts.render_conflict(request, item, form)
    except InvalidInput as exc:
        errors = {(exc.field or "").split("[")[0]: error_text(exc)}
        fresh = Item.objects.get(pk=item.pk)
        return render_editor(request, fresh, form=form or None, errors=errors, status=422)
    except DomainError as exc:
        fresh = Item.objects.get(pk=item.pk)
        return render_editor(
            request, fresh, form=form or None, error=error_text(exc), status=exc.status
        )
    if action in NEW_ITEM_ACTIONS:
        messages.success(request, _("A new version was created from the item."))
    else:
        drafts.discard(item, by=user)
        messages.success(request, str(DONE[action]))
    return redirect("newsroom:edit", item_id=result.pk)


def _featured_panel(
    request: HttpRequest, item: Item, error: str = "", *, oob: bool = True
) -> HttpResponse:
    fresh = Item.objects.get(pk=item.pk)
    context = {"item": fresh, "featured": featured_of(fresh), "error": error, "oob": oob}
    return render(request, "newsroom/editor_featured.html", context)


@require_http_methods(["GET", "POST"])
@item_view
def set_featured(request: HttpRequest, item: Item) -> HttpResponse:
    """Make a picture the item's featured media (or remove it); other associations stay.

    GET answers the panel as it is (after the media library's picker changed it)."""
    if request.method == "GET":
        return _featured_panel(request, item, oob=False)
    target = request.POST.get("target", "")
    rows: list[dict[str, Any]] = [
        {"role": a.role, "item_id": a.target_id, "group": a.group, "position": a.position}
        for a in Association.objects.filter(item=item).exclude(role=Association.Role.FEATURED)
    ]
    if target:
        rows.append({"role": "featured", "item_id": int(target) if target.isdigit() else -1})
    error = ""
    try:
        associations.set_associations(
            item, by=user_of(request), expected_revision=posted_revision(request), rows=rows
        )
    except DomainError as exc:
        error = error_text(exc)
    if request.headers.get("HX-Request"):
        return _featured_panel(request, item, error)
    if error:
        messages.error(request, error)
    return redirect("newsroom:edit", item_id=item.pk)


@require_GET
@item_view
def media_choices(request: HttpRequest, item: Item) -> HttpResponse:
    """Pictures the user can attach: the outlet's own and published ones, newest first."""
    q = request.GET.get("q", "").strip()
    pictures = readable_items(user_of(request)).filter(type=ItemType.PICTURE)
    pictures = pictures.filter(Q(outlet_id=item.outlet_id) | Q(state__in=["published"]))
    if q:
        pictures = pictures.filter(Q(headline__icontains=q) | Q(slugline__icontains=q))
    rows = list(pictures.order_by("-updated_at")[:12])
    urls: dict[int, dict[str, str]] = {}
    for r in Rendition.objects.filter(item__in=rows):
        urls.setdefault(r.item_id, {})[r.name] = str(r.file.url) if r.file else ""
    choices = [
        {
            "item": p,
            "thumb": urls.get(p.pk, {}).get("thumbnail", ""),
            "view": urls.get(p.pk, {}).get("viewImage") or urls.get(p.pk, {}).get("thumbnail", ""),
        }
        for p in rows
    ]
    return render(request, "newsroom/editor_media.html", {"item": item, "choices": choices})


@login_required
@require_GET
def topic_search(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    lang = request.GET.get("lang") or "vi"
    topics = mediatopics.search(q, lang=lang, limit=15) if q else []
    rows = [
        {"code": t.code, "label_vi": t.label("vi"), "label_en": t.label("en")}
        for t in topics
        if not t.retired
    ]
    return render(request, "newsroom/editor_topics.html", {"rows": rows, "q": q})


urlpatterns: list[URLPattern] = [
    path("items/<int:item_id>/do/<str:action>/", do_action, name="item_action"),
    path("items/<int:item_id>/featured/", set_featured, name="set_featured"),
    path("items/<int:item_id>/media-choices/", media_choices, name="media_choices"),
    path("topics/search/", topic_search, name="topic_search"),
]
