"""Saved searches with an alert: tell their owners when a newly published item matches."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail

from toasoan.core.errors import DomainError
from toasoan.newsroom.access import can_read
from toasoan.newsroom.models import Item, Notification
from toasoan.search.models import SavedSearch


def notify_matches(item_id: int) -> int:
    """Check every alerting saved search against one item; returns how many matched."""
    from toasoan.search.service import filters_from_params, index_items, search

    item = Item.objects.filter(pk=item_id).first()
    if item is None:
        return 0
    index_items([item_id])  # idempotent; the index consumer may not have run yet
    matched = 0
    for saved in SavedSearch.objects.filter(alert=True).select_related("user"):
        if not saved.user.is_active or not can_read(saved.user, item):
            continue
        try:
            filters = filters_from_params(saved.filters)
            filters.item_ids = [item_id]
            page = search(saved.user, saved.query, filters=filters, limit=1, facets=False)
        except DomainError:
            continue  # a saved query that no longer parses alerts nobody
        if not page.results:
            continue
        matched += 1
        message = f"Tìm kiếm đã lưu «{saved.name}» có tin mới / new match: {item.headline}"
        Notification.objects.create(
            user=saved.user, item=item, kind="search_alert", message=message
        )
        if saved.user.email:
            send_mail(
                subject=f"[toasoan] {saved.name}: {item.headline}"[:200],
                message=f"{message}\n\n/api/v1/items/{item.pk}",
                from_email=getattr(settings, "DEFAULT_FROM_EMAIL", None),
                recipient_list=[saved.user.email],
                fail_silently=True,
            )
    return matched
