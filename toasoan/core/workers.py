"""Background work inside one process: task-queue worker threads and a safety sweeper."""

from __future__ import annotations

import logging
import threading
import uuid

from django.db import close_old_connections, connection
from django_tasks_db.management.commands.db_worker import Worker

logger = logging.getLogger(__name__)
SWEEP_SECONDS = 30.0


def sweep_once() -> None:
    """Publish overdue scheduled items and re-deliver events a crash left unhandled."""
    from toasoan.core import events
    from toasoan.newsroom.actions import publish_due

    close_old_connections()
    try:
        publish_due()
        events.replay_pending()
        from toasoan.ingest.polling import poll_due

        poll_due()  # ingest: one poll task per feed whose interval has passed
    except Exception:
        logger.exception("sweep failed")
    finally:
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
    from toasoan.distribution.dispatcher import start_thread as start_dispatcher

    threads.append(start_dispatcher(stop))  # distribution: delivers the outbox as it commits
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
