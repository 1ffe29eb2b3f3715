"""Actions that make a new item from an existing one: duplicate, translate, update, take."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from toasoan.accounts import permissions
from toasoan.accounts.models import Desk, Outlet, User
from toasoan.accounts.privileges import Privilege
from toasoan.core.errors import InvalidInput
from toasoan.newsroom import workflow
from toasoan.newsroom.actions._common import add_revision, load_for_write, new_guid, record
from toasoan.newsroom.actions.editing import resolve_place
from toasoan.newsroom.fields import CONTENT_FIELDS, clean_fields
from toasoan.newsroom.models import (
    Association,
    Item,
    MediaAsset,
    PubStatus,
    Rendition,
    Revision,
)
from toasoan.newsroom.workflow import Action


def _copy(source: Item, by: User, outlet: Outlet, desk: Desk | int | None, **links: object) -> Item:
    now = timezone.now()
    desk_obj, stage_obj = resolve_place(
        outlet,
        desk if desk is not None else (source.desk if outlet == source.outlet else None),
        None,
    )
    values = {name: getattr(source, name) for name in CONTENT_FIELDS}
    values["pubstatus"] = PubStatus.USABLE  # the source's embargo stays: a copy must honour it
    copy = Item.objects.create(
        guid=new_guid(),
        type=source.type,
        outlet=outlet,
        desk=desk_obj,
        stage=stage_obj,
        created_by=by,
        updated_by=by,
        created_at=now,
        updated_at=now,
        **values,
        **links,
    )
    Association.objects.bulk_create(
        Association(
            item=copy, target_id=a.target_id, role=a.role, group=a.group, position=a.position
        )
        for a in Association.objects.filter(item=source)
    )
    _share_media(source, copy)
    add_revision(copy, by, Revision.Kind.CREATE, sorted(CONTENT_FIELDS))
    return copy


def _share_media(source: Item, copy: Item) -> None:
    """A copy of a picture shows the same picture: stored files are never changed, so share them."""
    asset = MediaAsset.objects.filter(item=source).first()
    if asset is not None:
        asset.pk, asset.item = None, copy
        asset.save()
    Rendition.objects.bulk_create(
        Rendition(
            item=copy,
            name=r.name,
            file=r.file.name,
            mime=r.mime,
            width=r.width,
            height=r.height,
            size=r.size,
        )
        for r in Rendition.objects.filter(item=source)
    )


def _target_outlet(source: Item, outlet: Outlet | None, by: User) -> Outlet:
    target = outlet or source.outlet
    permissions.require(by, Privilege.CREATE, target)
    return target


@transaction.atomic
def duplicate(item: Item | int, *, by: User, desk: Desk | int | None = None) -> Item:
    source = load_for_write(item, expected_revision=None, by=by)
    _check(source, Action.DUPLICATE, by, source.outlet)
    copy = _copy(source, by, source.outlet, desk)
    record(copy, by, Action.DUPLICATE, before=None, details={"from": source.pk})
    return copy


@transaction.atomic
def translate(
    item: Item | int,
    *,
    by: User,
    language: str,
    outlet: Outlet | None = None,
    desk: Desk | int | None = None,
) -> Item:
    """A linked language version: same story, another language, possibly in another outlet."""
    source = load_for_write(item, expected_revision=None, by=by)
    target = _target_outlet(source, outlet, by)
    _check(source, Action.TRANSLATE, by, target)
    lang = clean_fields({"language": language})["language"]
    if lang == source.language:
        raise InvalidInput("must differ from the source language", field="language")
    root = source.translation_of or source
    copy = _copy(source, by, target, desk, translation_of=root)
    copy.language = lang
    copy.save(update_fields=["language"])
    record(copy, by, Action.TRANSLATE, before=None, details={"from": source.pk, "language": lang})
    return copy


@transaction.atomic
def update(item: Item | int, *, by: User) -> Item:
    """Start a new story version of a published item (a follow-up that supersedes it)."""
    source = load_for_write(item, expected_revision=None, by=by)
    _check(source, Action.UPDATE, by, source.outlet)
    copy = _copy(source, by, source.outlet, None, update_of=source)
    record(copy, by, Action.UPDATE, before=None, details={"from": source.pk})
    return copy


@transaction.atomic
def take(item: Item | int, *, by: User, outlet: Outlet, desk: Desk | int | None = None) -> Item:
    """Take a published source-news item into an outlet's desk as a linked copy."""
    source = load_for_write(item, expected_revision=None, by=by)
    if source.outlet.kind != Outlet.Kind.SOURCE:
        raise InvalidInput("only source-news items can be taken", field="item")
    if outlet.pk == source.outlet_id:
        raise InvalidInput("take into another outlet than the source", field="outlet")
    permissions.require(by, Privilege.CREATE, outlet)
    _check(source, Action.TAKE, by, outlet)
    copy = _copy(source, by, outlet, desk, taken_from=source)
    record(copy, by, Action.TAKE, before=None, details={"from": source.pk})
    return copy


def _check(source: Item, action: Action, by: User, where: Outlet) -> None:
    """Copies need the action's privilege where the copy goes (readability: load_for_write)."""
    permissions.require(by, workflow.TABLE[action].privilege, where)
    workflow.check(source.state, action)
