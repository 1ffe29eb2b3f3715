"""Everything the editor page shows about an item, and the one function that renders it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_prose_editor.widgets import ProseEditorWidget

from toasoan.accounts import permissions
from toasoan.accounts.models import User
from toasoan.accounts.privileges import Privilege
from toasoan.core.errors import DomainError
from toasoan.newsroom import workflow
from toasoan.newsroom.actions.autosave import draft_of
from toasoan.newsroom.models import (
    Association,
    Draft,
    Item,
    Lock,
    PublishedVersion,
    Rendition,
    State,
)
from toasoan.newsroom.web.editor_form import (
    FIELD_LABELS,
    VERSION_KINDS,
    FormValues,
    changed_fields,
    item_form,
)
from toasoan.newsroom.workflow import Action
from toasoan.vocabularies import mediatopics

BODY_EXTENSIONS: dict[str, Any] = {
    "Heading": {"levels": [2, 3, 4]},
    "Bold": True,
    "Italic": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Figure": True,
    "Caption": True,
    "Image": True,
    "NoSpellCheck": False,  # reporters want the browser's spell checker
}
OFFERED = (
    Action.SUBMIT,
    Action.APPROVE,
    Action.PUBLISH,
    Action.SCHEDULE,
    Action.UNSCHEDULE,
    Action.CORRECT,
    Action.RECALL,
    Action.KILL,
    Action.SPIKE,
    Action.UNSPIKE,
    Action.TRANSLATE,
    Action.UPDATE,
    Action.DUPLICATE,
)
EDITABLE_STATES = {State.DRAFT, State.IN_PROGRESS, State.SUBMITTED, State.READY}
LIVE_STATES = {State.PUBLISHED, State.CORRECTED}
GENRES = ("", "news", "feature", "interview", "analysis", "opinion", "report", "profile")


def offered_actions(user: User, item: Item) -> list[str]:
    """Workflow actions legal in the item's state that this user may take in its outlet."""
    return [
        a.value
        for a in workflow.legal_actions(item.state)
        if a in OFFERED and permissions.has(user, workflow.TABLE[a].privilege, item.outlet_id)
    ]


def error_text(exc: DomainError) -> str:
    """'<Field label>: <rule>' in the reader's language (rules are translated when known)."""
    message = _(exc.message)
    label = FIELD_LABELS.get((exc.field or "").split("[")[0])
    return f"{label}: {message}" if label else message


def body_widget(value: str, *, disabled: bool = False) -> ProseEditorWidget:
    attrs = {"id": "id_body_html", "aria-label": _("Body"), "rows": "16"}
    if disabled:
        attrs["disabled"] = "disabled"
    widget = ProseEditorWidget(config={"extensions": BODY_EXTENSIONS}, preset="configurable")
    widget.attrs.update(attrs)
    return widget


def topic_labels(codes: list[str]) -> list[dict[str, str]]:
    lang = (get_language() or "vi")[:2]
    other = "en" if lang == "vi" else "vi"
    rows = []
    for code in codes:
        if mediatopics.is_known(code):
            topic = mediatopics.get(code)
            rows.append({"code": code, "label": topic.label(lang), "other": topic.label(other)})
        else:
            rows.append({"code": code, "label": code, "other": ""})
    return rows


def featured_of(item: Item) -> dict[str, Any] | None:
    row = (
        Association.objects.filter(item=item, role=Association.Role.FEATURED)
        .values("target_id", "target__headline", "target__guid")
        .first()
    )
    if row is None:
        return None
    return {
        "id": row["target_id"],
        "headline": row["target__headline"] or f"#{row['target_id']}",
        "url": rendition_url(row["target_id"], "thumbnail"),
    }


def rendition_url(item_id: int, preferred: str) -> str:
    renditions = {r.name: r for r in Rendition.objects.filter(item_id=item_id)}
    for name in (preferred, "viewImage", "thumbnail", "baseImage", "original"):
        found = renditions.get(name)
        if found is not None and found.file:
            return str(found.file.url)
    return ""


def _url_or_empty(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def _has_template(name: str) -> bool:
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return False
    return True


def lock_context(user: User, item: Item, *, cached: bool = False) -> dict[str, Any]:
    """Who holds the item's lock; `cached` trusts a lock loaded with the item (select_related)."""
    lock: Lock | None
    if cached:
        try:
            lock = item.lock
        except Lock.DoesNotExist:
            lock = None
    else:
        lock = Lock.objects.select_related("holder").filter(item=item).first()
    return {
        "lock": lock,
        "locked_by_other": bool(lock and lock.holder_id != user.pk),
        "can_take_over": permissions.has(user, Privilege.TAKE_OVER_LOCK, item.outlet_id),
    }


def render_editor(
    request: HttpRequest,
    item: Item,
    *,
    form: FormValues | None = None,
    errors: dict[str, str] | None = None,
    error: str = "",
    status: int = 200,
    revision: int | None = None,
    recovered: bool = False,
    draft: Draft | bool | None = True,
    lock_loaded: bool = False,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """`draft`: the user's draft if the caller loaded it already (True: look it up);
    `lock_loaded`: item.lock was just loaded with the item (no need to ask again)."""
    user: User = request.user  # type: ignore[assignment]
    current = item_form(item)
    shown = {**current, **(form or {})}
    locks = lock_context(user, item, cached=lock_loaded)
    may_edit = permissions.has(user, Privilege.EDIT, item.outlet_id)
    live = item.state in LIVE_STATES and permissions.has(user, Privilege.CORRECT, item.outlet_id)
    writable = ((item.state in EDITABLE_STATES and may_edit) or live) and not locks[
        "locked_by_other"
    ]
    if draft is True:
        draft = draft_of(item, user) if may_edit else None
    offer_recovery = bool(
        draft and not recovered and changed_fields(draft.form, current) and form is None
    )
    source = item.translation_of
    context = {
        "item": item,
        "form": shown,
        "errors": errors or {},
        "error": error,
        "revision": revision if revision is not None else item.revision,
        "writable": writable,
        "may_edit": may_edit,
        "live": live,
        "draft": draft,
        "offer_recovery": offer_recovery,
        "recovered": recovered,
        "actions": offered_actions(user, item),
        "corrections": PublishedVersion.objects.filter(item=item)
        .select_related("published_by")
        .order_by("-version"),
        "featured": featured_of(item),
        "topics": topic_labels(list(shown.get("subjects") or [])),
        "body": body_widget(shown.get("body_html") or "", disabled=not writable),
        "genres": GENRES,
        "nine": range(1, 10),
        "source": source,
        "source_form": item_form(source) if source is not None else None,
        "media_picker_url": _url_or_empty("newsroom:media_picker"),
        "media_upload_url": _url_or_empty("newsroom:media_upload")
        if permissions.has(user, Privilege.UPLOAD_MEDIA, item.outlet_id)
        else "",
        "comments_template": "newsroom/_comments.html"
        if _has_template("newsroom/_comments.html")
        else "",
        "version_kinds": VERSION_KINDS,
        "storage_key": f"toasoan-draft-{item.pk}-{user.pk}",
        **locks,
        **(extra or {}),
    }
    context["body_html"] = context["body"].render(
        "body_html", shown.get("body_html") or "", attrs={"id": "id_body_html"}
    )
    context["body_media"] = context["body"].media
    return render(request, "newsroom/editor.html", context, status=status)
