"""The one interface every channel connector implements, and the registry that names them.

A connector puts a Post (one item version, in the channel's variant) on one platform. publish()
makes a new post; update() changes an earlier one (None where the platform cannot edit it, and
the caller then publishes a new post noting the correction); remove() takes one down (False
where the platform cannot). Failures raise ConnectorError with the platform's own message."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from toasoan.core.errors import InvalidInput


@dataclass(frozen=True)
class Post:
    guid: str
    version: int
    action: str  # "publish", "correct", "kill" or "recall"
    outlet_slug: str
    headline: str
    summary: str
    body_html: str
    url: str  # the item's public page
    image_url: str
    byline: str
    language: str
    published_at: datetime | None
    note: str = ""  # correction note or kill reason


@dataclass(frozen=True)
class Remote:
    remote_id: str
    url: str = ""


class ConnectorError(Exception):
    def __init__(self, message: str, *, retryable: bool = False, status: str = "") -> None:
        super().__init__(message)
        self.retryable = retryable
        self.status = status


class Connector(Protocol):
    kind: str  # ChannelKind value
    platform: str  # what the reach records call the platform
    variant: str  # VariantKind used by default for this kind of channel

    def check_config(self, config: Mapping[str, Any]) -> None:
        """Raise InvalidInput naming the field (config.<name>) when config is unusable."""
        ...

    def publish(self, config: Mapping[str, Any], post: Post) -> Remote: ...

    def update(self, config: Mapping[str, Any], post: Post, remote: Remote) -> Remote | None: ...

    def remove(self, config: Mapping[str, Any], post: Post, remote: Remote) -> bool: ...


REGISTRY: dict[str, Connector] = {}


def register(factory: Callable[[], Connector]) -> Callable[[], Connector]:
    connector = factory()
    REGISTRY[connector.kind] = connector
    return factory


def get_connector(kind: str) -> Connector:
    _load()
    try:
        return REGISTRY[kind]
    except KeyError:
        raise InvalidInput(f"unknown channel kind {kind!r}", field="kind") from None


def _load() -> None:
    """Import the connector modules (each registers itself); they import this module."""
    for name in ("feed", "webhook", "zalo", "facebook"):
        importlib.import_module(f"toasoan.distribution.channels.{name}")


def require_str(config: Mapping[str, Any], name: str) -> str:
    value = config.get(name)
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput("is required", field=f"config.{name}")
    return value.strip()


def optional_url(config: Mapping[str, Any], name: str, default: str) -> str:
    value = config.get(name, default)
    if not isinstance(value, str) or not value.startswith(("https://", "http://")):
        raise InvalidInput("must be an http(s) address", field=f"config.{name}")
    return value.rstrip("/")


def check_timeout(config: Mapping[str, Any]) -> float:
    timeout = config.get("timeout", 15)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not 0 < timeout <= 120:
        raise InvalidInput("must be a number of seconds from 1 to 120", field="config.timeout")
    return float(timeout)
