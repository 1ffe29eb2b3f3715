"""Planning items (a story on the budget) and their coverages, one per format."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from toasoan.accounts.models import Desk, Outlet
from toasoan.planning.models.events import Event


class PlanningState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CANCELLED = "cancelled", _("Cancelled")


class CoverageFormat(models.TextChoices):
    TEXT = "text", _("Text")
    PHOTO = "photo", _("Photo")
    VIDEO = "video", _("Video")
    GRAPHIC = "graphic", _("Graphic")
    AUDIO = "audio", _("Audio")


class CoverageStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


# The newsroom item type a coverage of each format produces.
ITEM_TYPE_OF_FORMAT = {
    CoverageFormat.TEXT: "text",
    CoverageFormat.PHOTO: "picture",
    CoverageFormat.VIDEO: "video",
    CoverageFormat.GRAPHIC: "graphic",
    CoverageFormat.AUDIO: "audio",
}
# What `planned_length` counts for each format: a stable code (API) and a label (UI).
LENGTH_UNIT_CODE = {
    CoverageFormat.TEXT: "words",
    CoverageFormat.PHOTO: "pictures",
    CoverageFormat.VIDEO: "seconds",
    CoverageFormat.GRAPHIC: "graphics",
    CoverageFormat.AUDIO: "seconds",
}
LENGTH_UNIT_OF_FORMAT = {
    CoverageFormat.TEXT: _("words"),
    CoverageFormat.PHOTO: _("pictures"),
    CoverageFormat.VIDEO: _("seconds"),
    CoverageFormat.GRAPHIC: _("graphics"),
    CoverageFormat.AUDIO: _("seconds"),
}


class PlanningItem(models.Model):
    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="planning_items")
    event = models.ForeignKey(
        Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="planning_items"
    )
    slugline = models.CharField(max_length=100)
    headline = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    date = models.DateField(help_text="The day the story is planned for (local date)")
    desk = models.ForeignKey(
        Desk, on_delete=models.SET_NULL, null=True, blank=True, related_name="planning_items"
    )
    subjects = models.JSONField(default=list, blank=True)
    urgency = models.PositiveSmallIntegerField(default=5)
    state = models.CharField(
        max_length=10, choices=PlanningState.choices, default=PlanningState.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date", "urgency", "pk"]
        indexes = [models.Index(fields=["outlet", "date"], name="planning_item_date_idx")]

    def __str__(self) -> str:
        return self.slugline


class Coverage(models.Model):
    planning_item = models.ForeignKey(
        PlanningItem, on_delete=models.CASCADE, related_name="coverages"
    )
    format = models.CharField(max_length=10, choices=CoverageFormat.choices)
    status = models.CharField(
        max_length=12, choices=CoverageStatus.choices, default=CoverageStatus.PLANNED
    )
    planned_length = models.PositiveIntegerField(null=True, blank=True)
    deadline = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)
    item = models.ForeignKey(
        "newsroom.Item",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coverages",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.format} for {self.planning_item_id}"

    @property
    def length_unit(self) -> str:
        return str(LENGTH_UNIT_OF_FORMAT.get(CoverageFormat(self.format), ""))

    @property
    def current_assignment(self) -> Assignment | None:
        """The live assignment (prefetch `assignments` to avoid a query per coverage)."""
        live = [a for a in self.assignments.all() if a.active]
        return max(live, key=lambda a: a.pk) if live else None


class Assignment(models.Model):
    """Who covers it: one user or one desk. Reassigning ends the previous assignment."""

    coverage = models.ForeignKey(Coverage, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="planning_assignments",
    )
    desk = models.ForeignKey(
        Desk, on_delete=models.CASCADE, null=True, blank=True, related_name="planning_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["-assigned_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(user__isnull=False, desk__isnull=True)
                    | models.Q(user__isnull=True, desk__isnull=False)
                ),
                name="planning_assignment_user_xor_desk",
            )
        ]
        indexes = [models.Index(fields=["user", "active"], name="planning_assignment_user_idx")]

    def __str__(self) -> str:
        return f"assignment of coverage {self.coverage_id}"

    @property
    def accepted(self) -> bool:
        return self.accepted_at is not None
