"""FTP and explicit FTPS file drop (ftplib).

Config: host, port (21), username, password, folder ("."), tls (explicit FTPS: AUTH TLS, then
PROT P for the data channel), tls_verify (true: check the server certificate), passive (true),
timeout in seconds (30).

The file is stored under a dot-prefixed temporary name and renamed when complete, so a partner
polling the folder never picks up half a file.
"""

from __future__ import annotations

import ftplib
import io
import ssl
from collections.abc import Mapping
from typing import Any

from toasoan.core.errors import InvalidInput
from toasoan.distribution.transports.base import DeliveryResult, Payload, TransportError, register
from toasoan.distribution.transports.filedrop import (
    check_folder,
    check_host,
    check_port,
    check_timeout,
    safe_filename,
)


def _connect(config: Mapping[str, Any]) -> ftplib.FTP:
    timeout = float(config.get("timeout") or 30)
    ftp: ftplib.FTP
    if config.get("tls"):
        context = ssl.create_default_context()
        if config.get("tls_verify") is False:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        ftp = ftplib.FTP_TLS(context=context, timeout=timeout)  # noqa: S321 (partners' choice)
    else:
        ftp = ftplib.FTP(timeout=timeout)  # noqa: S321 (plain FTP: partners' choice)
    ftp.connect(config["host"], int(config.get("port") or 21), timeout=timeout)
    ftp.login(config["username"], config.get("password") or "")  # FTP_TLS: AUTH TLS first
    if isinstance(ftp, ftplib.FTP_TLS):
        ftp.prot_p()
    ftp.set_pasv(config.get("passive", True) is not False)
    return ftp


def _enter(ftp: ftplib.FTP, folder: str) -> None:
    """Change into the folder, creating the parts that are missing."""
    if folder.startswith("/"):
        ftp.cwd("/")
    for part in [p for p in folder.split("/") if p and p != "."]:
        try:
            ftp.cwd(part)
        except ftplib.error_perm:
            ftp.mkd(part)
            ftp.cwd(part)


@register
class FTPTransport:
    name = "ftp"

    def check_config(self, config: Mapping[str, Any]) -> None:
        check_host(config)
        check_port(config, default=21)
        check_timeout(config)
        check_folder(config)
        for name in ("username", "password"):
            value = config.get(name)
            if not isinstance(value, str) or not value:
                raise InvalidInput("is required", field=f"config.{name}")
        for name in ("tls", "tls_verify", "passive"):
            if name in config and not isinstance(config[name], bool):
                raise InvalidInput("must be true or false", field=f"config.{name}")

    def send(self, config: Mapping[str, Any], payload: Payload) -> DeliveryResult:
        self.check_config(config)
        folder = config.get("folder") or "."
        filename = safe_filename(payload.filename)
        temporary = f".{filename}.part"
        try:
            ftp = _connect(config)
        except ftplib.error_perm as exc:
            raise TransportError(f"login refused: {exc}", retryable=False, status="530") from None
        except ssl.SSLCertVerificationError as exc:
            raise TransportError(f"TLS: {exc}", retryable=False, status="tls") from None
        except (ftplib.Error, OSError, EOFError) as exc:
            raise TransportError(f"{type(exc).__name__}: {exc}", status="unreachable") from None
        try:
            _enter(ftp, folder)
            ftp.storbinary(f"STOR {temporary}", io.BytesIO(payload.body))
            try:
                ftp.rename(temporary, filename)
            except ftplib.error_perm:  # servers that will not rename onto an existing file
                ftp.delete(filename)
                ftp.rename(temporary, filename)
            answer = ftp.voidcmd("NOOP")
        except ftplib.error_perm as exc:
            raise TransportError(
                f"{folder}/{filename}: {exc}", retryable=False, status=str(exc)[:3]
            ) from None
        except (ftplib.Error, OSError, EOFError) as exc:
            raise TransportError(f"{type(exc).__name__}: {exc}", status="failed") from None
        finally:
            try:
                ftp.quit()
            except (ftplib.Error, OSError, EOFError):
                ftp.close()
        return DeliveryResult(
            status="226 sent", response=f"{folder}/{filename} ({len(payload.body)} bytes); {answer}"
        )
