"""FTP (and explicit FTPS) pick-up with ftplib: download, hand over, move to done/ or failed/."""

from __future__ import annotations

import ftplib
from collections.abc import Callable
from dataclasses import dataclass

from toasoan.ingest.fetchers import (
    DONE,
    FAILED,
    MAX_DOCUMENT_BYTES,
    MAX_FILES_PER_POLL,
    READ_TIMEOUT,
    Document,
    FetchError,
    too_large,
)

Handler = Callable[[Document], bool]


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    username: str
    password: str
    folder: str
    use_tls: bool = False


class _TooLarge(Exception):
    pass


def _connect(server: Server) -> ftplib.FTP:
    # Plain FTP only where the partner offers nothing else (the feed says use_tls otherwise).
    ftp = (
        ftplib.FTP_TLS(timeout=READ_TIMEOUT)  # noqa: S321
        if server.use_tls
        else ftplib.FTP(timeout=READ_TIMEOUT)  # noqa: S321
    )
    ftp.connect(server.host, server.port)
    ftp.login(server.username, server.password)
    if isinstance(ftp, ftplib.FTP_TLS):
        ftp.prot_p()
    ftp.set_pasv(True)
    if server.folder:
        ftp.cwd(server.folder)
    return ftp


def _files(ftp: ftplib.FTP) -> list[str]:
    try:
        return sorted(
            name for name, facts in ftp.mlsd(facts=["type"])
            if facts.get("type") == "file" and not name.startswith(".")
        )  # fmt: skip
    except ftplib.error_perm:  # no MLSD: plain listing, folders fail on RETR and are skipped
        return sorted(n for n in ftp.nlst() if n not in (DONE, FAILED) and not n.startswith("."))


def _read(ftp: ftplib.FTP, name: str, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0

    def take(chunk: bytes) -> None:
        nonlocal size
        size += len(chunk)
        if size > limit:
            raise _TooLarge
        chunks.append(chunk)

    try:
        ftp.retrbinary(f"RETR {name}", take)
    except _TooLarge:
        ftp.abort()  # the transfer stops; the control connection may need re-syncing
        raise too_large(size, limit) from None
    return b"".join(chunks)


def _move(ftp: ftplib.FTP, name: str, ok: bool) -> None:
    sub = DONE if ok else FAILED
    try:
        ftp.mkd(sub)
    except ftplib.error_perm:
        pass  # exists already
    try:
        ftp.delete(f"{sub}/{name}")
    except ftplib.error_perm:
        pass
    ftp.rename(name, f"{sub}/{name}")


def pick_up(server: Server, handle: Handler, *, limit: int = MAX_DOCUMENT_BYTES) -> list[str]:
    errors: list[str] = []
    try:
        ftp = _connect(server)
    except ftplib.error_perm as exc:
        raise FetchError(f"FTP server refused: {exc}") from None
    except (OSError, ftplib.Error) as exc:
        raise FetchError(f"FTP: cannot connect to {server.host}:{server.port}: {exc}") from None
    try:
        for name in _files(ftp)[:MAX_FILES_PER_POLL]:
            ok = False
            try:
                ok = handle(Document(name, _read(ftp, name, limit)))
            except FetchError as exc:
                errors.append(f"{name}: {exc.message}")
                ftp.close()
                ftp = _connect(server)  # a fresh control connection after an aborted transfer
            except ftplib.error_perm as exc:
                errors.append(f"{name}: {exc}")
                continue
            try:
                _move(ftp, name, ok)
            except ftplib.Error as exc:
                errors.append(f"{name}: could not be moved: {exc}")
    except (OSError, ftplib.Error) as exc:
        raise FetchError(f"FTP: {exc}") from None
    finally:
        try:
            ftp.quit()
        except (OSError, ftplib.Error):
            ftp.close()
    return errors
