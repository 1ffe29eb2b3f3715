"""SFTP pick-up (asyncssh): files are downloaded, handed over, then moved to done/ or failed/ on
the server. The server must present the host key whose fingerprint the feed names."""

from __future__ import annotations

import asyncio
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import asyncssh

from toasoan.ingest.fetchers import (
    CONNECT_TIMEOUT,
    DONE,
    FAILED,
    MAX_DOCUMENT_BYTES,
    MAX_FILES_PER_POLL,
    TOTAL_TIMEOUT,
    Document,
    FetchError,
    too_large,
)

MAX_BATCH_BYTES = 100 * 1024 * 1024
Handler = Callable[[Document], bool]


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    username: str
    password: str
    host_key: str  # "SHA256:..." as `ssh-keygen -l` prints it
    folder: str


class _Client(asyncssh.SSHClient):
    def __init__(self, fingerprint: str):
        self.fingerprint = fingerprint

    def validate_host_public_key(self, host: str, addr: str, port: int, key: Any) -> bool:
        return bool(key.get_fingerprint("sha256") == self.fingerprint)


async def _connect(server: Server) -> Any:
    conn, _ = await asyncssh.create_connection(
        lambda: _Client(server.host_key),
        server.host,
        server.port,
        username=server.username,
        password=server.password,
        known_hosts=([], [], []),  # nothing trusted up front: the client checks the fingerprint
        client_keys=None,
        agent_path=None,
        connect_timeout=CONNECT_TIMEOUT,
    )
    return conn


async def _download(server: Server, limit: int) -> tuple[list[Document], list[str]]:
    docs: list[Document] = []
    errors: list[str] = []
    async with await _connect(server) as conn, conn.start_sftp_client() as sftp:
        entries = [
            e for e in await sftp.readdir(server.folder)
            if not e.filename.startswith(".") and e.attrs.type == asyncssh.FILEXFER_TYPE_REGULAR
        ]  # fmt: skip
        entries.sort(key=lambda e: (e.attrs.mtime or 0, e.filename))
        total = 0
        for entry in entries[:MAX_FILES_PER_POLL]:
            size = entry.attrs.size or 0
            if size > limit:
                errors.append(f"{entry.filename}: {too_large(size, limit).message}")
                continue
            if total + size > MAX_BATCH_BYTES and docs:
                break  # the rest waits for the next poll
            async with sftp.open(posixpath.join(server.folder, entry.filename), "rb") as f:
                data = await f.read(limit + 1)
            if len(data) > limit:
                errors.append(f"{entry.filename}: {too_large(len(data), limit).message}")
                continue
            total += len(data)
            docs.append(Document(entry.filename, data))
    return docs, errors


async def _move(server: Server, outcomes: dict[str, bool]) -> list[str]:
    errors = []
    async with await _connect(server) as conn, conn.start_sftp_client() as sftp:
        for sub in (DONE, FAILED):
            target = posixpath.join(server.folder, sub)
            if not await sftp.isdir(target):
                await sftp.mkdir(target)
        for name, ok in outcomes.items():
            source = posixpath.join(server.folder, name)
            target = posixpath.join(server.folder, DONE if ok else FAILED, name)
            try:
                if await sftp.exists(target):
                    await sftp.remove(target)
                await sftp.rename(source, target)
            except asyncssh.SFTPError as exc:
                errors.append(f"{name}: could not be moved: {exc.reason}")
    return errors


def _run(coro: Any) -> Any:
    try:
        return asyncio.run(asyncio.wait_for(coro, TOTAL_TIMEOUT))
    except TimeoutError:
        raise FetchError(f"the SFTP session took longer than {TOTAL_TIMEOUT:.0f} s") from None
    except asyncssh.HostKeyNotVerifiable:
        raise FetchError("the SFTP server's host key does not match the configured one") from None
    except asyncssh.PermissionDenied:
        raise FetchError("the SFTP server refused the username or password") from None
    except asyncssh.SFTPError as exc:
        raise FetchError(f"SFTP: {exc.reason}") from None
    except (OSError, asyncssh.Error) as exc:
        raise FetchError(f"SFTP: {exc}") from None


def pick_up(server: Server, handle: Handler, *, limit: int = MAX_DOCUMENT_BYTES) -> list[str]:
    docs, errors = _run(_download(server, limit))
    outcomes = {doc.name: handle(doc) for doc in docs}
    for line in errors:  # too big to fetch: moved aside so they are not tried again and again
        outcomes.setdefault(line.split(":", 1)[0], False)
    if outcomes:
        errors.extend(_run(_move(server, outcomes)))
    return list(errors)
