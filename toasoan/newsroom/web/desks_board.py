"""Desk monitoring data: the items of one or more desks, one column per stage, and a fingerprint.

Built for speed on big archives: one indexed query per stage (capped), values() rows instead of
model instances, display strings computed once here so the template only prints them, and a
fingerprint made of two aggregate queries so polling clients learn cheaply whether anything
changed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.http import QueryDict
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from toasoan.accounts import permissions
from toasoan.accounts.models import Desk, Stage, User
from toasoan.accounts.privileges import Privilege
from toasoan.core.errors import InvalidInput
from toasoan.core.text import clean_text
from toasoan.newsroom.models import Item, ItemType, Lock, State
from toasoan.newsroom.workflow import TABLE, Action

# What a desk is working on; other states are shown when the state filter asks for them.
DEFAULT_STATES = (
    State.DRAFT,
    State.IN_PROGRESS,
    State.SUBMITTED,
    State.READY,
    State.SCHEDULED,
)
MAX_CARDS = 500  # per view, shared by its columns; the column heads show the full counts
MAX_DESKS = 12
MOVABLE = frozenset(s.value for s in TABLE[Action.MOVE].sources)
_STATE_VALUES = frozenset(State.values)
_TYPE_VALUES = frozenset(ItemType.values)


StageStats = dict[int | None, tuple[int, str]]


@dataclass(frozen=True)
class BoardFilters:
    types: tuple[str, ...] = ()
    states: tuple[str, ...] = ()
    urgency: int | None = None  # show urgency <= this (1 is most urgent)
    language: str = ""
    text: str = ""

    @classmethod
    def from_params(cls, params: QueryDict) -> BoardFilters:
        types = tuple(t for t in params.getlist("type") if t)
        for t in types:
            if t not in _TYPE_VALUES:
                raise InvalidInput(f"unknown item type '{t}'", field="type")
        states = tuple(s for s in params.getlist("state") if s)
        for s in states:
            if s not in _STATE_VALUES:
                raise InvalidInput(f"unknown state '{s}'", field="state")
        urgency = None
        if raw := params.get("urgency", "").strip():
            if not raw.isdigit() or not 1 <= int(raw) <= 9:
                raise InvalidInput("must be a whole number from 1 to 9", field="urgency")
            urgency = int(raw)
        language = clean_text(params.get("language", "").strip(), field="language")[:10]
        text = clean_text(params.get("q", "").strip(), field="q")[:200]
        return cls(types, states, urgency, language, text)

    def apply(self, qs: QuerySet[Item]) -> QuerySet[Item]:
        qs = qs.filter(state__in=self.states or DEFAULT_STATES)
        if self.types:
            qs = qs.filter(type__in=self.types)
        if self.urgency is not None:
            qs = qs.filter(urgency__lte=self.urgency)
        if self.language:
            qs = qs.filter(language=self.language)
        if self.text:
            qs = qs.filter(Q(headline__icontains=self.text) | Q(slugline__icontains=self.text))
        return qs

    @property
    def active(self) -> bool:
        return bool(self.types or self.states or self.urgency or self.language or self.text)


@dataclass
class Card:
    pk: int
    revision: int
    outlet_id: int
    desk_id: int
    stage_id: int
    headline: str
    slugline: str
    type: str
    type_label: str
    state: str
    state_label: str
    urgency: int
    language: str
    lock_holder: str
    embargo: str
    changed_at: str
    changed_ago: str
    changed_by: str
    edit_url: str
    movable: bool


@dataclass
class Column:
    stage: Stage
    cards: list[Card]
    total: int
    html: str = ""  # the cards' markup (desks_cards.CardRenderer)


@dataclass
class DeskColumns:
    desk: Desk
    columns: list[Column] = field(default_factory=list)


@dataclass
class Board:
    desks: list[DeskColumns]
    filters: BoardFilters
    fingerprint: str
    shown: int


def desks_for(user: User) -> QuerySet[Desk]:
    """Desks of the outlets whose unpublished work the user may read."""
    qs = Desk.objects.select_related("outlet").order_by("outlet__name", "name")
    if permissions.is_agency_wide(user, Privilege.READ):
        return qs
    return qs.filter(outlet__in=permissions.outlets_with(user, Privilege.READ))


def _items(desks: list[Desk], filters: BoardFilters) -> QuerySet[Item]:
    """Items on the desks. The desks come from desks_for(user), so the user reads every item of
    their outlets; restricting to those outlets is the read check (and keeps the index usable)."""
    qs = Item.objects.filter(
        desk_id__in=[d.pk for d in desks], outlet_id__in={d.outlet_id for d in desks}
    )
    return filters.apply(qs)


def stage_stats(desks: list[Desk], filters: BoardFilters) -> StageStats:
    """Per stage: how many items match and their newest change (one grouped, indexed query)."""
    rows = (
        _items(desks, filters)
        .order_by()
        .values("stage_id")
        .annotate(n=Count("id"), last=Max("updated_at"))
    )
    return {row["stage_id"]: (row["n"], str(row["last"])) for row in rows}


def fingerprint(desks: list[Desk], filters: BoardFilters, stats: StageStats | None = None) -> str:
    """Changes whenever an item in view is added, removed, written, moved, locked or unlocked.

    Every item action touches updated_at, so the per-stage counts and newest changes catch
    writes and moves; locks do not touch the item, so the desks' locks are counted on their own."""
    stats = stage_stats(desks, filters) if stats is None else stats
    locks = Lock.objects.filter(item__desk_id__in=[d.pk for d in desks]).aggregate(
        n=Count("id"), last=Max("since"), who=Sum("holder_id")
    )
    raw = f"{sorted(stats.items(), key=str)}|{locks['n']}|{locks['last']}|{locks['who']}"
    return hashlib.blake2b(raw.encode(), digest_size=8).hexdigest()


