"""Web UI: the item editor — open (takes the lock), save, autosave, recover, conflicts, locks."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from toasoan.accounts.models import User
from toasoan.core.errors import (
    DomainError,
    Forbidden,
    InvalidInput,
    LockedByOther,
    NotFound,
    StaleWrite,
)
from toasoan.newsroom.access import can_read
from toasoan.newsroom.actions import autosave as drafts
from toasoan.newsroom.actions import editing, locks
from toasoan.newsroom.models import Item, Lock
from toasoan.newsroom.web import conflicts
from toasoan.newsroom.web.editor_context import (
    EDITABLE_STATES,
    LIVE_STATES,
    error_text,
    lock_context,
    render_editor,
)
from toasoan.newsroom.web.editor_form import (
    FormValues,
    changed_fields,
    form_from_post,
    item_form,
    show_datetime,
    values_from_form,
)

View = Callable[..., HttpResponse]


def load_item(user: User, item_id: int) -> Item:
    """The item with everything the editor shows of it, in one query; 404 if unreadable."""
    item = (
        Item.objects.select_related("outlet", "desk", "stage", "lock__holder", "translation_of")
        .filter(pk=item_id)
        .first()
    )
    if item is None or not can_read(user, item):
        raise NotFound(f"item {item_id} does not exist")
    return item


def held_lock(item: Item) -> Lock | None:
    try:
        return item.lock
    except Lock.DoesNotExist:
        return None


def item_view(view: View) -> View:
    """Signed-in only; unreadable items are 404, missing privileges 403 (as the API does)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, item_id: int, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            item = load_item(request.user, item_id)  # type: ignore[arg-type]
            return view(request, item, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except Forbidden as exc:
            return render(request, "newsroom/editor_denied.html", {"message": exc}, status=403)

    return wrapper


def user_of(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def posted_revision(request: HttpRequest) -> int:
    value = request.POST.get("revision", "")
    if not value.isdigit():
        raise InvalidInput("is required (the revision you edited)", field="revision")
    return int(value)


@require_GET
@item_view
def edit(request: HttpRequest, item: Item) -> HttpResponse:
    user = user_of(request)
    writable_state = item.state in EDITABLE_STATES or item.state in LIVE_STATES
    current = held_lock(item)
    if writable_state and (current is None or current.holder_id != user.pk):
        try:
            item.lock = locks.lock(item, by=user)
        except (LockedByOther, Forbidden):
            pass  # shown on the page: read-only, with take-over if allowed
    draft = drafts.draft_of(item, user)
    if request.GET.get("recover") and draft is not None:
        return render_editor(
            request,
            item,
            form=draft.form,
            revision=draft.base_revision,
            recovered=True,
            draft=draft,
            lock_loaded=True,
        )
    return render_editor(request, item, draft=draft, lock_loaded=True)


def save_form(request: HttpRequest, item: Item, form: FormValues, revision: int) -> HttpResponse:
    """Keep the form as a draft first (nothing lost), then save it as a revision."""
    user = user_of(request)
    try:
        drafts.autosave(item, by=user, form=form, base_revision=revision)
        values = values_from_form(form, item)
        with transaction.atomic():
            locks.lock(item, by=user)
            saved = editing.save(item, by=user, fields=values, expected_revision=revision)
    except StaleWrite:
        return conflicts.render_conflict(request, item, form)
    except InvalidInput as exc:
        errors = {(exc.field or "").split("[")[0]: error_text(exc)}
        return render_editor(request, item, form=form, errors=errors, revision=revision, status=422)
    except DomainError as exc:
        return render_editor(
            request, item, form=form, error=error_text(exc), revision=revision, status=exc.status
        )
    drafts.discard(saved, by=user)
    messages.success(request, _("Saved: revision %(number)s.") % {"number": saved.revision})
    return redirect("newsroom:edit", item_id=saved.pk)


@require_POST
@item_view
def save(request: HttpRequest, item: Item) -> HttpResponse:
    try:
        form = form_from_post(request.POST)
        revision = posted_revision(request)
    except InvalidInput as exc:
        return render_editor(request, item, error=error_text(exc), status=422)
    return save_form(request, item, form, revision)


@require_POST
@item_view
def resolve(request: HttpRequest, item: Item) -> HttpResponse:
    """Save the per-field choice between mine (the draft) and theirs (the current item)."""
    draft = drafts.draft_of(item, user_of(request))
    if draft is None:
        messages.info(request, _("Nothing to resolve: your changes were already saved."))
        return redirect("newsroom:edit", item_id=item.pk)
    try:
        revision = posted_revision(request)
    except InvalidInput as exc:
        return conflicts.render_conflict(request, item, draft.form, error=error_text(exc))
    merged = conflicts.merge(request.POST, item, draft.form)
    return save_form(request, item, merged, revision)


@require_POST
@item_view
def autosave(request: HttpRequest, item: Item) -> HttpResponse:
    user = user_of(request)
    try:
        form = form_from_post(request.POST)
        revision = posted_revision(request)
        if not changed_fields(form, item_form(item)):
            # Nothing unsaved (e.g. an autosave that was in flight while Save went through).
            drafts.discard(item, by=user)
            return JsonResponse({"saved_at": show_datetime(timezone.now()), "unchanged": True})
        draft = drafts.autosave(item, by=user, form=form, base_revision=revision)
    except DomainError as exc:
        return JsonResponse({**exc.as_dict(), "message": error_text(exc)}, status=exc.status)
    return JsonResponse({"saved_at": show_datetime(draft.updated_at), "revision": item.revision})


@require_POST
@item_view
def discard_draft(request: HttpRequest, item: Item) -> HttpResponse:
    drafts.discard(item, by=user_of(request))
    messages.info(request, _("Unsaved changes discarded."))
    return redirect("newsroom:edit", item_id=item.pk)


@require_POST
@item_view
def take_over(request: HttpRequest, item: Item) -> HttpResponse:
    try:
        locks.lock(item, by=user_of(request), take_over=True)
    except DomainError as exc:
        return render_editor(request, item, error=error_text(exc), status=exc.status)
    messages.success(request, _("You now hold the lock on this item."))
    return redirect("newsroom:edit", item_id=item.pk)


@require_POST
@item_view
def unlock(request: HttpRequest, item: Item) -> HttpResponse:
    """Leaving the editor (also sent by the page as a beacon when the tab closes)."""
    user = user_of(request)
    if Lock.objects.filter(item=item, holder=user).exists():
        locks.unlock(item, by=user)
    if request.POST.get("next") == "item":
        return redirect("newsroom:edit", item_id=item.pk)
    if request.POST.get("next") == "close":
        return redirect("home")
    return HttpResponse(status=204)


@require_GET
@item_view
def lock_status(request: HttpRequest, item: Item) -> HttpResponse:
    context = {"item": item, **lock_context(user_of(request), item), "now": timezone.now()}
    return render(request, "newsroom/editor_lock.html", context)


def _patterns() -> list[URLPattern]:
    from toasoan.newsroom.web import item_actions, new_item, revisions, translations

    own = [
        path("items/<int:item_id>/edit/", edit, name="edit"),
        path("items/<int:item_id>/save/", save, name="save"),
        path("items/<int:item_id>/resolve/", resolve, name="resolve"),
        path("items/<int:item_id>/autosave/", autosave, name="autosave"),
        path("items/<int:item_id>/draft/discard/", discard_draft, name="discard_draft"),
        path("items/<int:item_id>/lock/take-over/", take_over, name="take_over"),
        path("items/<int:item_id>/unlock/", unlock, name="unlock"),
        path("items/<int:item_id>/lock/", lock_status, name="lock_status"),
    ]
    return [
        *new_item.urlpatterns,
        *own,
        *item_actions.urlpatterns,
        *revisions.urlpatterns,
        *translations.urlpatterns,
    ]


urlpatterns: list[URLPattern] = _patterns()
