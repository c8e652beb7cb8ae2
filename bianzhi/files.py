"""Generated files (生成文件) through Django's storage API, so that any server can read what any
other server or the task worker wrote: ledger exports (``exports/``), web import uploads and the
marked workbooks of their errors (``imports/``). ``storages["generated"]`` is a directory on disk
by default (``BIANZHI_GENERATED_ROOT``, else ``BIANZHI_VAR_DIR``) and an S3-compatible bucket with
``BIANZHI_STORAGE=s3`` (settings.py).

Readers that need a real file (openpyxl, the zip reader) get a local temporary copy; writers that
need a path (XlsxWriter) write a temporary file which is then saved to the storage."""

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, storages

GENERATED = "generated"
# Copies larger than this go to disk, not memory.
SPOOL_BYTES = 8 * 2**20


def generated_root() -> Path:
    """The directory of the local generated storage: read at each use, so that a test (or a
    command) that points VAR_DIR elsewhere is followed."""
    return Path(getattr(settings, "GENERATED_ROOT", None) or settings.VAR_DIR)


class GeneratedFileStorage(FileSystemStorage):
    """FileSystemStorage under ``generated_root()`` unless given a location."""

    @property
    def base_location(self):
        return self._value_or_setting(self._location, generated_root())

    @property
    def location(self):
        return os.path.abspath(self.base_location)


def generated() -> Storage:
    return storages[GENERATED]


def save(name: str, content) -> str:
    """Save ``content`` (a File, an upload, bytes) as ``name`` (Django may pick a free variant
    of it); the stored name, which is what a job records."""
    if isinstance(content, bytes):
        content = ContentFile(content)
    return generated().save(name, content)


def save_path(name: str, path: str | os.PathLike) -> str:
    """Save the local file ``path`` (e.g. one XlsxWriter wrote) as ``name``."""
    with open(path, "rb") as source:
        return generated().save(name, File(source, name=Path(name).name))


def exists(name: str) -> bool:
    """Whether ``name`` is stored; False for a name that points outside the storage (a path a
    job recorded before BIANZHI_VAR_DIR moved)."""
    try:
        return bool(name) and generated().exists(name)
    except SuspiciousFileOperation:
        return False


def open_file(name: str):
    """The stored file, opened for reading (for a FileResponse, which closes it)."""
    return generated().open(name, "rb")


def read_bytes(name: str) -> bytes:
    with generated().open(name, "rb") as source:
        return source.read()


def delete(name: str) -> None:
    if name and exists(name):
        generated().delete(name)


@contextmanager
def local_copy(name: str) -> Iterator:
    """A seekable local temporary copy of the stored file, removed afterwards."""
    with (
        tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as copy,
        generated().open(name, "rb") as source,
    ):
        shutil.copyfileobj(source, copy, 2**20)
        copy.seek(0)
        yield copy


def names_in(folder: str) -> list[str]:
    """The stored names of the files directly in ``folder`` (none if it does not exist)."""
    storage = generated()
    try:
        _, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    return [f"{folder}/{file}" for file in files]
