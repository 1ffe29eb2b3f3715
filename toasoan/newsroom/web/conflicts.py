"""The conflict view: a save against an old revision shows theirs (current) and mine side by side.

Mine stays in the user's autosave draft until a save succeeds, so resolving loses nothing."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from toasoan.core.html import to_text
from toasoan.newsroom.diff import diff_words
from toasoan.newsroom.models import Item
from toasoan.newsroom.web.editor_form import FIELD_LABELS, FormValues, changed_fields, item_form

CHOICES = ("mine", "theirs")


def _plain(name: str, value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(value)
    return to_text(value or "") if name == "body_html" else str(value or "")


def conflict_rows(item: Item, mine: FormValues) -> list[dict[str, Any]]:
    theirs = item_form(item)
    rows = []
    for name in changed_fields(mine, theirs):
        old, new = _plain(name, theirs.get(name)), _plain(name, mine.get(name))
        rows.append(
            {
                "name": name,
                "label": FIELD_LABELS.get(name, name),
                "theirs": old,
                "mine": new,
                "ops": diff_words(old, new),
            }
        )
    return rows


def render_conflict(
    request: HttpRequest, item: Item, mine: FormValues, *, error: str = ""
) -> HttpResponse:
    fresh = Item.objects.select_related("updated_by").get(pk=item.pk)
    context = {
        "item": fresh,
        "rows": conflict_rows(fresh, mine),
        "revision": fresh.revision,
        "error": error,
    }
    return render(request, "newsroom/conflict.html", context, status=409)


def merge(post: QueryDict, item: Item, mine: FormValues) -> FormValues:
    """Theirs, with each conflicting field replaced by mine where the user chose mine."""
    theirs = item_form(item)
    take_all = post.get("take")
    merged: FormValues = dict(theirs)
    for name in changed_fields(mine, theirs):
        choice = take_all if take_all in CHOICES else post.get(f"choice_{name}", "mine")
        if choice == "mine":
            merged[name] = mine[name]
    return merged
