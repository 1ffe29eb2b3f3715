"""Request and response schemas of the newsroom API (unknown fields are rejected)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import AwareDatetime, ConfigDict, Field, StrictInt, StrictStr

Nine = Annotated[StrictInt, Field(ge=1, le=9)]


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class ItemFieldsIn(Strict):
    headline: StrictStr | None = None
    slugline: StrictStr | None = None
    byline: StrictStr | None = None
    dateline_place: StrictStr | None = None
    dateline_date: date | None = None
    abstract: StrictStr | None = None
    body_html: StrictStr | None = None
    urgency: Nine | None = None
    priority: Nine | None = None
    genre: StrictStr | None = None
    subjects: list[StrictStr] | None = None
    places: list[StrictStr] | None = None
    people: list[StrictStr] | None = None
    organisations: list[StrictStr] | None = None
    keywords: list[StrictStr] | None = None
    credit: StrictStr | None = None
    copyright_holder: StrictStr | None = None
    copyright_notice: StrictStr | None = None
    usage_terms: StrictStr | None = None
    embargo_until: AwareDatetime | None = None
    language: StrictStr | None = None
    pubstatus: Literal["usable", "withheld"] | None = None

    def changes(self) -> dict[str, Any]:
        """Only the fields the client sent; explicit nulls clear dates, other nulls are ignored."""
        sent = self.model_dump(exclude_unset=True)
        clearable = {"embargo_until", "dateline_date"}
        return {k: v for k, v in sent.items() if v is not None or k in clearable}


class ItemCreateIn(ItemFieldsIn):
    outlet: StrictInt
    type: Literal["text", "picture", "video", "audio", "graphic", "composite"] = "text"
    desk: StrictInt | None = None
    stage: StrictInt | None = None


class ActionIn(Strict):
    desk: StrictInt | None = None
    stage: StrictInt | None = None
    outlet: StrictInt | None = None
    publish_at: AwareDatetime | None = None
    note: StrictStr | None = None
    reason: StrictStr | None = None
    language: StrictStr | None = None
    fields: ItemFieldsIn | None = None


class AssociationIn(Strict):
    role: Literal["featured", "embedded", "member"]
    item_id: StrictInt
    group: StrictStr = "main"
    position: Annotated[StrictInt, Field(ge=0)] | None = None


class AssociationsIn(Strict):
    associations: list[AssociationIn]


class RenditionOut(Schema):
    name: str
    href: str
    mime: str
    width: int | None
    height: int | None
    size: int


class AssociationOut(Schema):
    role: str
    group: str
    position: int
    item_id: int
    guid: str
    type: str
    headline: str


class ItemOut(Schema):
    id: int
    guid: str
    version: int
    revision: int
    type: str
    state: str
    pubstatus: str
    outlet: int
    desk: int | None
    stage: int | None
    language: str
    headline: str
    slugline: str
    byline: str
    dateline_place: str
    dateline_date: str | None
    abstract: str
    body_html: str
    urgency: int
    priority: int
    genre: str
    subjects: list[str]
    places: list[str]
    people: list[str]
    organisations: list[str]
    keywords: list[str]
    credit: str
    copyright_holder: str
    copyright_notice: str
    usage_terms: str
    embargo_until: str | None
    publish_at: str | None
    translation_of: int | None
    update_of: int | None
    taken_from: int | None
    source_changed: str
    created_by: int
    updated_by: int
    created_at: str
    updated_at: str
    first_published_at: str | None
    published_at: str | None
    kill_reason: str
    legal_actions: list[str] = []
    lock: dict[str, Any] | None = None
    subject_labels: list[dict[str, str]] = []
    renditions: list[RenditionOut] = []
    associations: list[AssociationOut] = []


class ItemSummaryOut(Schema):
    id: int
    guid: str
    type: str
    state: str
    version: int
    revision: int
    outlet: int
    desk: int | None
    stage: int | None
    language: str
    headline: str
    slugline: str
    urgency: int
    embargo_until: str | None
    updated_at: str


class ItemPageOut(Schema):
    items: list[ItemSummaryOut]
    next_cursor: str | None


class RevisionOut(Schema):
    number: int
    kind: str
    created_by: int
    created_at: str
    changed_fields: list[str]
    restored_from: int | None


class PublishedVersionOut(Schema):
    version: int
    kind: str
    published_by: int
    published_at: str
    release_at: str
    note: str
