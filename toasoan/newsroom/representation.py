"""The JSON-ready description of an item: what the API returns and a published version keeps."""

from __future__ import annotations

from typing import Any

from toasoan.newsroom.fields import snapshot
from toasoan.newsroom.models import Association, Item, Rendition
from toasoan.vocabularies import mediatopics


def renditions_of(item: Item) -> list[dict[str, Any]]:
    return [
        {
            "name": r.name,
            "href": r.file.url if r.file else "",
            "mime": r.mime,
            "width": r.width,
            "height": r.height,
            "size": r.size,
        }
        for r in Rendition.objects.filter(item=item).order_by("name")
    ]


def associations_of(item: Item) -> list[dict[str, Any]]:
    rows = (
        Association.objects.filter(item=item)
        .order_by("role", "group", "position")
        .values(
            "role",
            "group",
            "position",
            "target_id",
            "target__guid",
            "target__type",
            "target__headline",
        )
    )
    return [
        {
            "role": a["role"],
            "group": a["group"],
            "position": a["position"],
            "item_id": a["target_id"],
            "guid": a["target__guid"],
            "type": a["target__type"],
            "headline": a["target__headline"],
        }
        for a in rows
    ]


def subject_labels(codes: list[str]) -> list[dict[str, str]]:
    topics = [mediatopics.get(code) for code in codes if mediatopics.is_known(code)]
    return [{"code": t.code, "vi": t.label("vi"), "en": t.label("en")} for t in topics]


def document(item: Item, *, deep: bool = True) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": item.pk,
        "guid": item.guid,
        "version": item.version,
        "revision": item.revision,
        "type": item.type,
        "state": item.state,
        "outlet": item.outlet_id,
        "desk": item.desk_id,
        "stage": item.stage_id,
        **snapshot(item),
        "publish_at": item.publish_at.isoformat() if item.publish_at else None,
        "translation_of": item.translation_of_id,
        "update_of": item.update_of_id,
        "taken_from": item.taken_from_id,
        "source_changed": item.source_changed,
        "created_by": item.created_by_id,
        "updated_by": item.updated_by_id,
        "created_at": item.created_at.isoformat(),
        "updated_at": item.updated_at.isoformat(),
        "first_published_at": iso(item.first_published_at),
        "published_at": iso(item.published_at),
        "kill_reason": item.kill_reason,
    }
    if deep:
        data["subject_labels"] = subject_labels(item.subjects)
        data["renditions"] = renditions_of(item)
        data["associations"] = associations_of(item)
    return data


def iso(value: Any) -> str | None:
    return value.isoformat() if value else None
