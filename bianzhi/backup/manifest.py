"""The manifest of a backup: what the archive must hold, so that a restore can prove it.

Row counts cover every model (``django.apps.apps.get_models``, history tables included) and are
read with one plain ``SELECT COUNT(*)`` per table, so the same function counts the live database
(inside the dump's snapshot), an SQLite copy, and the restored database. Stored-file hashes are
found generically: a ``FileField`` named ``x`` with a sibling ``x_sha256`` field (the certificate
PDFs) is a file whose hash the database records; the restore checks the file against it. Where
the file is stored encrypted, a sibling ``x_file_sha256`` holds the hash of the bytes at rest and
is the one checked.
"""

import datetime
import hashlib
import json
from importlib import metadata
from pathlib import Path

import django
from django.apps import apps
from django.db import models

FORMAT = 1
HASH_SUFFIX = "_sha256"
AT_REST_HASH_SUFFIX = "_file_sha256"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        for chunk in iter(lambda: source.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def concrete_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def row_counts(cursor) -> dict[str, int]:
    """Rows per model (``app_label.model``), read through ``cursor`` (any DB-API cursor)."""
    counts = {}
    for model in concrete_models():
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(model._meta.db_table)}")
        counts[model._meta.label_lower] = cursor.fetchone()[0]
    return dict(sorted(counts.items()))


def hashed_file_fields() -> list[tuple[type[models.Model], str, str]]:
    """(model, file column, hash column) of every FileField whose hash the model records."""
    found = []
    for model in concrete_models():
        if model._meta.label_lower.split(".")[1].startswith("historical"):
            continue
        names = {field.name: field for field in model._meta.concrete_fields}
        for field in names.values():
            sibling = names.get(field.name + AT_REST_HASH_SUFFIX) or names.get(
                field.name + HASH_SUFFIX
            )
            if isinstance(field, models.FileField) and sibling is not None:
                found.append((model, field.column, sibling.column))
    return found


def recorded_hashes(cursor) -> dict[str, dict[str, dict[str, str]]]:
    """{model: {pk: {"file": name, "sha256": hash}}} as the database records them."""
    recorded = {}
    for model, file_column, hash_column in hashed_file_fields():
        pk = model._meta.pk.column
        cursor.execute(
            f"SELECT {_quote(pk)}, {_quote(file_column)}, {_quote(hash_column)} "
            f"FROM {_quote(model._meta.db_table)} ORDER BY {_quote(pk)}"
        )
        recorded[model._meta.label_lower] = {
            str(key): {"file": name or "", "sha256": digest or ""}
            for key, name, digest in cursor.fetchall()
        }
    return recorded


def file_hashes(root: Path) -> dict[str, str]:
    """sha256 of every file under ``root``, by its path relative to it (POSIX)."""
    if not root.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): sha256_of(path)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def app_version() -> str:
    try:
        return metadata.version("bianzhi")
    except metadata.PackageNotFoundError:
        return "unknown"


def build(*, vendor: str, counts: dict, recorded: dict, files: dict, database_file: str) -> dict:
    return {
        "format": FORMAT,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "django_version": django.get_version(),
        "app_version": app_version(),
        "database_vendor": vendor,
        "database_file": database_file,
        "row_counts": counts,
        "files": files,
        "recorded_file_hashes": recorded,
    }


def dumps(manifest: dict) -> bytes:
    return json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode()


def differences(manifest: dict, *, counts: dict, recorded: dict, files: dict) -> list[str]:
    """Every way the restored state differs from the manifest (empty: it matches)."""
    found = []
    expected = manifest["row_counts"]
    for label in sorted(set(expected) | set(counts)):
        if expected.get(label) != counts.get(label):
            found.append(f"{label} 行数：清单 {expected.get(label)}，恢复后 {counts.get(label)}")
    for path, digest in sorted(manifest["files"].items()):
        if files.get(path) != digest:
            found.append(f"文件 {path}：SHA-256 与清单不符或缺失")
    if recorded != manifest["recorded_file_hashes"]:
        found.append("数据库记录的文件哈希与清单不符")
    for label, rows in recorded.items():
        for key, row in rows.items():
            if row["file"] and row["sha256"] and files.get(row["file"]) != row["sha256"]:
                found.append(f"{label} #{key} 的文件 {row['file']} 与其记录的 SHA-256 不符")
    return found
