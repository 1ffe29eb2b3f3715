"""Config checks and file naming shared by the file-drop transports (SFTP, FTP)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from toasoan.core.errors import InvalidInput

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def check_host(config: Mapping[str, Any]) -> None:
    host = config.get("host")
    if not isinstance(host, str) or not host.strip():
        raise InvalidInput("is required", field="config.host")
    if any(c in host for c in "/@ "):
        raise InvalidInput(
            "a host name or address only, without scheme or path", field="config.host"
        )


def check_port(config: Mapping[str, Any], *, default: int) -> None:
    port = config.get("port", default)
    if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
        raise InvalidInput("must be a whole number from 1 to 65535", field="config.port")


def check_timeout(config: Mapping[str, Any]) -> None:
    timeout = config.get("timeout", 30)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not 0 < timeout <= 600:
        raise InvalidInput("must be a number of seconds from 1 to 600", field="config.timeout")


def check_folder(config: Mapping[str, Any]) -> None:
    folder = config.get("folder", ".")
    if not isinstance(folder, str) or ".." in folder.split("/") or "\\" in folder:
        raise InvalidInput("must be a folder path without '..'", field="config.folder")


def safe_filename(name: str) -> str:
    """The payload's file name reduced to one safe path segment (no folders, no dot-files)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = _UNSAFE.sub("_", base).lstrip(".") or "item"
    return cleaned[:200]
