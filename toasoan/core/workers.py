"""Background work inside one process: task-queue worker threads and a safety sweeper."""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable

from django.db import close_old_connections, connection
from django_tasks_db.management.commands.db_worker import Worker

logger = logging.getLogger(__name__)
SWEEP_SECONDS = 30.0

# What apps add to every background process (registered from their AppConfig.ready):
# jobs the sweeper runs each round, and long-running threads started beside the workers.
_sweep_jobs: dict[str, Callable[[], object]] = {}
_background: dict[str, Callable[[threading.Event], threading.Thread]] = {}


def sweep_job(name: str, job: Callable[[], object]) -> None:
    """Run job at every sweep (every SWEEP_SECONDS and at start), isolated from the others."""
    _sweep_jobs[name] = job


def background_thread(name: str, start: Callable[[threading.Event], threading.Thread]) -> None:
    """start(stop) is called by start_threads and returns the thread it started."""
    _background[name] = start


def sweep_once() -> None:
    """Publish overdue scheduled items, re-deliver events a crash left unhandled, then the
    apps' own sweep jobs; one failing job does not keep the others from running."""
    from toasoan.core import events
    from toasoan.newsroom.actions import publish_due

    jobs: dict[str, Callable[[], object]] = {
        "publish_due": publish_due,
        "replay_events": events.replay_pending,
        **_sweep_jobs,
    }
    for name, job in jobs.items():
        close_old_connections()
        try:
            job()
        except Exception:
            logger.exception("sweep job %s failed", name)
    close_old_connections()


def _sweeper(stop: threading.Event) -> None:
    sweep_once()  # at start too, off the serving path: catches what happened while down
    while not stop.wait(SWEEP_SECONDS):
        sweep_once()
    connection.close()


def start_threads(
    count: int, stop: threading.Event, interval: float = 0.5
) -> list[threading.Thread]:
    """Start `count` queue workers and one sweeper as daemon threads; returns them."""
    threads = []
    for n in range(count):
        worker = Worker(
            queue_names=["default"],
            interval=interval,
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=f"{uuid.uuid4().hex[:12]}-{n}",
            excluded_queue_names=[],
        )
        t = threading.Thread(
            target=_run_worker, args=(worker, stop), daemon=True, name=f"tasks-{n}"
        )
        t.start()
        threads.append(t)
    sweeper = threading.Thread(target=_sweeper, args=(stop,), daemon=True, name="sweeper")
    sweeper.start()
    threads.append(sweeper)
    threads.extend(start(stop) for start in _background.values())
    return threads


def _run_worker(worker: Worker, stop: threading.Event) -> None:
    def watch() -> None:
        stop.wait()
        worker.running = False

    threading.Thread(target=watch, daemon=True).start()
    while not stop.is_set():
        try:
            worker.run()
        except Exception:
            logger.exception("task worker crashed; restarting")
            stop.wait(1.0)
    connection.close()
