"""Real concurrency (architecture.md, "Tests"): threads race, each on its own database connection.
PostgreSQL only: SQLite serialises writers for the whole database and would prove nothing."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

# The marks of a module of racing tests; each test makes many people, so the ID serials restart.
RACING = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="需要 PostgreSQL 才能测试真实并发"
    ),
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("fresh_id_serials"),
]


def race(calls) -> list:
    """Run ``calls`` at once, one thread and one connection each; return each result or error."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except Exception as error:
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a racing thread hung"
    return results


def outcomes(results) -> tuple[list, list]:
    """The winners and the losers of a race; every loser was refused with a ValidationError."""
    wins = [r for r in results if not isinstance(r, Exception)]
    losses = [r for r in results if isinstance(r, Exception)]
    assert all(isinstance(r, ValidationError) for r in losses), losses
    return wins, losses
