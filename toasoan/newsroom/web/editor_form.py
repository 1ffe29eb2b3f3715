"""The editor's form: item -> form values as shown, and posted form -> fields for the actions.

The form is what the user typed (strings, dd/mm/yyyy dates, comma-separated lists); autosave
drafts store it as is, and `values_from_form` turns it into what `fields.clean_fields` accepts."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from toasoan.core.errors import InvalidInput
from toasoan.core.html import sanitize
from toasoan.core.text import clean_text
from toasoan.newsroom.models import Item

TEXT_FIELDS = (
    "headline",
    "slugline",
    "byline",
    "dateline_place",
    "abstract",
    "body_html",
    "genre",
    "credit",
    "copyright_holder",
    "copyright_notice",
    "usage_terms",
)
LIST_FIELDS = ("places", "people", "organisations", "keywords")
NUMBER_FIELDS = ("urgency", "priority")
DATE_FIELD = "dateline_date"
DATETIME_FIELDS = ("embargo_until",)
FORM_FIELDS = (*TEXT_FIELDS, *LIST_FIELDS, *NUMBER_FIELDS, DATE_FIELD, *DATETIME_FIELDS, "subjects")
_MULTILINE = {"abstract", "body_html", "usage_terms"}
_MAX_FORM_CHARS = 1_200_000

FIELD_LABELS = {
    "headline": _("Headline"),
    "slugline": _("Slugline"),
    "byline": _("Byline"),
    "dateline_place": _("Dateline place"),
    "dateline_date": _("Dateline date"),
    "abstract": _("Abstract"),
    "body_html": _("Body"),
    "genre": _("Genre"),
    "credit": _("Credit"),
    "copyright_holder": _("Copyright holder"),
    "copyright_notice": _("Copyright notice"),
    "usage_terms": _("Usage terms"),
    "places": _("Places"),
    "people": _("People"),
    "organisations": _("Organisations"),
    "keywords": _("Keywords"),
    "urgency": _("Urgency"),
    "priority": _("Priority"),
    "embargo_until": _("Embargo until"),
    "subjects": _("Media Topics"),
    "publish_at": _("Publish at"),
    "note": _("Public correction note"),
    "reason": _("Reason"),
    "language": _("Language"),
    "desk": _("Desk"),
    "outlet": _("Outlet"),
    "type": _("Type"),
    "revision": _("Revision"),
}

REVISION_KINDS = {
    "create": _("Created"),
    "save": _("Saved"),
    "autosave": _("Autosaved"),
    "restore": _("Restored"),
    "correct": _("Correction"),
}
VERSION_KINDS = {
    "publish": _("Published"),
    "correct": _("Correction"),
    "kill": _("Killed"),
    "recall": _("Recalled"),
}

FormValues = dict[str, Any]


def _local() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def show_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def show_datetime(value: datetime | None) -> str:
    return timezone.localtime(value, _local()).strftime("%d/%m/%Y %H:%M") if value else ""


def item_form(item: Item) -> FormValues:
    """The form as the editor shows the item's current content."""
    form: FormValues = {name: getattr(item, name) or "" for name in TEXT_FIELDS}
    form.update({name: ", ".join(getattr(item, name)) for name in LIST_FIELDS})
    form.update({name: str(getattr(item, name)) for name in NUMBER_FIELDS})
    form[DATE_FIELD] = show_date(item.dateline_date)
    form["embargo_until"] = show_datetime(item.embargo_until)
    form["subjects"] = list(item.subjects)
    return form


def form_from_post(post: QueryDict) -> FormValues:
    """The editor fields of a POST, NFC-normalised; other names are ignored."""
    form: FormValues = {}
    size = 0
    for name in FORM_FIELDS:
        if name == "subjects":
            form[name] = [clean_text(v, field=name).strip() for v in post.getlist(name) if v]
            continue
        if name not in post:
            continue
        value = clean_text(str(post.get(name, "")), field=name, multiline=name in _MULTILINE)
        size += len(value)
        form[name] = value
    if size > _MAX_FORM_CHARS:
        raise InvalidInput(
            f"must be at most {_MAX_FORM_CHARS} characters in all", field="body_html"
        )
    return form


def parse_date(value: str, field: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return datetime.strptime(value, "%d/%m/%Y").date()
    except ValueError:
        raise InvalidInput("must be a date dd/mm/yyyy", field=field) from None


def parse_datetime(value: str, field: str) -> datetime | None:
    """dd/mm/yyyy HH:MM in Vietnam time (the newsroom's clock)."""
    value = value.strip()
    if not value:
        return None
    try:
        naive = datetime.strptime(value, "%d/%m/%Y %H:%M")
    except ValueError:
        raise InvalidInput("must be a date and time dd/mm/yyyy HH:MM", field=field) from None
    return naive.replace(tzinfo=_local())


def split_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def values_from_form(form: FormValues, current: Item | None = None) -> dict[str, Any]:
    """Form values -> fields for actions.editing.save / publishing.correct.

    The form shows times to the minute: a time left as shown keeps the item's exact value, so
    saving does not look like changing it (an embargo change needs its own privilege)."""
    values: dict[str, Any] = {}
    for name, value in form.items():
        if name in TEXT_FIELDS:
            values[name] = value
        elif name in LIST_FIELDS:
            values[name] = split_list(value)
        elif name in NUMBER_FIELDS:
            if not str(value).strip().isdigit():
                raise InvalidInput("must be a whole number from 1 to 9", field=name)
            values[name] = int(value)
        elif name == DATE_FIELD:
            values[name] = parse_date(value, name)
        elif name in DATETIME_FIELDS:
            kept = getattr(current, name) if current is not None else None
            if kept is not None and show_datetime(kept) == str(value).strip():
                values[name] = kept
            else:
                values[name] = parse_datetime(value, name)
        elif name == "subjects":
            values[name] = list(value)
    return values


def same(a: Any, b: Any) -> bool:
    """Form values compare equal ignoring Unicode form and surrounding white space."""
    if isinstance(a, list) or isinstance(b, list):
        return list(a or []) == list(b or [])
    norm_a = unicodedata.normalize("NFC", str(a or "")).strip()
    return norm_a == unicodedata.normalize("NFC", str(b or "")).strip()


def changed_fields(form: FormValues, current: FormValues) -> list[str]:
    """Names whose typed value differs from `current` (the body compared as sanitised HTML)."""
    changed = []
    for name in FORM_FIELDS:
        if name not in form:
            continue
        mine, theirs = form[name], current.get(name)
        if name == "body_html":
            mine, theirs = sanitize(mine or ""), sanitize(theirs or "")
        if not same(mine, theirs):
            changed.append(name)
    return changed
