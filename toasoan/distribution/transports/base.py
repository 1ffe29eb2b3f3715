"""The one interface every transport implements, and the registry that names them.

A transport sends one rendered document (a Payload) to one destination, described by the
destination's `config` dict (address, credentials reference, folder...). It returns a
DeliveryResult on success and raises TransportError on failure (`retryable` False for errors
that a retry cannot cure, e.g. a refused login or a 4xx other than 408/425/429)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class Payload:
    body: bytes
    media_type: str  # e.g. "application/json", "application/vnd.iptc.g2.newsitem+xml"
    filename: str  # for file drops and attachments, e.g. "urn-...-v3.json"
    idempotency_key: str  # stable per (subscriber, item, version): receivers drop repeats
    item_guid: str
    version: int
    sequence: int  # per-subscriber order
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DeliveryResult:
    status: str  # e.g. "200", "226 Transfer complete", "sent"
    response: str = ""  # first KiB of what the other side answered, for the delivery log


class TransportError(Exception):
    def __init__(self, message: str, *, retryable: bool = True, status: str = "") -> None:
        super().__init__(message)
        self.retryable = retryable
        self.status = status


class Transport(Protocol):
    name: str

    def send(self, config: Mapping[str, Any], payload: Payload) -> DeliveryResult: ...

    def check_config(self, config: Mapping[str, Any]) -> None:
        """Raise toasoan.core.errors.InvalidInput naming the field when config is unusable."""
        ...


REGISTRY: dict[str, Transport] = {}


def register(factory: Callable[[], Transport]) -> Callable[[], Transport]:
    transport = factory()
    REGISTRY[transport.name] = transport
    return factory


def get_transport(name: str) -> Transport:
    try:
        return REGISTRY[name]
    except KeyError:
        raise KeyError(f"unknown transport {name!r}; known: {sorted(REGISTRY)}") from None
