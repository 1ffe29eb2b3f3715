"""Transports: how a rendered item reaches a destination. A registry of name -> Transport."""

from __future__ import annotations

from toasoan.distribution.transports.base import (
    REGISTRY,
    DeliveryResult,
    Payload,
    Transport,
    TransportError,
    get_transport,
    register,
)

__all__ = [
    "REGISTRY",
    "DeliveryResult",
    "Payload",
    "Transport",
    "TransportError",
    "get_transport",
    "register",
]

# The file-drop transports register themselves on import (they need base, imported above).
from toasoan.distribution.transports import ftp, sftp  # noqa: F401
