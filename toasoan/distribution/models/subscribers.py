"""Who receives our news (subscribers), what they receive (products) and where (destinations)."""

from __future__ import annotations

import hashlib

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from toasoan.accounts.models import Outlet

FEED_TOKEN_PREFIX = "tsf_"  # noqa: S105  (a prefix, not a secret)


class Subscriber(models.Model):
    class Kind(models.TextChoices):
        PARTNER = "partner", _("Partner agency")
        CLIENT = "client", _("Media client")
        OUTLET = "outlet", _("Own outlet")
        CHANNEL = "channel", _("Channel")

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CLIENT)
    outlet = models.ForeignKey(
        Outlet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subscribers",
        help_text="Outlet that manages this subscriber; empty: managed agency-wide",
    )
    active = models.BooleanField(default=True)
    may_receive_embargoed = models.BooleanField(default=False)
    contact_email = models.EmailField(blank=True)
    token_prefix = models.CharField(max_length=12, blank=True)
    token_digest = models.CharField(max_length=64, blank=True, db_index=True)
    next_sequence = models.PositiveBigIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def digest_of(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()


class Product(models.Model):
    """A filter over items. Empty criteria match everything; set criteria must all match."""

    class Mode(models.TextChoices):
        PERMIT = "permit", _("Permit")
        BLOCK = "block", _("Block")

    name = models.CharField(max_length=200)
    outlet = models.ForeignKey(
        Outlet, on_delete=models.PROTECT, null=True, blank=True, related_name="products"
    )
    mode = models.CharField(max_length=6, choices=Mode.choices, default=Mode.PERMIT)
    active = models.BooleanField(default=True)
    outlet_ids = models.JSONField(default=list, blank=True)
    desk_ids = models.JSONField(default=list, blank=True)
    types = models.JSONField(default=list, blank=True)
    languages = models.JSONField(default=list, blank=True)
    subjects = models.JSONField(default=list, blank=True, help_text="Media Topics incl. narrower")
    urgency_min = models.PositiveSmallIntegerField(default=1)
    urgency_max = models.PositiveSmallIntegerField(default=9)
    genres = models.JSONField(default=list, blank=True)
    keywords = models.JSONField(default=list, blank=True)
    subscribers = models.ManyToManyField(
        Subscriber, through="Subscription", related_name="products", blank=True
    )

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Subscription(models.Model):
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE)
    product = models.ForeignKey(Product, on_delete=models.CASCADE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "product"], name="subscription_unique")
        ]

    def __str__(self) -> str:
        return f"{self.subscriber_id} -> {self.product_id}"


class Destination(models.Model):
    """One way a subscriber receives items: a transport, its settings and a format."""

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="destinations"
    )
    name = models.CharField(max_length=200, blank=True)
    transport = models.CharField(max_length=40)
    config = models.JSONField(default=dict, blank=True)
    format = models.CharField(max_length=20, default="ninjs")
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["subscriber_id", "id"]

    def __str__(self) -> str:
        return f"{self.subscriber_id}/{self.transport}/{self.format}"
