"""Organisation (agency, outlets, desks, stages), people, roles and API tokens."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Agency(models.Model):
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40)
    domain = models.CharField(max_length=200, help_text="Domain used in item GUIDs")

    class Meta:
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class Outlet(models.Model):
    class Kind(models.TextChoices):
        SOURCE = "source", _("Source news")
        ONLINE = "online", _("Online newspaper")
        PRINT = "print", _("Print newspaper")
        PHOTO = "photo", _("Photo service")
        TV = "tv", _("Television")
        RADIO = "radio", _("Radio")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="outlets")
    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    language = models.CharField(max_length=10, default="vi")
    is_active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return self.name


class Desk(models.Model):
    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="desks")
    slug = models.SlugField(max_length=40)
    name = models.CharField(max_length=200)
    is_source_desk = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["outlet", "slug"], name="desk_slug_unique")]
        ordering = ["outlet_id", "name"]

    def __str__(self) -> str:
        return f"{self.outlet.slug}/{self.slug}"

    @property
    def incoming_stage(self) -> Stage | None:
        return self.stages.order_by("position").first()


class Stage(models.Model):
    desk = models.ForeignKey(Desk, on_delete=models.CASCADE, related_name="stages")
    name = models.CharField(max_length=100)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["desk_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["desk", "name"], name="stage_name_unique_in_desk")
        ]

    def __str__(self) -> str:
        return f"{self.desk}/{self.name}"


class User(AbstractUser):
    full_name = models.CharField(max_length=200, blank=True)
    language = models.CharField(max_length=10, default="vi")

    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username


class Role(models.Model):
    slug = models.SlugField(max_length=40, unique=True)
    name_vi = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100)
    privileges = models.JSONField(default=list)

    def __str__(self) -> str:
        return self.slug


class Membership(models.Model):
    """A role held by a user in an outlet; outlet empty means agency-wide."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    outlet = models.ForeignKey(
        Outlet, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="memberships")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "outlet"], name="one_role_per_outlet"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.outlet_id or '*'}:{self.role_id}"


class ApiToken(models.Model):
    """A personal API token; only its SHA-256 digest is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, default="api")
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @staticmethod
    def digest_of(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()


class AuditEntry(models.Model):
    """One line of the append-only audit log, chained to the previous line by SHA-256."""

    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True)
    actor_name = models.CharField(max_length=150, blank=True)
    outlet = models.ForeignKey(Outlet, on_delete=models.SET_NULL, null=True, blank=True)
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=64)
    action = models.CharField(max_length=40, db_index=True)
    request_id = models.CharField(max_length=64, blank=True)
    before_digest = models.CharField(max_length=64, blank=True)
    after_digest = models.CharField(max_length=64, blank=True)
    details = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise RuntimeError("audit entries are append-only")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise RuntimeError("audit entries are append-only")
