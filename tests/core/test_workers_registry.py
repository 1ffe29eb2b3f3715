"""Apps plug their background work into the one process runner: sweep jobs and threads."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from toasoan.core import workers


def test_the_apps_register_ingest_polling_and_the_distribution_dispatcher() -> None:
    assert "ingest.poll_due" in workers._sweep_jobs
    assert "distribution.dispatcher" in workers._background


@pytest.mark.django_db(transaction=True)
def test_a_failing_sweep_job_does_not_stop_the_others(monkeypatch: Any, caplog: Any) -> None:
    ran: list[str] = []

    def broken() -> None:
        raise RuntimeError("feed server on fire")

    monkeypatch.setattr(
        workers,
        "_sweep_jobs",
        {"broken": broken, "after": lambda: ran.append("after")},
    )
    workers.sweep_once()
    assert ran == ["after"]
    assert "sweep job broken failed" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_start_threads_starts_the_registered_background_threads(monkeypatch: Any) -> None:
    started: list[threading.Thread] = []

    def start(stop: threading.Event) -> threading.Thread:
        thread = threading.Thread(target=stop.wait, daemon=True, name="extra")
        thread.start()
        started.append(thread)
        return thread

    monkeypatch.setattr(workers, "_background", {"extra": start})
    monkeypatch.setattr(workers, "_sweep_jobs", {})
    stop = threading.Event()
    threads = workers.start_threads(0, stop)
    try:
        assert started and started[0] in threads
        assert {t.name for t in threads} == {"sweeper", "extra"}
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=5)
