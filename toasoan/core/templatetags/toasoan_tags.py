from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key, key)


@register.filter
def vn_datetime(value: str | datetime | None) -> str:
    """dd/mm/yyyy HH:MM in Asia/Ho_Chi_Minh (the configured time zone) from an ISO string."""
    if not value:
        return ""
    when = datetime.fromisoformat(value) if isinstance(value, str) else value
    if timezone.is_naive(when):
        return when.strftime("%d/%m/%Y %H:%M")
    return timezone.localtime(when).strftime("%d/%m/%Y %H:%M")
