"""Public feeds of an outlet, and of one section of it: RSS 2.0, Atom 1.0, JSON Feed 1.1 and the
Google News sitemap. No login; only what readers may see (links.public_items).

A section is a desk slug of the outlet, or an IPTC Media Topic code (8 digits, "medtop:" prefix
allowed) that also matches its narrower topics. Headlines and summaries are the items' web
variants where set. Answers carry ETag and Last-Modified and honour conditional GET."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from django.db.models import Max, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.http import http_date, parse_http_date_safe, quote_etag
from django.views.decorators.http import require_safe

from toasoan.accounts.models import Desk, Outlet
from toasoan.distribution.channels.links import outlet_link, public_items
from toasoan.distribution.channels.models import ItemVariant, VariantKind
from toasoan.formats import feeds
from toasoan.formats.adapter import from_item
from toasoan.formats.model import NewsItem
from toasoan.newsroom.models import Item
from toasoan.vocabularies import mediatopics

Encoder = Callable[[feeds.Channel, Sequence[NewsItem]], bytes]
FORMATS: dict[str, tuple[Encoder, str]] = {
    "rss": (feeds.rss, "application/rss+xml; charset=utf-8"),
    "atom": (feeds.atom, "application/atom+xml; charset=utf-8"),
    "json": (feeds.json_feed, "application/feed+json; charset=utf-8"),
    "sitemap": (feeds.news_sitemap, "application/xml; charset=utf-8"),
}
FEED_SIZE = 50
SITEMAP_SIZE = 1000  # Google News sitemaps: at most 1,000 articles of the last two days
SITEMAP_WINDOW = timedelta(days=2)
MAX_AGE = 60


def _section(outlet: Outlet, section: str) -> tuple[Q, str]:
    """The filter and the title of a section; 404 for anything else."""
    desk = Desk.objects.filter(outlet=outlet, slug=section).first()
    if desk is not None:
        return Q(desk=desk), desk.name
    if mediatopics.is_known(section):
        codes = mediatopics.narrower(section)
        query = Q()
        for code in codes:
            query |= Q(subjects__icontains=f'"{code}"')
        return query, mediatopics.get(section).label(outlet.language)
    raise Http404("no such section")


def _select(outlet: Outlet, fmt: str, section: str | None) -> tuple[list[Item], str]:
    items: QuerySet[Item] = public_items(outlet).select_related("outlet__agency")
    title = outlet.name
    codes: set[str] = set()
    if section:
        query, label = _section(outlet, section)
        items = items.filter(query)
        title = f"{outlet.name} – {label}"
        if (
            mediatopics.is_known(section)
            and not Desk.objects.filter(outlet=outlet, slug=section).exists()
        ):
            codes = mediatopics.narrower(section)
    size = FEED_SIZE
    if fmt == "sitemap":
        items = items.filter(first_published_at__gte=timezone.now() - SITEMAP_WINDOW)
        size = SITEMAP_SIZE
    chosen = list(items.order_by("-published_at", "-id")[:size])
    if codes:  # the text match above may over-select; keep exact code matches only
        chosen = [i for i in chosen if codes.intersection(i.subjects)]
    return chosen, title


def _validators(items: list[Item]) -> tuple[str, datetime | None]:
    ids = [i.pk for i in items]
    variants = ItemVariant.objects.filter(item_id__in=ids, kind=VariantKind.WEB)
    variant_changed = variants.aggregate(m=Max("updated_at"))["m"]
    stamps = [i.published_at for i in items if i.published_at]
    if variant_changed:
        stamps.append(variant_changed)
    last = max(stamps, default=None)
    basis = "|".join(f"{i.pk}:{i.version}" for i in items) + f"|{variant_changed}"
    return hashlib.sha256(basis.encode()).hexdigest()[:32], last


def _not_modified(request: HttpRequest, etag: str, last: datetime | None) -> bool:
    match = request.headers.get("If-None-Match")
    if match is not None:
        tags = {t.strip().removeprefix("W/") for t in match.split(",")}
        return "*" in tags or quote_etag(etag) in tags
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return bool(since and last and int(last.timestamp()) <= since)


def _web_variant(items: list[Item]) -> list[NewsItem]:
    variants = {
        v.item_id: v for v in ItemVariant.objects.filter(item__in=items, kind=VariantKind.WEB)
    }
    out = []
    for item in items:
        news = from_item(item)
        variant = variants.get(item.pk)
        if variant:
            news = dataclasses.replace(
                news,
                headline=variant.headline or news.headline,
                abstract=variant.summary or news.abstract,
            )
        out.append(news)
    return out


@require_safe
def feed(
    request: HttpRequest, outlet_slug: str, fmt: str, section: str | None = None
) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("no such feed format")
    outlet = get_object_or_404(Outlet, slug=outlet_slug, is_active=True)
    items, title = _select(outlet, fmt, section)
    etag, last = _validators(items)
    headers = {"ETag": quote_etag(etag), "Cache-Control": f"public, max-age={MAX_AGE}"}
    if last:
        headers["Last-Modified"] = http_date(last.timestamp())
    if _not_modified(request, etag, last):
        response: HttpResponse = HttpResponseNotModified()
    else:
        encode, media_type = FORMATS[fmt]
        channel = feeds.Channel(
            title=title,
            link=outlet_link(outlet),
            description=title,
            language=outlet.language,
            publication=outlet.name,
        )
        response = HttpResponse(encode(channel, _web_variant(items)), content_type=media_type)
    for name, value in headers.items():
        response[name] = value
    return response
