"""Backup and restore drill on the demo county: load_demo → backup → restore into a fresh
database → the same row counts (history included) and the same certificate hashes; a restore
refuses a database that is not empty and fails loudly when the archive does not match its
manifest. The drill runs ``manage.py`` in subprocesses, each on its own database and file
storage, as an office would run it."""

import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from contextlib import closing
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from bianzhi.backup import archive
from bianzhi.backup import manifest as m

ON_POSTGRESQL = connection.vendor == "postgresql"


def manage(*args, database_url: str, root: Path, check: bool = True):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "BIANZHI_VAR_DIR": str(root / "var"),
        "MEDIA_ROOT": str(root / "media"),
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=check,
    )


def sqlite_state(path: Path) -> tuple[dict, dict]:
    with closing(sqlite3.connect(path)) as db, closing(db.cursor()) as cursor:
        return m.row_counts(cursor), m.recorded_hashes(cursor)


def manifest_of(path: Path) -> dict:
    with tarfile.open(path) as tar:
        return json.loads(tar.extractfile(archive.MANIFEST).read())


def with_manifest(path: Path, target: Path, change) -> Path:
    """A copy of the archive ``path`` whose manifest ``change`` has altered."""
    with tarfile.open(path) as source, tarfile.open(target, "w") as copy:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == archive.MANIFEST:
                content = json.loads(data)
                change(content)
                data = m.dumps(content)
                member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    return target


@pytest.fixture(scope="module")
def demo_backup(tmp_path_factory):
    """The demo county loaded into its own SQLite database and backed up once."""
    if ON_POSTGRESQL:
        pytest.skip("the SQLite drill; the PostgreSQL drill runs below")
    root = tmp_path_factory.mktemp("source")
    url = f"sqlite:///{root / 'db.sqlite3'}"
    manage("migrate", "--no-input", database_url=url, root=root)
    manage("load_demo", database_url=url, root=root)
    manage("backup", "--output", str(root / "backups"), database_url=url, root=root)
    (path,) = (root / "backups").glob("bianzhi-backup-*.tar")
    return root, path


def test_the_drill_restores_the_demo_county_with_the_same_counts_history_and_hashes(
    demo_backup, tmp_path
):
    source, path = demo_backup
    content = manifest_of(path)
    assert content["database_vendor"] == "sqlite" and content["created_at"]
    counts, recorded = sqlite_state(source / "db.sqlite3")
    assert content["row_counts"] == counts
    assert content["recorded_file_hashes"] == recorded
    certificates = recorded["certificates.certificate"]
    assert len(certificates) >= 3 and all(row["sha256"] for row in certificates.values())
    assert counts["people.historicalperson"] > 0
    assert content["files"] == m.file_hashes(source / "media")

    done = manage(
        "restore", str(path), database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}", root=tmp_path
    )
    assert "已恢复并核对" in done.stdout
    assert sqlite_state(tmp_path / "db.sqlite3") == (counts, recorded)
    assert m.file_hashes(tmp_path / "media") == content["files"]
    for row in certificates.values():
        assert m.sha256_of(tmp_path / "media" / row["file"]) == row["sha256"]


def test_a_restore_refuses_a_database_that_is_not_empty(db):
    tables = len(connection.introspection.table_names())
    with pytest.raises(CommandError) as refused:
        call_command("restore", __file__)
    assert str(refused.value) == archive.NOT_EMPTY % {"tables": tables}


def test_a_restore_fails_loudly_when_the_archive_does_not_match_its_manifest(demo_backup, tmp_path):
    _, path = demo_backup

    def one_person_more(content):
        content["row_counts"]["people.person"] += 1

    tampered = with_manifest(path, tmp_path / "tampered.tar", one_person_more)
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    failed = manage("restore", str(tampered), database_url=url, root=tmp_path, check=False)
    assert failed.returncode == 1
    assert "恢复后核对清单不一致（1 处）" in failed.stderr
    assert "people.person 行数" in failed.stderr


@pytest.mark.skipif(
    not ON_POSTGRESQL, reason="pg_dump/pg_restore drill needs DATABASE_URL on PostgreSQL"
)
def test_the_postgresql_drill_restores_via_pg_restore_into_a_fresh_database(tmp_path):
    import psycopg2

    base = connection.settings_dict
    names = [f"bianzhi_drill_{uuid.uuid4().hex[:8]}_{side}" for side in ("source", "target")]
    admin = psycopg2.connect(
        dbname="postgres",
        host=base["HOST"],
        port=base["PORT"] or 5432,
        user=base["USER"],
        password=base["PASSWORD"],
    )
    admin.autocommit = True
    auth = base["USER"] + (f":{base['PASSWORD']}" if base["PASSWORD"] else "")
    url = f"postgres://{auth}@{base['HOST']}:{base['PORT'] or 5432}/%s"
    try:
        with admin.cursor() as cursor:
            for name in names:
                cursor.execute(f'CREATE DATABASE "{name}"')
        source, target = tmp_path / "source", tmp_path / "target"
        manage("migrate", "--no-input", database_url=url % names[0], root=source)
        manage("load_demo", database_url=url % names[0], root=source)
        manage(
            "backup", "--output", str(source / "backups"), database_url=url % names[0], root=source
        )
        (path,) = (source / "backups").glob("*.tar")
        content = manifest_of(path)
        assert content["database_vendor"] == "postgresql"
        assert len(content["recorded_file_hashes"]["certificates.certificate"]) >= 3
        done = manage("restore", str(path), database_url=url % names[1], root=target)
        assert "已恢复并核对" in done.stdout
        assert m.file_hashes(target / "media") == content["files"]
    finally:
        with admin.cursor() as cursor:
            for name in names:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
