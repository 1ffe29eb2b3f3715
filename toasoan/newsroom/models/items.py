"""The news item: one model for text, picture, video, audio, graphic and composite (package)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from toasoan.accounts.models import Desk, Outlet, Stage


class ItemType(models.TextChoices):
    TEXT = "text", _("Text")
    PICTURE = "picture", _("Picture")
    VIDEO = "video", _("Video")
    AUDIO = "audio", _("Audio")
    GRAPHIC = "graphic", _("Graphic")
    COMPOSITE = "composite", _("Package")


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    READY = "ready", _("Ready")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    CORRECTED = "corrected", _("Corrected")
    KILLED = "killed", _("Killed")
    RECALLED = "recalled", _("Recalled")
    SPIKED = "spiked", _("Spiked")


class PubStatus(models.TextChoices):
    USABLE = "usable", "usable"
    WITHHELD = "withheld", "withheld"
    CANCELED = "canceled", "canceled"


def _nine(default: int) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        default=default, validators=[MinValueValidator(1), MaxValueValidator(9)]
    )


class Item(models.Model):
    guid = models.CharField(max_length=255, unique=True)
    version = models.PositiveIntegerField(default=0, help_text="Published version number")
    revision = models.PositiveIntegerField(default=1, help_text="Write counter (ETag)")
    type = models.CharField(max_length=10, choices=ItemType.choices, default=ItemType.TEXT)
    language = models.CharField(max_length=10, default="vi")
    state = models.CharField(max_length=12, choices=State.choices, default=State.DRAFT)
    pubstatus = models.CharField(max_length=10, choices=PubStatus.choices, default="usable")

    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="items")
    desk = models.ForeignKey(Desk, on_delete=models.PROTECT, null=True, blank=True)
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, null=True, blank=True)

    headline = models.CharField(max_length=512, blank=True)
    slugline = models.CharField(max_length=128, blank=True)
    byline = models.CharField(max_length=255, blank=True)
    dateline_place = models.CharField(max_length=128, blank=True)
    dateline_date = models.DateField(null=True, blank=True)
    abstract = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    urgency = _nine(5)
    priority = _nine(5)
    genre = models.CharField(max_length=40, blank=True)
    subjects = models.JSONField(default=list, blank=True)  # Media Topic codes
    places = models.JSONField(default=list, blank=True)
    people = models.JSONField(default=list, blank=True)
    organisations = models.JSONField(default=list, blank=True)
    keywords = models.JSONField(default=list, blank=True)
    credit = models.CharField(max_length=255, blank=True)
    copyright_holder = models.CharField(max_length=255, blank=True)
    copyright_notice = models.CharField(max_length=512, blank=True)
    usage_terms = models.TextField(blank=True)
    embargo_until = models.DateTimeField(null=True, blank=True)
    publish_at = models.DateTimeField(null=True, blank=True)

    translation_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="translations"
    )
    update_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="updates"
    )
    taken_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    source_changed = models.CharField(
        max_length=20, blank=True, help_text="Set when the source of a taken copy changes"
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    first_published_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, help_text="Current version")
    kill_reason = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["outlet", "state", "-updated_at"], name="item_outlet_state_idx"),
            models.Index(fields=["-updated_at", "-id"], name="item_updated_idx"),
            models.Index(fields=["desk", "stage", "state"], name="item_desk_stage_idx"),
            models.Index(fields=["state", "publish_at"], name="item_schedule_idx"),
        ]

    def __str__(self) -> str:
        return self.headline or self.guid

    @property
    def etag(self) -> str:
        return f'"{self.pk}-{self.revision}"'

    @property
    def is_released(self) -> bool:
        """Published and past any embargo: may leave the building."""
        live = self.state in (State.PUBLISHED, State.CORRECTED)
        return live and (self.embargo_until is None or self.embargo_until <= timezone.now())
