"""Background tasks of distribution (for deployments that run only queue workers)."""

from __future__ import annotations

from django_tasks import task

from toasoan.distribution.dispatcher import run_once


@task()
def dispatch_due() -> None:
    """Deliver what is due now (the dispatcher thread normally does this continuously)."""
    run_once(timeout=50.0)
