"""API authentication: personal Bearer tokens (stored hashed) or the browser session with CSRF."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from toasoan.accounts.models import ApiToken, User

TOKEN_PREFIX = "tsn_"  # noqa: S105


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        if not token.startswith(TOKEN_PREFIX) or len(token) > 100:
            return None
        row = (
            ApiToken.objects.select_related("user")
            .filter(digest=ApiToken.digest_of(token), revoked=False)
            .first()
        )
        now = timezone.now()
        if row is None or not row.user.is_active or (row.expires_at and row.expires_at < now):
            return None
        if row.last_used_at is None or now - row.last_used_at > timedelta(minutes=5):
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        return row.user


class Session(SessionAuth):
    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = request.user
        return user if user.is_authenticated and user.is_active else None  # type: ignore[return-value]


def issue_token(user: User, name: str = "api", days: int | None = 90) -> str:
    return issue_token_row(user, name, days)[0]


def issue_token_row(user: User, name: str = "api", days: int | None = 90) -> tuple[str, ApiToken]:
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=raw[:12],
        digest=ApiToken.digest_of(raw),
        expires_at=timezone.now() + timedelta(days=days) if days else None,
    )
    return raw, row


AUTH = [BearerToken(), Session()]


def user_of(request: HttpRequest) -> User:
    """The authenticated user of an API request (the auth classes above guarantee one)."""
    user = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, User)
    return user
