"""Parallel writers for race tests: threads, each with its own database connection, meet at a
barrier and write at the same moment.

Races need PostgreSQL: SQLite's in-memory test database answers a second writer "database table
is locked" at once instead of making it wait (shared cache), so `racing` skips there; the same
tests run on PostgreSQL in CI (`DATABASE_URL`). Tests that race use
`pytest.mark.django_db(transaction=True)`, so each thread sees what the others committed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections

racing = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the in-memory SQLite test database answers a second writer 'database table is "
    "locked' at once instead of waiting (shared cache), so threads cannot race there; "
    "the same tests run on PostgreSQL in CI",
)

BARRIER_SECONDS = 60


def race(
    k: int, act: Callable[[int, threading.Barrier], object], *, timeout: float = 180
) -> tuple[dict[int, object], list[str]]:
    """k threads call `act(i, barrier)`: each reads what it needs, waits at the barrier
    (`barrier.wait(timeout=BARRIER_SECONDS)`), then writes once. Returns what each returned
    (by i) and the errors raised (a test asserts there are none)."""
    barrier = threading.Barrier(k)
    results: dict[int, object] = {}
    errors: list[str] = []
    lock = threading.Lock()

    def run(i: int) -> None:
        try:
            outcome = act(i, barrier)
            with lock:
                results[i] = outcome
        except Exception as exc:  # noqa: BLE001 - reported by the test, not swallowed
            with lock:
                errors.append(f"{i}: {type(exc).__name__}: {exc}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(k)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return results, errors


def at_once(k: int, act: Callable[[int], object]) -> tuple[dict[int, object], list[str]]:
    """k threads call `act(i)` at the same moment (nothing to read first)."""

    def run(i: int, barrier: threading.Barrier):
        barrier.wait(timeout=BARRIER_SECONDS)
        return act(i)

    return race(k, run)
