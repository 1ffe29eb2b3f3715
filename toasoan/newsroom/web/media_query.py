"""Finding media for the library and the picker: filters in SQL, words matched on folded text.

Words match the caption, headline, keywords, credit, byline, place and file name with case and
diacritics folded (core.text.fold), so "ha noi" finds "Hà Nội". The filters narrow the rows in
SQL first; only the matching columns of what is left are folded in Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from toasoan.accounts.models import Outlet, User
from toasoan.core.errors import InvalidInput
from toasoan.core.text import clean_text, fold
from toasoan.newsroom.access import readable_items
from toasoan.newsroom.models import Item, ItemType, Rendition

MEDIA_TYPES = (ItemType.PICTURE, ItemType.VIDEO, ItemType.AUDIO, ItemType.GRAPHIC)
PAGE_SIZE = 24
_TEXT_COLUMNS = (
    "headline",
    "abstract",
    "credit",
    "byline",
    "dateline_place",
    "media__original_name",
)


@dataclass
class MediaFilters:
    q: str = ""
    types: list[str] = field(default_factory=list)
    outlet: int | None = None
    uploader: int | None = None
    date_from: date | None = None
    date_to: date | None = None

    def as_query(self) -> str:
        params = QueryDict(mutable=True)
        if self.q:
            params["q"] = self.q
        params.setlist("type", self.types)
        for name in ("outlet", "uploader", "date_from", "date_to"):
            value = getattr(self, name)
            if value:
                params[name] = str(value)
        return params.urlencode()


def _int(params: QueryDict, name: str) -> int | None:
    raw = params.get(name, "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError as exc:
        raise InvalidInput(_("must be a whole number"), field=name) from exc


def _day(params: QueryDict, name: str) -> date | None:
    raw = params.get(name, "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise InvalidInput(_("must be a date (dd/mm/yyyy)"), field=name) from exc


def filters_from(params: QueryDict, allowed_types: tuple[str, ...] = MEDIA_TYPES) -> MediaFilters:
    """Read the filters from query parameters; a bad value names its parameter."""
    types = [t for t in params.getlist("type") if t]
    for value in types:
        if value not in allowed_types:
            raise InvalidInput(_("is not a media type"), field="type")
    found = MediaFilters(
        q=clean_text(params.get("q", ""), field="q").strip()[:200],
        types=types,
        outlet=_int(params, "outlet"),
        uploader=_int(params, "uploader"),
        date_from=_day(params, "date_from"),
        date_to=_day(params, "date_to"),
    )
    if found.date_from and found.date_to and found.date_from > found.date_to:
        raise InvalidInput(_("must not be after the end date"), field="date_from")
    return found


def _local_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def readable_media(user: User, types: tuple[str, ...] = MEDIA_TYPES) -> QuerySet[Item]:
    return readable_items(user).filter(type__in=types)


def _letter_classes() -> dict[str, str]:
    """Each ASCII letter -> a regex class of every Latin letter that folds to it ("d" -> dđ...)."""
    variants: dict[str, set[str]] = {}
    for block in ((0x0041, 0x007B), (0x00C0, 0x0250), (0x1E00, 0x1F00)):
        for cp in range(*block):
            folded = fold(chr(cp))
            if len(folded) == 1 and folded.isascii() and folded.isalpha():
                variants.setdefault(folded, set()).update({chr(cp), chr(cp).lower()})
    return {k: "[" + "".join(sorted(v)) + "]" for k, v in variants.items()}


_CLASSES = _letter_classes()


def word_pattern(word: str) -> re.Pattern[str]:
    """Matches the folded word inside NFC text with any case and diacritics: the scan then runs
    in the regex engine over the stored text instead of folding every row in Python."""
    return re.compile("".join(_CLASSES.get(ch, re.escape(ch)) for ch in word), re.IGNORECASE)


def _matches(patterns: list[re.Pattern[str]], row: tuple[Any, ...]) -> bool:
    text = " ".join(str(v) for v in row[1:] if v)
    return all(p.search(text) for p in patterns)


def find(
    user: User, filters: MediaFilters, types: tuple[str, ...] = MEDIA_TYPES
) -> QuerySet[Item, int] | list[int]:
    """Ids of the readable media matching the filters, newest first (a query when no words:
    the page then counts and slices in SQL)."""
    rows = readable_media(user, tuple(filters.types) or types)
    if filters.outlet:
        rows = rows.filter(outlet_id=filters.outlet)
    if filters.uploader:
        rows = rows.filter(created_by_id=filters.uploader)
    if filters.date_from:
        rows = rows.filter(created_at__gte=_local_start(filters.date_from))
    if filters.date_to:
        rows = rows.filter(created_at__lt=_local_start(filters.date_to) + timedelta(days=1))
    rows = rows.order_by("-created_at", "-id")
    words = fold(filters.q).split()
    if not words:
        return rows.values_list("id", flat=True)
    patterns = [word_pattern(word) for word in words]
    columns = rows.values_list("id", *_TEXT_COLUMNS, "keywords")
    return [row[0] for row in columns.iterator(chunk_size=2000) if _matches(patterns, row)]


@dataclass
class MediaCard:
    item: Item
    thumbnail: str
    view: str

    @property
    def caption(self) -> str:
        return self.item.abstract or self.item.headline


def _urls(items: list[Item]) -> dict[int, dict[str, str]]:
    found: dict[int, dict[str, str]] = {}
    renditions = Rendition.objects.filter(
        item__in=items, name__in=["thumbnail", "viewImage", "original"]
    ).only("item_id", "name", "file")
    for rendition in renditions:
        found.setdefault(rendition.item_id, {})[rendition.name] = rendition.file.url
    return found


def cards(ids: list[int]) -> list[MediaCard]:
    """The items behind ids, in that order, with their thumbnail and view URLs."""
    by_id = Item.objects.select_related("outlet", "created_by", "media").in_bulk(ids)
    items = [by_id[i] for i in ids if i in by_id]
    urls = _urls(items)
    result = []
    for item in items:
        own = urls.get(item.pk, {})
        thumbnail = own.get("thumbnail") or own.get("viewImage") or ""
        result.append(MediaCard(item, thumbnail, own.get("viewImage") or own.get("original", "")))
    return result


def page_of(
    ids: QuerySet[Item, int] | list[int], number: str | None
) -> tuple[Page[int], list[MediaCard]]:
    page = Paginator(ids, PAGE_SIZE).get_page(number)
    return page, cards(list(page.object_list))


def filter_choices(user: User) -> dict[str, Any]:
    """Outlets and uploaders that occur among the media the user may read."""
    media = readable_media(user)
    outlet_ids = media.values("outlet_id").distinct()
    uploader_ids = media.values("created_by_id").distinct()
    return {
        "outlets": list(Outlet.objects.filter(pk__in=outlet_ids).order_by("name")),
        "uploaders": list(User.objects.filter(pk__in=uploader_ids).order_by("username")[:200]),
        "types": [(t.value, t.label) for t in MEDIA_TYPES],
    }
