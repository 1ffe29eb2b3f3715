"""Real SFTP and FTP servers on 127.0.0.1 for tests of file drop and file pick-up.

Use from any test module:

    from tests.fileservers import ftp_server, sftp_server  # noqa: F401

Each fixture starts its server on an ephemeral port in a background thread, serving a fresh
temporary folder, and yields a FileServer; the server is stopped when the test ends.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncssh
import pytest
from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer

USERNAME = "doitac"
PASSWORD = "mật-khẩu-máy-chủ-2026"


@dataclass(frozen=True)
class FileServer:
    host: str
    port: int
    username: str
    password: str
    root: Path  # what the server serves: a file the client writes to "/in/x" lands in root/in/x
    host_key_fingerprint: str = ""  # SFTP only: "SHA256:..." as ssh-keygen -l prints it
    client_private_key: str = ""  # SFTP only: an OpenSSH private key the server also accepts
    # What clients did, in order: "write <path>" when a file opened for writing is closed,
    # "rename <old> <new>" (paths as the client named them).
    log: list[str] = field(default_factory=list)


# --- SFTP ---------------------------------------------------------------------------------------


class _SSHServer(asyncssh.SSHServer):
    def __init__(self, username: str, password: str, client_public_key: asyncssh.SSHKey) -> None:
        self._username = username
        self._password = password
        self._client_public_key = client_public_key

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        return username == self._username and password == self._password

    def public_key_auth_supported(self) -> bool:
        return True

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        return username == self._username and key == self._client_public_key


class _LoggingSFTPServer(asyncssh.SFTPServer):
    def __init__(self, chan: Any, root: Path, log: list[str]) -> None:
        super().__init__(chan, chroot=str(root).encode())
        self._log = log
        self._writing: dict[Any, str] = {}

    def open(self, path: bytes, pflags: int, attrs: Any) -> Any:
        handle = super().open(path, pflags, attrs)
        if pflags & asyncssh.FXF_WRITE:
            self._writing[handle] = path.decode()
        return handle

    def close(self, file_obj: Any) -> None:
        super().close(file_obj)
        if file_obj in self._writing:
            self._log.append(f"write {self._writing.pop(file_obj)}")

    def rename(self, oldpath: bytes, newpath: bytes) -> None:
        super().rename(oldpath, newpath)
        self._log.append(f"rename {oldpath.decode()} {newpath.decode()}")

    def posix_rename(self, oldpath: bytes, newpath: bytes) -> None:
        super().posix_rename(oldpath, newpath)
        self._log.append(f"rename {oldpath.decode()} {newpath.decode()}")


class _LoopThread:
    """An asyncio event loop running in a daemon thread."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coro: Any, timeout: float = 10) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
        self.loop.close()


@pytest.fixture
def sftp_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FileServer]:
    root = tmp_path_factory.mktemp("sftp-root")
    host_key = asyncssh.generate_private_key("ssh-ed25519")
    client_key = asyncssh.generate_private_key("ssh-ed25519")
    client_public = client_key.convert_to_public()
    runner = _LoopThread()
    log: list[str] = []

    async def start() -> Any:
        return await asyncssh.listen(
            "127.0.0.1",
            0,
            server_host_keys=[host_key],
            server_factory=lambda: _SSHServer(USERNAME, PASSWORD, client_public),
            sftp_factory=lambda chan: _LoggingSFTPServer(chan, root, log),
            allow_scp=False,
        )

    acceptor = runner.run(start())

    async def stop() -> None:
        acceptor.close()
        await acceptor.wait_closed()

    try:
        yield FileServer(
            host="127.0.0.1",
            port=acceptor.get_port(),
            username=USERNAME,
            password=PASSWORD,
            root=root,
            host_key_fingerprint=host_key.get_fingerprint("sha256"),
            client_private_key=client_key.export_private_key("openssh").decode(),
            log=log,
        )
    finally:
        try:
            runner.run(stop())
        finally:
            runner.stop()


# --- FTP ----------------------------------------------------------------------------------------


class _QuietFTPHandler(FTPHandler):
    server_log: list[str]

    def on_file_received(self, file: str) -> None:
        self.server_log.append(f"write {self.fs.fs2ftp(file)}")

    def ftp_RNTO(self, path: str) -> Any:
        answer = super().ftp_RNTO(path)
        if answer:
            source, target = answer
            self.server_log.append(f"rename {self.fs.fs2ftp(source)} {self.fs.fs2ftp(target)}")
        return answer

    def log(self, msg: str, logfun: Any = None) -> None:
        pass

    def logline(self, msg: str, logfun: Any = None) -> None:
        pass

    def log_cmd(self, cmd: str, arg: str, respcode: int, respstr: str) -> None:
        pass

    def log_transfer(self, *args: Any, **kwargs: Any) -> None:
        pass


@pytest.fixture
def ftp_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FileServer]:
    root = tmp_path_factory.mktemp("ftp-root")
    authorizer = DummyAuthorizer()
    authorizer.add_user(USERNAME, PASSWORD, str(root), perm="elradfmwMT")
    log: list[str] = []
    handler = type(
        "Handler",
        (_QuietFTPHandler,),
        {"authorizer": authorizer, "timeout": 30, "server_log": log, "auth_failed_timeout": 0},
    )
    handler.passive_ports = None
    server = FTPServer(("127.0.0.1", 0), handler)
    running = threading.Event()
    running.set()

    def serve() -> None:
        while running.is_set():
            server.serve_forever(timeout=0.05, blocking=False, handle_exit=False)
        server.close_all()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield FileServer(
            host="127.0.0.1",
            port=server.address[1],
            username=USERNAME,
            password=PASSWORD,
            root=root,
            log=log,
        )
    finally:
        running.clear()
        thread.join(5)
