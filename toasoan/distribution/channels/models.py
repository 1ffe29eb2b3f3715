"""Channels of an outlet, per-channel variants of an item, and the record of what reached where."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from toasoan.accounts.models import Outlet
from toasoan.newsroom.models import Item, MediaAsset


class ChannelKind(models.TextChoices):
    FEED = "feed", _("Public feeds (RSS, Atom, JSON Feed, news sitemap)")
    WEBHOOK = "webhook", _("Website (signed webhook)")
    ZALO_OA = "zalo-oa", _("Zalo Official Account")
    FACEBOOK_PAGE = "facebook-page", _("Facebook Page")


class VariantKind(models.TextChoices):
    WEB = "web", _("Web")
    APP_PUSH = "app-push", _("App push")
    SOCIAL = "social", _("Social card")
    NEWSLETTER = "newsletter", _("Newsletter")


class Channel(models.Model):
    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="channels")
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=ChannelKind.choices)
    # Connector settings (addresses, page/OA ids, tokens, secrets); checked by the connector.
    config = models.JSONField(_("configuration"), default=dict, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["outlet_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["outlet", "name"], name="channel_name_unique")
        ]

    def __str__(self) -> str:
        return f"{self.outlet.slug}/{self.name} ({self.kind})"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from toasoan.core.errors import InvalidInput
        from toasoan.distribution.channels.connectors import get_connector

        try:
            get_connector(self.kind).check_config(self.config)
        except InvalidInput as exc:
            raise ValidationError({"config": f"{exc.field}: {exc.message}"}) from None


class ItemVariant(models.Model):
    """Headline, summary and image of an item for one kind of channel; blanks fall back to the
    item's own (see variants.resolve)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="variants")
    kind = models.CharField(_("variant"), max_length=20, choices=VariantKind.choices)
    headline = models.CharField(_("headline"), max_length=512, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    image = models.ForeignKey(
        MediaAsset, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["item_id", "kind"]
        constraints = [models.UniqueConstraint(fields=["item", "kind"], name="item_variant_unique")]

    def __str__(self) -> str:
        return f"{self.item_id} {self.kind}"


class ChannelPublication(models.Model):
    """One attempt to put one item version on one channel, and what came of it."""

    class Status(models.TextChoices):
        PUBLISHED = "published", _("Published")
        UPDATED = "updated", _("Updated")
        REMOVED = "removed", _("Removed")
        FAILED = "failed", _("Failed")

    class Action(models.TextChoices):
        PUBLISH = "publish", _("Publish")
        CORRECT = "correct", _("Correct")
        KILL = "kill", _("Kill")
        RECALL = "recall", _("Recall")

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="channel_publications")
    version = models.PositiveIntegerField()
    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="+")
    channel = models.ForeignKey(
        Channel, on_delete=models.SET_NULL, null=True, related_name="publications"
    )
    platform = models.CharField(max_length=40)  # "feed", "website", "zalo", "facebook"
    action = models.CharField(max_length=10, choices=Action.choices)
    remote_id = models.CharField(max_length=255, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=1)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["outlet", "platform", "status"], name="chanpub_outlet_platform"),
            models.Index(fields=["item", "channel"], name="chanpub_item_channel"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "version", "channel", "action"], name="chanpub_once_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_id} v{self.version} -> {self.platform}: {self.status}"
