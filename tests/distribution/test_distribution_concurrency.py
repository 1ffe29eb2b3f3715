"""Two dispatchers at once (as two worker processes would run them): each entry is sent once,
in order. Each dispatcher runs in its own thread with its own database connection, so the only
thing keeping them apart is the claim in the database (SKIP LOCKED on PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from tests.conftest import Org
from tests.distribution.helpers import published, start_receiver, subscriber
from toasoan.distribution.dispatcher import Dispatcher
from toasoan.distribution.models import OutboxEntry

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_dispatchers_never_send_an_entry_twice_or_out_of_order(org: Org) -> None:
    receiver = start_receiver()
    try:
        for n in range(3):
            subscriber(f"S{n}", url=f"{receiver.url}/s{n}")
        for _ in range(8):
            published(org)
        errors: list[BaseException] = []

        def run() -> None:
            dispatcher = Dispatcher(threads=4, batch=3)
            try:
                dispatcher.run_until_idle(timeout=60)
            except BaseException as exc:  # reported below, in the test's thread
                errors.append(exc)
            finally:
                dispatcher.close()
                connection.close()

        threads = [threading.Thread(target=run) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=90)
        assert not errors
        for n in range(3):
            got = [r.headers["X-Toasoan-Sequence"] for r in receiver.delivered(f"/s{n}")]
            assert got == [str(s) for s in range(1, 9)]
        assert set(OutboxEntry.objects.values_list("state", flat=True)) == {"delivered"}
    finally:
        receiver.server.shutdown()
        receiver.server.server_close()
