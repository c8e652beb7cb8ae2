"""The package as a file (docs/exchange.md): a zip of one JSON-lines file per table and a
``manifest.json`` naming the format, the source region, the as-of date and, per file, its row
count and SHA-256. Reading verifies every checksum before a row is used (rule 49)."""

import datetime
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError

FORMAT = "bianzhi-registry-package"
VERSION = 1
MANIFEST = "manifest.json"

# Tables in the order an import writes them: each refers only to those before it.
TABLES = (
    "regions",
    "documents",
    "institutions",
    "departments",
    "region_totals",
    "pool_balances",
    "quota_lines",
    "adjustments",
    "adjustment_lines",
    "leadership_quotas",
    "people",
    "records",
    "appointments",
    "certificates",
)
TABLE_LABELS = {
    "regions": "行政区划",
    "documents": "批准文件",
    "institutions": "机构",
    "departments": "内设机构",
    "region_totals": "编制总量控制",
    "pool_balances": "编制周转池",
    "quota_lines": "编制",
    "adjustments": "编制调整",
    "adjustment_lines": "编制调整明细",
    "leadership_quotas": "领导职数",
    "people": "实名人员",
    "records": "占编记录",
    "appointments": "领导职务任职",
    "certificates": "机构编制管理证",
}

NOT_A_PACKAGE = "所选文件不是上报数据包（应为含 manifest.json 的 zip 文件）。"
WRONG_FORMAT = "数据包格式为“%(format)s”第 %(version)s 版，本系统只能导入“%(expected)s”第 %(expected_version)s 版。"
MISSING_FILE = "数据包缺少清单中列出的文件 %(file)s，已拒绝导入（规则 49）。"
CHECKSUM_MISMATCH = "数据包校验失败：文件 %(file)s 的 SHA-256 与清单不符，数据包可能已被篡改或损坏，已拒绝导入（规则 49）。"
COUNT_MISMATCH = "数据包校验失败：文件 %(file)s 有 %(found)d 行，清单记为 %(expected)d 行，已拒绝导入（规则 49）。"
UNLISTED_FILE = "数据包含有清单未列出的文件 %(file)s，已拒绝导入（规则 49）。"
BAD_LINE = "数据包文件 %(file)s 第 %(line)d 行不是有效的 JSON，已拒绝导入。"


def file_name(table: str) -> str:
    return f"{table}.jsonl"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _default(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    raise TypeError(f"not serialisable: {value!r}")


def dump_rows(rows) -> bytes:
    """One JSON object per line, keys sorted, UTF-8 (Chinese as is), LF line ends."""
    return b"".join(
        json.dumps(row, ensure_ascii=False, sort_keys=True, default=_default).encode() + b"\n"
        for row in rows
    )


def write(target, *, header: dict, tables: dict[str, list[dict]]) -> dict:
    """Write the package to ``target`` (a path or a binary file); returns the manifest."""
    files = []
    contents = {}
    for table in TABLES:
        data = dump_rows(tables.get(table, []))
        contents[file_name(table)] = data
        files.append(
            {
                "table": table,
                "file": file_name(table),
                "rows": len(tables.get(table, [])),
                "sha256": sha256(data),
            }
        )
    manifest = {"format": FORMAT, "version": VERSION, **header, "files": files}
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
        for name, data in contents.items():
            archive.writestr(name, data)
    return manifest


@dataclass
class Package:
    manifest: dict
    tables: dict[str, list[dict]]

    @property
    def region_code(self) -> str:
        return self.manifest["region"]["code"]

    @property
    def as_of(self) -> datetime.date:
        return datetime.date.fromisoformat(self.manifest["as_of"])

    def rows(self, table: str) -> list[dict]:
        return self.tables.get(table, [])


def read_manifest(source) -> dict:
    """The manifest alone (the preview before an import), format checked, files not read."""
    try:
        with zipfile.ZipFile(source) as archive:
            manifest = json.loads(archive.read(MANIFEST).decode())
    except (zipfile.BadZipFile, KeyError, ValueError, UnicodeDecodeError):
        raise ValidationError(NOT_A_PACKAGE) from None
    if not isinstance(manifest, dict):
        raise ValidationError(NOT_A_PACKAGE)
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise ValidationError(
            WRONG_FORMAT
            % {
                "format": manifest.get("format"),
                "version": manifest.get("version"),
                "expected": FORMAT,
                "expected_version": VERSION,
            }
        )
    try:
        manifest["region"]["code"]
        datetime.date.fromisoformat(manifest["as_of"])
        [
            (entry["table"], entry["file"], entry["rows"], entry["sha256"])
            for entry in manifest["files"]
        ]
    except (KeyError, TypeError, ValueError):
        raise ValidationError(NOT_A_PACKAGE) from None
    return manifest


def read(source) -> Package:
    """The whole package, every file checked against the manifest first (rule 49)."""
    manifest = read_manifest(source)
    if hasattr(source, "seek"):
        source.seek(0)
    tables = {}
    with zipfile.ZipFile(source) as archive:
        listed = {entry["file"] for entry in manifest["files"]}
        for name in archive.namelist():
            if name != MANIFEST and name not in listed:
                raise ValidationError(UNLISTED_FILE % {"file": name})
        contents = {}
        for entry in manifest["files"]:
            try:
                data = archive.read(entry["file"])
            except KeyError:
                raise ValidationError(MISSING_FILE % {"file": entry["file"]}) from None
            if sha256(data) != entry["sha256"]:
                raise ValidationError(CHECKSUM_MISMATCH % {"file": entry["file"]})
            contents[entry["file"]] = data
        for entry in manifest["files"]:
            rows = []
            for number, line in enumerate(io.BytesIO(contents[entry["file"]]), start=1):
                if not line.strip():
                    continue
                try:
                    rows.append(json.loads(line))
                except ValueError:
                    raise ValidationError(
                        BAD_LINE % {"file": entry["file"], "line": number}
                    ) from None
            if len(rows) != entry["rows"]:
                raise ValidationError(
                    COUNT_MISMATCH
                    % {"file": entry["file"], "found": len(rows), "expected": entry["rows"]}
                )
            if entry["table"] in TABLES:
                tables[entry["table"]] = rows
    return Package(manifest=manifest, tables=tables)
