"""The outbox (one row per item version per destination) and the log of delivery attempts."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from toasoan.distribution.models.subscribers import Destination, Subscriber
from toasoan.newsroom.models import Item


class EntryState(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    DELIVERED = "delivered", _("Delivered")
    DEAD = "dead", _("Failed (dead letter)")
    IN_FEED = "feed", _("In pull feed")


OPEN_STATES = (EntryState.PENDING, EntryState.SENDING)


class OutboxEntry(models.Model):
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="entries")
    destination = models.ForeignKey(Destination, on_delete=models.CASCADE, related_name="entries")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="outbox_entries")
    version = models.PositiveIntegerField()
    kind = models.CharField(max_length=10)  # publish, correct, kill, recall, release
    pubstatus = models.CharField(max_length=10, default="usable")
    guid = models.CharField(max_length=255)
    sequence = models.PositiveBigIntegerField()
    idempotency_key = models.CharField(max_length=120)
    body = models.BinaryField()
    media_type = models.CharField(max_length=80)
    filename = models.CharField(max_length=255)
    state = models.CharField(max_length=10, choices=EntryState.choices)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["subscriber_id", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["destination", "sequence"], name="outbox_destination_sequence"
            ),
            models.UniqueConstraint(
                fields=["destination", "idempotency_key"], name="outbox_destination_key"
            ),
        ]
        indexes = [
            models.Index(fields=["state", "destination", "sequence"], name="outbox_open_idx"),
            models.Index(fields=["subscriber", "sequence"], name="outbox_subscriber_idx"),
            models.Index(fields=["item", "version"], name="outbox_item_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.subscriber_id}#{self.sequence} {self.guid} v{self.version}"


class Delivery(models.Model):
    """One attempt to deliver an outbox entry, successful or not."""

    entry = models.ForeignKey(OutboxEntry, on_delete=models.CASCADE, related_name="deliveries")
    attempt = models.PositiveIntegerField()
    ok = models.BooleanField()
    status = models.CharField(max_length=80, blank=True)
    latency_ms = models.PositiveIntegerField()
    response = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["entry", "at"], name="delivery_entry_idx")]

    def __str__(self) -> str:
        return f"{self.entry_id} attempt {self.attempt}: {self.status}"


class HeldRelease(models.Model):
    """An embargoed version that subscribers without embargo rights get when the embargo ends."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField()
    release_at = models.DateTimeField()
    released = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["released", "release_at"], name="held_release_due_idx")]

    def __str__(self) -> str:
        return f"{self.item_id} v{self.version} at {self.release_at:%Y-%m-%d %H:%M}"
