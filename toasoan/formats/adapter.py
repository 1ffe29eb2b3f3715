"""Between newsroom items and the neutral NewsItem the format modules speak."""

from __future__ import annotations

from django.conf import settings

from toasoan.formats.model import Association, Link, NewsItem, Rendition
from toasoan.newsroom.models import Association as ItemAssociation
from toasoan.newsroom.models import Item
from toasoan.newsroom.models import Rendition as ItemRendition

_LINEAGE = (
    ("update_of", "update-of"),
    ("translation_of", "translation-of"),
    ("taken_from", "taken-from"),
)


def absolute(url: str) -> str:
    base = getattr(settings, "PUBLIC_BASE_URL", "").rstrip("/")
    return f"{base}{url}" if url.startswith("/") and base else url


def from_item(item: Item) -> NewsItem:
    """The item as published now (its current content and version)."""
    renditions = [
        Rendition(
            name=r.name,
            href=absolute(r.file.url) if r.file else "",
            mime=r.mime,
            width=r.width,
            height=r.height,
            size=r.size or None,
        )
        for r in ItemRendition.objects.filter(item=item).order_by("name")
    ]
    associations = [
        Association(
            role=a.role,
            guid=a.target.guid,
            type=a.target.type,
            headline=a.target.headline,
            group=a.group,
            position=a.position,
        )
        for a in ItemAssociation.objects.filter(item=item)
        .select_related("target")
        .order_by("role", "group", "position")
    ]
    links = [
        Link(rel=rel, guid=getattr(item, attr).guid)
        for attr, rel in _LINEAGE
        if getattr(item, f"{attr}_id")
    ]
    last = item.published_versions.order_by("-version").first()
    note = last.note if last and last.kind in ("correct", "kill") else ""
    return NewsItem(
        guid=item.guid,
        version=max(item.version, 1),
        type=item.type,
        language=item.language,
        pubstatus=item.pubstatus,
        headline=item.headline,
        slugline=item.slugline,
        byline=item.byline,
        dateline_place=item.dateline_place,
        dateline_date=item.dateline_date,
        abstract=item.abstract,
        body_html=item.body_html,
        urgency=item.urgency,
        priority=item.priority,
        genre=item.genre,
        subjects=list(item.subjects),
        places=list(item.places),
        people=list(item.people),
        organisations=list(item.organisations),
        keywords=list(item.keywords),
        credit=item.credit,
        copyright_holder=item.copyright_holder,
        copyright_notice=item.copyright_notice,
        usage_terms=item.usage_terms,
        embargo_until=item.embargo_until,
        first_created=item.first_published_at or item.created_at,
        version_created=item.published_at or item.updated_at,
        ednote=note,
        provider=item.outlet.agency.name if item.outlet_id else "",
        renditions=renditions,
        associations=associations,
        links=links,
    )
