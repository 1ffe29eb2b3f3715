"""The `toasoan` command: createadmin, serve, audit verify, as a user runs them."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from toasoan.accounts.models import Membership, User


def test_createadmin_makes_an_agency_admin(db: object) -> None:
    call_command("createadmin", "--username", "quantri", "--password", "Mật-khẩu-dài-2026")
    user = User.objects.get(username="quantri")
    assert user.is_superuser and user.check_password("Mật-khẩu-dài-2026")
    membership = Membership.objects.get(user=user)
    assert membership.outlet is None and membership.role.slug == "agency_admin"


def test_createadmin_rejects_a_weak_password_in_one_line(db: object) -> None:
    with pytest.raises(CommandError) as err:
        call_command("createadmin", "--username", "quantri", "--password", "123")
    assert str(err.value).startswith("password:")
    assert "\n" not in str(err.value)
    assert not User.objects.filter(username="quantri").exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(args: list[str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TOASOAN_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "toasoan.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_serve_answers_and_audit_verify_runs(tmp_path: Path) -> None:
    assert _run(["migrate", "--noinput"], tmp_path).returncode == 0
    created = _run(
        ["createadmin", "--username", "root2", "--password", "Mật-khẩu-dài-2026"], tmp_path
    )
    assert created.returncode == 0, created.stderr
    verify = _run(["audit", "verify"], tmp_path)
    assert verify.returncode == 0 and "audit log OK: 1 entries" in verify.stdout
    port = _free_port()
    env = {**os.environ, "TOASOAN_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "toasoan.cli", "serve", "--addr", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline, status = time.monotonic() + 30, 0
        while time.monotonic() < deadline and status != 200:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as r:
                    status = r.status
            except OSError:
                time.sleep(0.2)
        assert status == 200
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/openapi.json") as r:
            assert b"/api/v1/items/{item_id}/actions/{action}" in r.read()
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_serve_rejects_a_bad_address() -> None:
    from toasoan.core.management.commands.serve import parse_addr

    assert parse_addr("0.0.0.0:8080") == ("0.0.0.0", 8080)  # noqa: S104
    assert parse_addr("[::1]:8000") == ("::1", 8000)
    with pytest.raises(CommandError):
        parse_addr("localhost")


def test_an_empty_data_dir_setting_means_the_default_folder(tmp_path: Path) -> None:
    """TOASOAN_DATA_DIR="" must not make the current folder (a checkout) the data folder."""
    env = {**os.environ, "TOASOAN_DATA_DIR": ""}
    shown = subprocess.run(
        [sys.executable, "-c", "import toasoan.settings as s; print(s.DATA_DIR)"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert Path(shown.stdout.strip()) == (tmp_path / "var").resolve()
    assert not (tmp_path / "secret_key").exists()
