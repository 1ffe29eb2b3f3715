"""Media Topics look-up for pickers: search with vi/en labels."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from toasoan.vocabularies import mediatopics

router = Router(tags=["vocabularies"])


def _row(topic: mediatopics.Topic) -> dict[str, Any]:
    return {
        "code": topic.code,
        "qcode": topic.qcode,
        "level": topic.level,
        "broader": topic.broader,
        "retired": topic.retired,
        "label_vi": topic.label("vi"),
        "label_en": topic.label("en"),
    }


@router.get("/vocabularies/mediatopics", summary="Search IPTC Media Topics (vi/en labels)")
def search_topics(
    request: HttpRequest, q: str = "", lang: str = "vi", limit: int = 20
) -> list[dict[str, Any]]:
    limit = max(1, min(limit, 100))
    topics = mediatopics.search(q, lang=lang, limit=limit) if q else mediatopics.top_level()
    return [_row(t) for t in topics]


@router.get("/vocabularies/mediatopics/{code}", summary="One Media Topic with its children")
def get_topic(request: HttpRequest, code: str) -> dict[str, Any]:
    try:
        topic = mediatopics.get(code)
    except mediatopics.UnknownTopic as exc:
        from toasoan.core.errors import NotFound

        raise NotFound(str(exc)) from exc
    return {**_row(topic), "children": [_row(c) for c in mediatopics.children(topic.code)]}
