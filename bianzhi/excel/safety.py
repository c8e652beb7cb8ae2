"""Refusing hostile or broken uploads before any XML parser sees them.

Everything here reads only the zip directory and streams the XML parts as bytes: the size limit,
"is it a zip at all", truncation, zip bombs (declared expanded size and compression ratio),
macro-enabled workbooks, and DOCTYPE / ENTITY declarations in any XML part (XXE, billion laughs).
openpyxl then parses through defusedxml as a second line of defence.
"""

import zipfile
import zlib
from dataclasses import dataclass

from django.conf import settings

FILE_TOO_LARGE = "文件大小为 %(size)s，超过上限 %(limit)s，请拆分后分批导入或使用命令行导入。"
EMPTY_FILE = "上传的文件是空的。"
NOT_XLSX = (
    "该文件不是 Excel 工作簿（.xlsx）。请在 Excel 中“另存为 Excel 工作簿（*.xlsx）”后再上传。"
)
TRUNCATED = "文件不完整或已损坏（可能上传中断），无法读取，请重新保存后上传。"
TOO_MANY_PARTS = "工作簿包含的部件过多（%(count)d 个），不像正常的 Excel 文件，已拒绝。"
EXPANDS_TOO_MUCH = (
    "工作簿解压后大小为 %(size)s，超过上限 %(limit)s（可能是压缩炸弹），已拒绝。"
    "数据量确实很大时请拆分文件或使用命令行导入。"
)
RATIO_TOO_HIGH = "工作簿部件“%(name)s”的压缩比为 %(ratio)d 倍，异常偏高（可能是压缩炸弹），已拒绝。"
MACRO_ENABLED = (
    "该文件是启用宏的工作簿（含 VBA 宏），出于安全原因不接受，请另存为不含宏的 .xlsx 文件。"
)
XML_ENTITIES = "工作簿部件“%(name)s”含有 DOCTYPE 或实体声明（可能是 XML 注入攻击），已拒绝。"
XML_ENCODING = "工作簿部件“%(name)s”的编码不受支持，已拒绝。"

_MACRO_MARKERS = (b"macroenabled", b"vbaproject", b"application/vnd.ms-office.vba")
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_FORBIDDEN = (b"<!doctype", b"<!entity")
_CHUNK = 1 << 20


