"""/feeds/<outlet>/... and /feeds/<outlet>/<section>/... (no login)."""

from __future__ import annotations

from django.urls import URLPattern, path

from toasoan.distribution.channels.feeds import feed

app_name = "channel-feeds"

_FILES = {"rss": "rss.xml", "atom": "atom.xml", "json": "feed.json", "sitemap": "news-sitemap.xml"}

urlpatterns: list[URLPattern] = [
    *(
        path(f"<slug:outlet_slug>/{name}", feed, {"fmt": fmt}, name=fmt)
        for fmt, name in _FILES.items()
    ),
    *(
        path(f"<slug:outlet_slug>/<str:section>/{name}", feed, {"fmt": fmt}, name=f"section-{fmt}")
        for fmt, name in _FILES.items()
    ),
]
