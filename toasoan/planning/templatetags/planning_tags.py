"""Template helpers of the planning pages: local dates and times, the editor link."""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils import timezone

from toasoan.planning.web import editor_url

register = template.Library()


@register.filter
def vn_date(value: date | datetime | None) -> str:
    """dd/mm/yyyy (a datetime is shown on its Asia/Ho_Chi_Minh day)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return value.strftime("%d/%m/%Y")


@register.filter
def vn_time(value: datetime | None) -> str:
    if value is None:
        return ""
    return timezone.localtime(value).strftime("%H:%M")


@register.filter
def item_editor_url(item_id: int) -> str:
    return editor_url(item_id)