def edit_url_template() -> str:
    try:
        return reverse("newsroom:edit", args=[987654321]).replace("987654321", "{}")
    except NoReverseMatch:
        return ""


class Clock:
    """Relative and local times for many rows: translations and the zone looked up once."""

    def __init__(self, now: datetime | None = None) -> None:
        self.now = now or timezone.now()
        self.zone = timezone.get_current_timezone()
        self.just_now = _("just now")
        self.minutes = _("%(n)d min ago")
        self.hours = _("%(n)d h ago")
        self.days = _("%(n)d days ago")

    def ago(self, when: datetime) -> str:
        seconds = max(0, int((self.now - when).total_seconds()))
        if seconds < 60:
            return self.just_now
        if seconds < 3600:
            return self.minutes % {"n": seconds // 60}
        if seconds < 86400:
            return self.hours % {"n": seconds // 3600}
        return self.days % {"n": seconds // 86400}

    def local(self, when: datetime) -> str:
        return when.astimezone(self.zone).strftime("%d/%m/%Y %H:%M")


def relative(when: datetime, now: datetime) -> str:
    return Clock(now).ago(when)


_FIELDS = (
    "pk",
    "revision",
    "outlet_id",
    "desk_id",
    "stage_id",
    "headline",
    "slugline",
    "type",
    "state",
    "urgency",
    "language",
    "embargo_until",
    "updated_at",
    "updated_by__username",
    "updated_by__full_name",
    "lock__holder__username",
    "lock__holder__full_name",
)


class _CardMaker:
    def __init__(self, user: User, desks: list[Desk]) -> None:
        self.clock = Clock()
        self.edit_url = edit_url_template()
        self.types = {k: str(v) for k, v in ItemType.choices}
        self.states = {k: str(v) for k, v in State.choices}
        self.can_move = {
            d.outlet_id for d in desks if permissions.has(user, Privilege.MOVE, d.outlet_id)
        }

    def __call__(self, row: dict[str, Any]) -> Card:
        embargo, clock = row["embargo_until"], self.clock
        return Card(
            pk=row["pk"],
            revision=row["revision"],
            outlet_id=row["outlet_id"],
            desk_id=row["desk_id"],
            stage_id=row["stage_id"],
            headline=row["headline"],
            slugline=row["slugline"],
            type=row["type"],
            type_label=self.types.get(row["type"], row["type"]),
            state=row["state"],
            state_label=self.states.get(row["state"], row["state"]),
            urgency=row["urgency"],
            language=row["language"],
            lock_holder=row["lock__holder__full_name"] or row["lock__holder__username"] or "",
            embargo=clock.local(embargo) if embargo and embargo > clock.now else "",
            changed_at=clock.local(row["updated_at"]),
            changed_ago=clock.ago(row["updated_at"]),
            changed_by=row["updated_by__full_name"] or row["updated_by__username"] or "",
            edit_url=self.edit_url.format(row["pk"]) if self.edit_url else "",
            movable=row["outlet_id"] in self.can_move and row["state"] in MOVABLE,
        )


def build_board(user: User, desks: list[Desk], filters: BoardFilters) -> Board:
    desk_ids = [d.pk for d in desks]
    stages: dict[int, list[Stage]] = {d.pk: [] for d in desks}
    for stage in Stage.objects.filter(desk_id__in=desk_ids).order_by("desk_id", "position"):
        stages[stage.desk_id].append(stage)
    per_column = -(-MAX_CARDS // max(1, sum(len(s) for s in stages.values())))
    items = _items(desks, filters)
    stats = stage_stats(desks, filters)
    make = _CardMaker(user, desks)
    result, shown = [], 0
    for desk in desks:
        entry = DeskColumns(desk)
        for stage in stages[desk.pk]:
            rows = (
                items.filter(stage_id=stage.pk)
                .order_by("urgency", "-updated_at", "-id")
                .values(*_FIELDS)[:per_column]
            )
            cards = [make(row) for row in rows]
            shown += len(cards)
            entry.columns.append(Column(stage, cards, stats.get(stage.pk, (0, ""))[0]))
        result.append(entry)
    return Board(result, filters, fingerprint(desks, filters, stats), shown)


def move_targets(desks: list[Desk]) -> list[tuple[Desk, list[Stage]]]:
    """Every stage of every desk in the outlets on view, for the "move to" menu."""
    outlet_ids = {d.outlet_id for d in desks}
    all_desks = Desk.objects.filter(outlet_id__in=outlet_ids).select_related("outlet")
    by_desk: dict[int, list[Stage]] = {}
    for stage in Stage.objects.filter(desk__outlet_id__in=outlet_ids).order_by("position"):
        by_desk.setdefault(stage.desk_id, []).append(stage)
    return [(d, by_desk.get(d.pk, [])) for d in all_desks.order_by("outlet__name", "name")]
