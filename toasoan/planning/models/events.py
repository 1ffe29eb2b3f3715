"""Events: things that will happen (a press conference, a session of the National Assembly)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from toasoan.accounts.models import Outlet


class EventState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")


class Event(models.Model):
    """An event an outlet plans coverage for.

    All-day events start at local midnight and end at the local midnight after their last day
    (exclusive, as iCalendar's DTEND). `recurrence` is an RFC 5545 RRULE value without the
    "RRULE:" prefix, with any UNTIL stored in UTC."""

    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="planning_events")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    place_name = models.CharField(max_length=200, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    all_day = models.BooleanField(default=False)
    recurrence = models.CharField(max_length=500, blank=True)
    subjects = models.JSONField(default=list, blank=True)
    state = models.CharField(max_length=10, choices=EventState.choices, default=EventState.PLANNED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["outlet", "starts_at"], name="planning_event_start_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="planning_event_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title
