"""SQLite, the embedded default: two users saving at the same moment both succeed. A deferred
transaction that has read cannot wait for another writer (SQLite answers "database is locked" at
once), so settings.py opens every transaction IMMEDIATE, in WAL mode."""

import threading

import pytest
from django.db import connections, transaction

pytestmark = pytest.mark.skipif(
    connections["default"].vendor != "sqlite", reason="SQLite 的默认设置 / the SQLite defaults"
)

ALIAS = "sqlite_file"


@pytest.fixture
def file_database(tmp_path, django_db_blocker):
    """The configured SQLite settings on a file (the test database lives in memory)."""
    connections.settings[ALIAS] = {
        **connections.settings["default"],
        "NAME": str(tmp_path / "race.sqlite3"),
        "TEST": {},
    }
    with django_db_blocker.unblock():
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("CREATE TABLE saves (who TEXT)")
        connections[ALIAS].close()
        yield connections.settings[ALIAS]
        connections[ALIAS].close()
    del connections[ALIAS]
    del connections.settings[ALIAS]


def save(who: str, *, read: threading.Event, wait_for: threading.Event | None, errors: list):
    """Read, then write, in one transaction, as a service does (check, then save)."""
    try:
        if wait_for is not None:
            wait_for.wait(timeout=10)
        with transaction.atomic(using=ALIAS), connections[ALIAS].cursor() as cursor:
            cursor.execute("SELECT count(*) FROM saves")
            read.set()
            if wait_for is None:
                # The other user starts and saves while this one is still between read and write.
                threading.Event().wait(0.5)
            cursor.execute("INSERT INTO saves (who) VALUES (%s)", [who])
    except Exception as error:
        errors.append(f"{who}: {error}")
    finally:
        connections[ALIAS].close()


def test_the_file_database_runs_in_wal_mode(file_database):
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"


def test_two_overlapping_writes_both_succeed(file_database):
    errors: list[str] = []
    first_read, second_read = threading.Event(), threading.Event()
    first = threading.Thread(
        target=save, args=("甲",), kwargs={"read": first_read, "wait_for": None, "errors": errors}
    )
    second = threading.Thread(
        target=save,
        args=("乙",),
        kwargs={"read": second_read, "wait_for": first_read, "errors": errors},
    )
    first.start()
    second.start()
    first.join(timeout=30)
    second.join(timeout=30)

    assert errors == []
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT who FROM saves ORDER BY who")
        assert [row[0] for row in cursor.fetchall()] == ["乙", "甲"]