class UnsafeWorkbook(ValueError):
    """A file refused before parsing; ``message`` is the Chinese text for the form."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_expanded_bytes: int
    max_ratio: int
    max_parts: int = 2000
    # Rows and cells read from all sheets (None: no cap, the command line).
    max_rows: int | None = None
    max_cells: int | None = None
    # Parts smaller than this are never bombs, whatever their ratio (an empty sheet compresses
    # several hundred times).
    ratio_floor_bytes: int = 1 << 20

    @classmethod
    def web(cls) -> "Limits":
        config = settings.BIANZHI
        return cls(
            max_bytes=config["IMPORT_MAX_UPLOAD_BYTES"],
            max_expanded_bytes=config["IMPORT_MAX_EXPANDED_BYTES"],
            max_ratio=config["IMPORT_MAX_COMPRESSION_RATIO"],
            max_rows=config["IMPORT_MAX_ROWS"],
            max_cells=config["IMPORT_MAX_CELLS"],
        )

    @classmethod
    def in_request(cls) -> "Limits":
        """An upload read within the request (the unit roster: one unit's rows), small enough
        not to hold a web worker; the background imports take ``web``."""
        config = settings.BIANZHI
        return cls(
            max_bytes=config["IMPORT_REQUEST_MAX_UPLOAD_BYTES"],
            max_expanded_bytes=config["IMPORT_REQUEST_MAX_EXPANDED_BYTES"],
            max_ratio=config["IMPORT_MAX_COMPRESSION_RATIO"],
            max_rows=config["IMPORT_REQUEST_MAX_ROWS"],
            max_cells=config["IMPORT_REQUEST_MAX_CELLS"],
        )

    @classmethod
    def command(cls) -> "Limits":
        """The command line takes the very large files; a bomb is still a bomb."""
        config = settings.BIANZHI
        return cls(
            max_bytes=config["IMPORT_COMMAND_MAX_BYTES"],
            max_expanded_bytes=config["IMPORT_COMMAND_MAX_EXPANDED_BYTES"],
            max_ratio=config["IMPORT_MAX_COMPRESSION_RATIO"],
        )


def human_size(size: int) -> str:
    if size >= 1 << 20:
        return f"{size / (1 << 20):.1f} MB"
    if size >= 1 << 10:
        return f"{size / (1 << 10):.0f} KB"
    return f"{size} 字节"


def check_workbook(file, limits: Limits) -> None:
    """Raise ``UnsafeWorkbook`` unless ``file`` (a seekable binary file) is a plain .xlsx within
    the limits. Leaves the file positioned at its start."""
    file.seek(0, 2)
    size = file.tell()
    file.seek(0)
    if size == 0:
        raise UnsafeWorkbook(EMPTY_FILE)
    if size > limits.max_bytes:
        raise UnsafeWorkbook(
            FILE_TOO_LARGE % {"size": human_size(size), "limit": human_size(limits.max_bytes)}
        )
    head = file.read(4)
    file.seek(0)
    if head != b"PK\x03\x04":
        raise UnsafeWorkbook(NOT_XLSX)
    try:
        with zipfile.ZipFile(file) as archive:
            _check_directory(archive, limits)
            _check_parts(archive)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
    ) as error:
        if isinstance(error, UnsafeWorkbook):
            raise
        raise UnsafeWorkbook(TRUNCATED) from None
    finally:
        file.seek(0)


def _check_directory(archive: zipfile.ZipFile, limits: Limits) -> None:
    infos = archive.infolist()
    if len(infos) > limits.max_parts:
        raise UnsafeWorkbook(TOO_MANY_PARTS % {"count": len(infos)})
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise UnsafeWorkbook(NOT_XLSX)
    expanded = sum(info.file_size for info in infos)
    if expanded > limits.max_expanded_bytes:
        raise UnsafeWorkbook(
            EXPANDS_TOO_MUCH
            % {"size": human_size(expanded), "limit": human_size(limits.max_expanded_bytes)}
        )
    for info in infos:
        if info.filename.lower().endswith("vbaproject.bin"):
            raise UnsafeWorkbook(MACRO_ENABLED)
        if info.file_size < limits.ratio_floor_bytes:
            continue
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > limits.max_ratio:
            raise UnsafeWorkbook(RATIO_TOO_HIGH % {"name": info.filename, "ratio": ratio})


def _check_parts(archive: zipfile.ZipFile) -> None:
    """Stream every XML part once (decompressing at most what the directory declared, which is
    already bounded) looking for macro content types and DTD declarations."""
    content_types = archive.read("[Content_Types].xml").lower()
    if any(marker in content_types for marker in _MACRO_MARKERS):
        raise UnsafeWorkbook(MACRO_ENABLED)
    for info in archive.infolist():
        if info.is_dir() or not info.filename.lower().endswith(_XML_SUFFIXES):
            continue
        _scan_xml(archive, info)


def _scan_xml(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    tail = b""
    first = True
    with archive.open(info) as part:
        while chunk := part.read(_CHUNK):
            if first:
                first = False
                # UTF-16/32 would hide the markers from a byte scan; Excel writes UTF-8.
                if chunk[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in chunk[:4]:
                    raise UnsafeWorkbook(XML_ENCODING % {"name": info.filename})
            window = (tail + chunk).lower()
            if any(marker in window for marker in _FORBIDDEN):
                raise UnsafeWorkbook(XML_ENTITIES % {"name": info.filename})
            tail = window[-16:]
