"""SFTP file drop (asyncssh client).

Config: host, port (22), username, password or private_key (OpenSSH/PEM text, optional
private_key_passphrase), host_key_fingerprint ("SHA256:..." as `ssh-keygen -l` prints it) or
accept_new: true, folder ("."), timeout in seconds (30).

The file is written under a dot-prefixed temporary name in the folder and renamed when complete,
so a partner polling the folder never picks up half a file.
"""

from __future__ import annotations

import asyncio
import posixpath
import threading
from collections.abc import Mapping
from typing import Any

import asyncssh

from toasoan.core.errors import InvalidInput
from toasoan.distribution.transports.base import DeliveryResult, Payload, TransportError, register
from toasoan.distribution.transports.filedrop import (
    check_folder,
    check_host,
    check_port,
    check_timeout,
    safe_filename,
)


class _HostKeyCheck(asyncssh.SSHClient):
    """Trusts exactly the configured host key fingerprint (or, with accept_new, any key)."""

    def __init__(self, fingerprint: str, accept_new: bool) -> None:
        self.fingerprint = fingerprint
        self.accept_new = accept_new
        self.seen = ""

    def validate_host_public_key(self, host: str, addr: str, port: int, key: Any) -> bool:
        self.seen = key.get_fingerprint("sha256")
        if self.fingerprint:
            return bool(self.seen == self.fingerprint)
        return self.accept_new


def _str(config: Mapping[str, Any], name: str) -> str:
    value = config.get(name) or ""
    if not isinstance(value, str):
        raise InvalidInput("must be a string", field=f"config.{name}")
    return value


@register
class SFTPTransport:
    name = "sftp"

    def check_config(self, config: Mapping[str, Any]) -> None:
        check_host(config)
        check_port(config, default=22)
        check_timeout(config)
        check_folder(config)
        if not _str(config, "username").strip():
            raise InvalidInput("is required", field="config.username")
        password, key = _str(config, "password"), _str(config, "private_key")
        if not password and not key:
            raise InvalidInput("give a password or a private_key", field="config.password")
        if key:
            try:
                asyncssh.import_private_key(key, _str(config, "private_key_passphrase") or None)
            except (asyncssh.KeyImportError, ValueError) as exc:
                raise InvalidInput(
                    f"not a readable private key: {exc}", field="config.private_key"
                ) from None
        fingerprint = _str(config, "host_key_fingerprint")
        if fingerprint and not fingerprint.startswith(("SHA256:", "MD5:")):
            raise InvalidInput(
                "write it as ssh-keygen -l prints it, e.g. SHA256:...",
                field="config.host_key_fingerprint",
            )
        if not fingerprint and config.get("accept_new") is not True:
            raise InvalidInput(
                "give the server's host key fingerprint, or set accept_new to trust the first key",
                field="config.host_key_fingerprint",
            )

    def send(self, config: Mapping[str, Any], payload: Payload) -> DeliveryResult:
        self.check_config(config)
        return _run(self._send(config, payload))

    async def _send(self, config: Mapping[str, Any], payload: Payload) -> DeliveryResult:
        timeout = float(config.get("timeout") or 30)
        folder = _str(config, "folder") or "."
        filename = safe_filename(payload.filename)
        final = posixpath.join(folder, filename)
        temporary = posixpath.join(folder, f".{filename}.part")
        check = _HostKeyCheck(
            _str(config, "host_key_fingerprint"), config.get("accept_new") is True
        )
        key = _str(config, "private_key")
        try:
            async with asyncio.timeout(timeout * 3):
                async with asyncssh.connect(
                    config["host"],
                    int(config.get("port") or 22),
                    username=config["username"],
                    password=_str(config, "password") or None,
                    client_keys=(
                        [asyncssh.import_private_key(key, config.get("private_key_passphrase"))]
                        if key
                        else None
                    ),
                    known_hosts=([], [], []),  # nothing trusted up front: _HostKeyCheck decides
                    client_factory=lambda: check,
                    server_host_key_algs="default",
                    agent_path=None,
                    config=[],
                    connect_timeout=timeout,
                    login_timeout=timeout,
                    keepalive_interval=timeout,
                ) as conn:
                    async with conn.start_sftp_client() as sftp:
                        if folder not in (".", "/"):
                            await sftp.makedirs(folder, exist_ok=True)
                        async with sftp.open(temporary, "wb") as remote:
                            await remote.write(payload.body)
                        await _rename(sftp, temporary, final)
        except asyncssh.HostKeyNotVerifiable:
            raise TransportError(
                f"host key of {config['host']} not trusted (server offered {check.seen})",
                retryable=False,
                status="host-key",
            ) from None
        except asyncssh.PermissionDenied as exc:
            raise TransportError(
                f"login refused: {exc.reason}", retryable=False, status="auth"
            ) from None
        except (asyncssh.SFTPPermissionDenied, asyncssh.SFTPNoSuchFile) as exc:
            raise TransportError(
                f"{final}: {exc.reason}", retryable=False, status="sftp-denied"
            ) from None
        except (asyncssh.Error, OSError, TimeoutError) as exc:
            raise TransportError(f"{type(exc).__name__}: {exc}", status="unreachable") from None
        return DeliveryResult(
            status="sent", response=f"{final} ({len(payload.body)} bytes, host key {check.seen})"
        )


async def _rename(sftp: asyncssh.SFTPClient, source: str, target: str) -> None:
    """Replace the target in one step where the server can (posix-rename), else remove first."""
    try:
        await sftp.posix_rename(source, target)
    except asyncssh.SFTPOpUnsupported:
        if await sftp.exists(target):
            await sftp.remove(target)
        await sftp.rename(source, target)


def _run(coro: Any) -> DeliveryResult:
    """asyncio.run, also from a thread that already runs an event loop (then in a new thread)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        result: DeliveryResult = asyncio.run(coro)
        return result
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["result"] = asyncio.run(coro)
        except BaseException as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]  # type: ignore[no-any-return]
