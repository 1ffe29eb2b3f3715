"""Revision history, word-level diff, restore; published versions and the correction log."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema

from toasoan.api.auth import user_of
from toasoan.api.concurrency import expected_revision
from toasoan.core.errors import NotFound
from toasoan.newsroom import actions
from toasoan.newsroom.access import get_readable
from toasoan.newsroom.api.items import respond
from toasoan.newsroom.api.schemas import ItemOut, PublishedVersionOut, RevisionOut
from toasoan.newsroom.diff import diff_snapshots
from toasoan.newsroom.models import PublishedVersion, Revision

router = Router()


def _revision_row(rev: Revision) -> dict[str, Any]:
    return {
        "number": rev.number,
        "kind": rev.kind,
        "created_by": rev.created_by_id,
        "created_at": rev.created_at.isoformat(),
        "changed_fields": rev.changed_fields,
        "restored_from": rev.restored_from,
    }


@router.get("/items/{item_id}/revisions", response=list[RevisionOut], summary="Revision history")
def list_revisions(request: HttpRequest, item_id: int) -> list[dict[str, Any]]:
    item = get_readable(user_of(request), item_id)
    return [_revision_row(r) for r in Revision.objects.filter(item=item).order_by("number")]


@router.get("/items/{item_id}/revisions/{number}", summary="One revision with its content")
def get_revision(request: HttpRequest, item_id: int, number: int) -> dict[str, Any]:
    item = get_readable(user_of(request), item_id)
    rev = Revision.objects.filter(item=item, number=number).first()
    if rev is None:
        raise NotFound(f"item {item_id} has no revision {number}")
    return {**_revision_row(rev), "snapshot": rev.snapshot}


class DiffQuery(Schema):
    from_: int = Field(..., alias="from")
    to: int


@router.get("/items/{item_id}/diff", summary="Word-level diff between two revisions")
def diff(request: HttpRequest, item_id: int, query: Query[DiffQuery]) -> dict[str, Any]:
    item = get_readable(user_of(request), item_id)
    revs = {
        r.number: r for r in Revision.objects.filter(item=item, number__in=[query.from_, query.to])
    }
    for n in (query.from_, query.to):
        if n not in revs:
            raise NotFound(f"item {item_id} has no revision {n}")
    return {
        "from": query.from_,
        "to": query.to,
        "fields": diff_snapshots(revs[query.from_].snapshot, revs[query.to].snapshot),
    }


@router.post(
    "/items/{item_id}/revisions/{number}/restore",
    response=ItemOut,
    summary="Restore a revision (as a new revision; needs If-Match)",
)
def restore(
    request: HttpRequest, item_id: int, number: int, response: HttpResponse
) -> dict[str, Any]:
    get_readable(user_of(request), item_id)
    item = actions.restore(
        item_id,
        by=user_of(request),
        number=number,
        expected_revision=expected_revision(request, item_id),
    )
    return respond(response, item)


@router.get(
    "/items/{item_id}/versions",
    response=list[PublishedVersionOut],
    summary="Published versions (corrections carry their public note)",
)
def versions(request: HttpRequest, item_id: int) -> list[dict[str, Any]]:
    item = get_readable(user_of(request), item_id)
    return [
        {
            "version": v.version,
            "kind": v.kind,
            "published_by": v.published_by_id,
            "published_at": v.published_at.isoformat(),
            "release_at": v.release_at.isoformat(),
            "note": v.note,
        }
        for v in PublishedVersion.objects.filter(item=item).order_by("version")
    ]


@router.get("/items/{item_id}/versions/{version}", summary="A published version as it went out")
def get_version(request: HttpRequest, item_id: int, version: int) -> dict[str, Any]:
    item = get_readable(user_of(request), item_id)
    pv = PublishedVersion.objects.filter(item=item, version=version).first()
    if pv is None:
        raise NotFound(f"item {item_id} has no published version {version}")
    return {"version": pv.version, "kind": pv.kind, "note": pv.note, "item": pv.snapshot}
