"""Writing and restoring one backup archive (a .tar): ``manifest.json``, the database
(``database.dump``: ``pg_dump --format=custom``; ``database.sqlite3``: the SQLite online backup
API) and every stored file under ``media/``.

Consistency: on PostgreSQL the counts and hashes are read in one REPEATABLE READ transaction whose
snapshot ``pg_dump --snapshot`` dumps, so the manifest describes exactly the dump; on SQLite they
are read from the backup copy itself. Stored files are written once and never changed in place.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from contextlib import closing
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from . import manifest as m

MANIFEST = "manifest.json"
MEDIA = "media"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.dump"
CLIENT_DIRS = ["/usr/local/bin", *sorted(map(str, Path("/usr/lib/postgresql").glob("*/bin")))]

NOT_EMPTY = (
    "目标数据库不是空库（已有 %(tables)d 张表）。恢复只能写入新建的空数据库（不要先执行 migrate）；"
    "请新建数据库并指向它后重试。"
)
UNSUPPORTED = "不支持的数据库类型：%(vendor)s（只支持 PostgreSQL 与 SQLite）。"
WRONG_VENDOR = "备份来自 %(archive)s 数据库，当前数据库为 %(current)s，不能直接恢复。"
BAD_MEMBER = "备份包中有不安全的路径：%(name)s"
NO_CLIENT = "找不到 %(tool)s（PostgreSQL 客户端），请安装或将其加入 PATH。"
FILES_NOT_LOCAL = (
    "文件存放在对象存储（BIANZHI_STORAGE=%(storage)s）中，本命令只备份本机 MEDIA_ROOT 下的文件；"
    "请用对象存储自身的版本管理或复制备份存储桶，数据库用 pg_dump 备份。"
)
VERIFY_FAILED = "恢复后核对清单不一致（%(count)d 处）：\n%(lines)s"


class BackupError(Exception):
    pass


def _client(tool: str) -> str:
    found = shutil.which(tool) or shutil.which(tool, path=os.pathsep.join(CLIENT_DIRS))
    if found is None:
        raise BackupError(NO_CLIENT % {"tool": tool})
    return found


def _pg_env() -> tuple[list[str], dict]:
    """Connection arguments for the PostgreSQL client tools, from the default database."""
    db = connection.settings_dict
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _files_on_disk() -> None:
    # The archive holds the files it can hash on this disk; a bucket has its own backups.
    if getattr(settings, "FILE_STORAGE", "local") != "local":
        raise BackupError(FILES_NOT_LOCAL % {"storage": settings.FILE_STORAGE})


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _dump_postgresql(target: Path) -> tuple[dict, dict]:
    args, env = _pg_env()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = m.row_counts(cursor)
        recorded = m.recorded_hashes(cursor)
        subprocess.run(
            [
                _client("pg_dump"),
                "--format=custom",
                "--no-owner",
                f"--snapshot={snapshot}",
                *args,
                "--file",
                str(target),
            ],
            env=env,
            check=True,
        )
    return counts, recorded


def _dump_sqlite(target: Path) -> tuple[dict, dict]:
    connection.ensure_connection()
    with closing(sqlite3.connect(target)) as copy:
        connection.connection.backup(copy)
        with closing(copy.cursor()) as cursor:
            return m.row_counts(cursor), m.recorded_hashes(cursor)


def backup(output_dir: Path) -> Path:
    """Write one archive into ``output_dir`` and return its path."""
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise BackupError(UNSUPPORTED % {"vendor": vendor})
    _files_on_disk()
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    path = output_dir / f"bianzhi-backup-{stamp}.tar"
    with tempfile.TemporaryDirectory() as work:
        name = PG_FILE if vendor == "postgresql" else SQLITE_FILE
        database = Path(work) / name
        dump = _dump_postgresql if vendor == "postgresql" else _dump_sqlite
        counts, recorded = dump(database)
        root = media_root()
        files = m.file_hashes(root)
        content = m.build(
            vendor=vendor, counts=counts, recorded=recorded, files=files, database_file=name
        )
        (Path(work) / MANIFEST).write_bytes(m.dumps(content))
        partial = path.with_suffix(".tar.partial")
        with tarfile.open(partial, "w") as archive:
            archive.add(Path(work) / MANIFEST, MANIFEST)
            archive.add(database, name)
            for relative in files:
                archive.add(root / relative, f"{MEDIA}/{relative}")
        partial.replace(path)
    return path


def _safe_members(archive: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = archive.getmembers()
    for member in members:
        parts = PurePosixPath(member.name).parts
        if member.name.startswith("/") or ".." in parts or not (member.isfile() or member.isdir()):
            raise BackupError(BAD_MEMBER % {"name": member.name})
    return members


def existing_tables() -> list[str]:
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)


def _restore_database(vendor: str, database: Path) -> None:
    if vendor == "postgresql":
        args, env = _pg_env()
        connection.close()
        subprocess.run(
            [_client("pg_restore"), "--no-owner", "--exit-on-error", *args, str(database)],
            env=env,
            check=True,
        )
    else:
        connection.ensure_connection()
        with closing(sqlite3.connect(database)) as source:
            source.backup(connection.connection)
    connection.close()


def _current_state() -> tuple[dict, dict, dict]:
    with connection.cursor() as cursor:
        counts = m.row_counts(cursor)
        recorded = m.recorded_hashes(cursor)
    return counts, recorded, m.file_hashes(media_root())


def restore(path: Path) -> dict:
    """Restore ``path`` into the (empty) default database and the file storage, then verify it
    against its manifest; return the manifest. Raises ``BackupError`` on any refusal or mismatch."""
    _files_on_disk()
    tables = existing_tables()
    if tables:
        raise BackupError(NOT_EMPTY % {"tables": len(tables)})
    with tarfile.open(path, "r") as archive, tempfile.TemporaryDirectory() as work:
        members = _safe_members(archive)
        archive.extractall(work, members=members, filter="data")
        content = json.loads((Path(work) / MANIFEST).read_text())
        if content["database_vendor"] != connection.vendor:
            raise BackupError(
                WRONG_VENDOR % {"archive": content["database_vendor"], "current": connection.vendor}
            )
        _restore_database(connection.vendor, Path(work) / content["database_file"])
        stored = Path(work) / MEDIA
        if stored.is_dir():
            shutil.copytree(stored, media_root(), dirs_exist_ok=True)
    counts, recorded, files = _current_state()
    problems = m.differences(content, counts=counts, recorded=recorded, files=files)
    if problems:
        raise BackupError(
            VERIFY_FAILED % {"count": len(problems), "lines": "\n".join(problems[:50])}
        )
    return content
