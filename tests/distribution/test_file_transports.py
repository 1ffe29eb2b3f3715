"""SFTP and FTP file drop against real servers started on 127.0.0.1 (tests/fileservers.py)."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from tests import fileservers
from tests.fileservers import FileServer
from toasoan.core.errors import InvalidInput
from toasoan.distribution.transports import Payload, TransportError, get_transport
from toasoan.distribution.transports import ftp as _ftp  # noqa: F401  (registers "ftp")
from toasoan.distribution.transports import sftp as _sftp  # noqa: F401  (registers "sftp")

sftp_server = fileservers.sftp_server  # the fixtures, under their own names
ftp_server = fileservers.ftp_server

BODY = ("Tin nóng: Quốc hội thông qua luật mới. " * 2000).encode()  # ~80 KB, several packets


def payload(
    body: bytes = BODY, filename: str = "urn-test-vn-1-v1.xml", version: int = 1
) -> Payload:
    return Payload(
        body=body,
        media_type="application/xml",
        filename=filename,
        idempotency_key=f"k-{version}",
        item_guid="urn:test.vn:1",
        version=version,
        sequence=version,
    )


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def sftp_config(server: FileServer, **overrides: Any) -> dict[str, Any]:
    config: dict[str, Any] = {
        "host": server.host,
        "port": server.port,
        "username": server.username,
        "password": server.password,
        "host_key_fingerprint": server.host_key_fingerprint,
        "folder": "/in/ttx",
        "timeout": 5,
    }
    config.update(overrides)
    return {k: v for k, v in config.items() if v is not None}


def ftp_config(server: FileServer, **overrides: Any) -> dict[str, Any]:
    config: dict[str, Any] = {
        "host": server.host,
        "port": server.port,
        "username": server.username,
        "password": server.password,
        "folder": "in/ttx",
        "timeout": 5,
    }
    config.update(overrides)
    return {k: v for k, v in config.items() if v is not None}


# --- SFTP ---------------------------------------------------------------------------------------


def test_sftp_file_arrives_complete_through_a_temporary_name(sftp_server: FileServer) -> None:
    result = get_transport("sftp").send(sftp_config(sftp_server), payload())

    assert (sftp_server.root / "in/ttx/urn-test-vn-1-v1.xml").read_bytes() == BODY
    assert sftp_server.log == [
        "write /in/ttx/.urn-test-vn-1-v1.xml.part",
        "rename /in/ttx/.urn-test-vn-1-v1.xml.part /in/ttx/urn-test-vn-1-v1.xml",
    ]
    assert [p.name for p in (sftp_server.root / "in/ttx").iterdir()] == ["urn-test-vn-1-v1.xml"]
    assert result.status == "sent"
    assert sftp_server.host_key_fingerprint in result.response


def test_sftp_replaces_an_earlier_file_of_the_same_name(sftp_server: FileServer) -> None:
    transport = get_transport("sftp")
    transport.send(sftp_config(sftp_server), payload(b"old"))
    transport.send(sftp_config(sftp_server), payload("bản mới".encode()))

    assert (sftp_server.root / "in/ttx/urn-test-vn-1-v1.xml").read_text() == "bản mới"


def test_sftp_logs_in_with_a_private_key(sftp_server: FileServer) -> None:
    config = sftp_config(sftp_server, password=None, private_key=sftp_server.client_private_key)
    get_transport("sftp").send(config, payload(filename="../../etc/passwd"))

    assert (sftp_server.root / "in/ttx/passwd").read_bytes() == BODY


def test_sftp_wrong_password_is_not_retryable(sftp_server: FileServer) -> None:
    with pytest.raises(TransportError) as caught:
        get_transport("sftp").send(sftp_config(sftp_server, password="sai"), payload())

    assert caught.value.retryable is False
    assert not (sftp_server.root / "in").exists()


def test_sftp_refuses_a_host_key_it_does_not_know(sftp_server: FileServer) -> None:
    other = "SHA256:" + "A" * 43
    with pytest.raises(TransportError) as caught:
        get_transport("sftp").send(sftp_config(sftp_server, host_key_fingerprint=other), payload())

    assert caught.value.retryable is False
    assert "not trusted" in str(caught.value)
    assert sftp_server.host_key_fingerprint in str(caught.value)
    assert not (sftp_server.root / "in").exists()


def test_sftp_accept_new_trusts_the_first_key(sftp_server: FileServer) -> None:
    config = sftp_config(sftp_server, host_key_fingerprint=None, accept_new=True)
    result = get_transport("sftp").send(config, payload())

    assert sftp_server.host_key_fingerprint in result.response


def test_sftp_server_down_is_retryable() -> None:
    config = {
        "host": "127.0.0.1",
        "port": closed_port(),
        "username": "x",
        "password": "y",
        "accept_new": True,
        "timeout": 2,
    }
    with pytest.raises(TransportError) as caught:
        get_transport("sftp").send(config, payload())

    assert caught.value.retryable is True


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"host": ""}, "config.host"),
        ({"host": "sftp://x/y"}, "config.host"),
        ({"port": 70000}, "config.port"),
        ({"username": ""}, "config.username"),
        ({"password": ""}, "config.password"),
        ({"private_key": "not a key"}, "config.private_key"),
        ({"host_key_fingerprint": ""}, "config.host_key_fingerprint"),
        ({"host_key_fingerprint": "ab:cd"}, "config.host_key_fingerprint"),
        ({"folder": "../up"}, "config.folder"),
        ({"timeout": 0}, "config.timeout"),
    ],
)
def test_sftp_check_config_names_the_field(change: dict[str, Any], field: str) -> None:
    config = {
        "host": "sftp.partner.vn",
        "username": "u",
        "password": "p",
        "host_key_fingerprint": "SHA256:abc",
    }
    config.update(change)
    with pytest.raises(InvalidInput) as caught:
        get_transport("sftp").check_config(config)

    assert caught.value.field == field


# --- FTP ----------------------------------------------------------------------------------------


def test_ftp_file_arrives_complete_through_a_temporary_name(ftp_server: FileServer) -> None:
    result = get_transport("ftp").send(ftp_config(ftp_server), payload())

    assert (ftp_server.root / "in/ttx/urn-test-vn-1-v1.xml").read_bytes() == BODY
    assert ftp_server.log == [
        "write /in/ttx/.urn-test-vn-1-v1.xml.part",
        "rename /in/ttx/.urn-test-vn-1-v1.xml.part /in/ttx/urn-test-vn-1-v1.xml",
    ]
    assert [p.name for p in (ftp_server.root / "in/ttx").iterdir()] == ["urn-test-vn-1-v1.xml"]
    assert result.status.startswith("226")


def test_ftp_active_mode_and_replacing_a_file(ftp_server: FileServer) -> None:
    transport = get_transport("ftp")
    transport.send(ftp_config(ftp_server, passive=False, folder="/"), payload(b"old"))
    transport.send(ftp_config(ftp_server, folder="/"), payload("bản mới".encode()))

    assert (ftp_server.root / "urn-test-vn-1-v1.xml").read_text() == "bản mới"


def test_ftp_wrong_password_is_not_retryable(ftp_server: FileServer) -> None:
    with pytest.raises(TransportError) as caught:
        get_transport("ftp").send(ftp_config(ftp_server, password="sai"), payload())

    assert caught.value.retryable is False
    assert list(ftp_server.root.iterdir()) == []


def test_ftp_server_down_is_retryable() -> None:
    config = {"host": "127.0.0.1", "port": closed_port(), "username": "u", "password": "p"}
    with pytest.raises(TransportError) as caught:
        get_transport("ftp").send({**config, "timeout": 2}, payload())

    assert caught.value.retryable is True


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"host": None}, "config.host"),
        ({"port": "21"}, "config.port"),
        ({"password": ""}, "config.password"),
        ({"tls": "yes"}, "config.tls"),
        ({"passive": 1}, "config.passive"),
        ({"folder": "a/../../b"}, "config.folder"),
    ],
)
def test_ftp_check_config_names_the_field(change: dict[str, Any], field: str) -> None:
    config: dict[str, Any] = {"host": "ftp.partner.vn", "username": "u", "password": "p"}
    config.update(change)
    with pytest.raises(InvalidInput) as caught:
        get_transport("ftp").check_config(config)

    assert caught.value.field == field
