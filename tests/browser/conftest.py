"""Playwright (Python) driving Debian's Chromium against pytest-django's live server.

Every test here is marked `browser`. Without /usr/bin/chromium they are skipped, unless
TOASOAN_REQUIRE_BROWSER=1 (CI sets it), in which case they fail. Screenshots go to
tests/browser/screenshots/ (ignored by git)."""

from __future__ import annotations

import contextlib
import os
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between page actions are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("TOASOAN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(__file__).parent / "screenshots"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("TOASOAN_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class _InFlight:
    """Counts the live server's open connections, so that a test ends only once the server has
    answered what its pages sent last (an editor's unlock beacon on closing, say): a request
    still running when the test database is flushed deadlocks the flush on PostgreSQL."""

    def __init__(self, httpd: Any) -> None:
        self.open = 0
        self._lock = threading.Lock()
        original = httpd.process_request_thread

        def counted(request: Any, client_address: Any) -> None:
            with self._lock:
                self.open += 1
            try:
                original(request, client_address)
            finally:
                with self._lock:
                    self.open -= 1

        httpd.process_request_thread = counted

    def wait_idle(self, timeout: float = 10.0, settle: float = 0.3) -> None:
        deadline = time.monotonic() + timeout
        quiet_since = None
        while time.monotonic() < deadline:
            if self.open == 0:
                quiet_since = quiet_since or time.monotonic()
                if time.monotonic() - quiet_since >= settle:
                    return
            else:
                quiet_since = None
            time.sleep(0.05)


@pytest.fixture(scope="session")
def _in_flight(live_server: Any) -> _InFlight:
    return _InFlight(live_server.thread.httpd)


@pytest.fixture
def new_context(browser: Any, live_server: Any, _in_flight: _InFlight) -> Iterator[Any]:
    """new_context(locale="vi") -> a fresh browser context (own cookies) on the live server."""
    contexts: list[Any] = []

    def make(**options: Any) -> Any:
        options.setdefault("base_url", live_server.url)
        options.setdefault("viewport", {"width": 1366, "height": 900})
        options.setdefault("timezone_id", "Asia/Ho_Chi_Minh")
        ctx = browser.new_context(**options)
        ctx.set_default_timeout(10_000)
        contexts.append(ctx)
        return ctx

    yield make
    for ctx in contexts:
        for open_page in ctx.pages:
            # pagehide now, while the test database is still there; a page that will not
            # leave is closed below anyway
            with contextlib.suppress(Exception):
                open_page.goto("about:blank", timeout=5_000)
        ctx.close()
    _in_flight.wait_idle()


@pytest.fixture
def page(new_context: Any) -> Any:
    return new_context().new_page()


def _login(page: Any, username: str, password: str) -> None:
    """Sign in through the login form and wait for the page after it."""
    page.goto("/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    page.wait_for_url(re.compile(r"^(?!.*/login/).*$"))


def _screenshot(page: Any, name: str) -> Path:
    """Save a full-page screenshot as tests/browser/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def login() -> Any:
    """login(page, username, password): sign in through the form."""
    return _login


@pytest.fixture
def screenshot() -> Any:
    """screenshot(page, name): save tests/browser/screenshots/<name>.png."""
    return _screenshot
