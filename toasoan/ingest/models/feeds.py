"""A feed: where a partner's content comes from, how often, in which format, and how it fares."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from toasoan.accounts.models import Desk, Outlet


class FeedKind(models.TextChoices):
    HTTP = "http", _("HTTP(S) polling")
    FOLDER = "folder", _("Folder pick-up")
    SFTP = "sftp", _("SFTP pick-up")
    FTP = "ftp", _("FTP pick-up")
    PUSH = "push", _("HTTP push from the partner")


class FeedFormat(models.TextChoices):
    AUTO = "auto", _("Detect from content")
    NINJS = "ninjs", "ninjs"
    NEWSMLG2 = "newsmlg2", "NewsML-G2"
    NITF = "nitf", "NITF"
    RSS = "rss", "RSS"
    ATOM = "atom", "Atom"


class FeedState(models.TextChoices):
    OK = "ok", _("OK")
    FAILING = "failing", _("Failing")
    DISABLED = "disabled", _("Disabled")


POLLED_KINDS = (FeedKind.HTTP, FeedKind.FOLDER, FeedKind.SFTP, FeedKind.FTP)


class Feed(models.Model):
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=FeedKind.choices)
    format = models.CharField(max_length=10, choices=FeedFormat.choices, default=FeedFormat.AUTO)
    # Where: url for HTTP; path for a local folder, or the remote folder on an SFTP/FTP server.
    url = models.CharField(max_length=1000, blank=True)
    path = models.CharField(max_length=1000, blank=True)
    host = models.CharField(max_length=255, blank=True)
    port = models.PositiveIntegerField(null=True, blank=True)
    username = models.CharField(max_length=150, blank=True)
    # Kept readable: the poller must log in with it. Never shown back in the UI or the API.
    password = models.CharField(max_length=255, blank=True)
    host_key = models.CharField(
        max_length=200, blank=True, help_text="SFTP server host key fingerprint (SHA256:...)"
    )
    use_tls = models.BooleanField(default=False, help_text="FTP: explicit FTPS")
    interval_seconds = models.PositiveIntegerField(default=300)
    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="ingest_feeds")
    desk = models.ForeignKey(Desk, on_delete=models.SET_NULL, null=True, blank=True)
    active = models.BooleanField(default=True)
    state = models.CharField(max_length=10, choices=FeedState.choices, default=FeedState.OK)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    next_poll_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_error = models.TextField(blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    push_secret = models.CharField(max_length=128, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_polled(self) -> bool:
        return self.kind in POLLED_KINDS
