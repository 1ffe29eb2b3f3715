"""Email: the document as an attachment, through Django's email backend."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email

from toasoan.core.errors import InvalidInput
from toasoan.distribution.transports.base import (
    DeliveryResult,
    Payload,
    TransportError,
    register,
)


def _addresses(config: Mapping[str, Any]) -> list[str]:
    value = config.get("to")
    return [value] if isinstance(value, str) else list(value or [])


@register
class Email:
    name = "email"

    def check_config(self, config: Mapping[str, Any]) -> None:
        addresses = _addresses(config)
        if not addresses:
            raise InvalidInput("is required (one address or a list)", field="config.to")
        for address in addresses:
            try:
                validate_email(address)
            except (ValidationError, TypeError):
                raise InvalidInput(f"is not an email address: {address!r}",
                                   field="config.to") from None  # fmt: skip

    def send(self, config: Mapping[str, Any], payload: Payload) -> DeliveryResult:
        subject = str(config.get("subject_prefix", "[toasoan]")) + f" {payload.item_guid}"
        message = EmailMessage(
            subject=f"{subject} v{payload.version}",
            body=f"{payload.item_guid} v{payload.version} (#{payload.sequence})",
            from_email=config.get("from") or settings.DEFAULT_FROM_EMAIL,
            to=_addresses(config),
            headers={
                "Idempotency-Key": payload.idempotency_key,
                "X-Toasoan-Sequence": str(payload.sequence),
            },
        )
        message.attach(payload.filename, payload.body, payload.media_type)
        try:
            sent = message.send(fail_silently=False)
        except OSError as exc:
            raise TransportError(f"mail server: {exc}") from exc
        if not sent:
            raise TransportError("the mail backend sent nothing")
        return DeliveryResult(status="sent", response=", ".join(_addresses(config)))
