"""Pull: the subscriber fetches GET /api/v1/feed with its token; nothing is sent."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from toasoan.distribution.transports.base import (
    DeliveryResult,
    Payload,
    TransportError,
    register,
)


@register
class Pull:
    name = "pull"

    def check_config(self, config: Mapping[str, Any]) -> None:
        return None

    def send(self, config: Mapping[str, Any], payload: Payload) -> DeliveryResult:
        raise TransportError("pull destinations are fetched, not sent to", retryable=False)
