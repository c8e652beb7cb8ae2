"""Hostile and broken files are refused with a form message before any XML is parsed."""

import io
import zipfile

import pytest

from bianzhi.excel import safety
from bianzhi.excel.reader import open_workbook
from bianzhi.excel.safety import Limits, UnsafeWorkbook, check_workbook

from .books import rezip, roster_row, workbook_bytes

LIMITS = Limits(max_bytes=1 << 20, max_expanded_bytes=8 << 20, max_ratio=100)


def good() -> bytes:
    return workbook_bytes([roster_row("11010519491231002X")])


def refusal(content: bytes, limits: Limits = LIMITS) -> str:
    with pytest.raises(UnsafeWorkbook) as caught:
        open_workbook(io.BytesIO(content), limits)
    return caught.value.message


def test_a_plain_workbook_opens():
    workbook = open_workbook(io.BytesIO(good()), LIMITS)
    assert workbook.worksheets[0].title == "实名制人员花名册"


def test_oversize_file_is_refused():
    limits = Limits(max_bytes=1000, max_expanded_bytes=8 << 20, max_ratio=100)
    assert refusal(good(), limits).startswith("文件大小为")


def test_empty_file_is_refused():
    assert refusal(b"") == safety.EMPTY_FILE


def test_not_a_zip_is_refused():
    assert refusal("序号,单位,姓名\n1,示例县本单位,张伟\n".encode()) == safety.NOT_XLSX
    assert refusal(b"\xd0\xcf\x11\xe0" + b"\0" * 600) == safety.NOT_XLSX  # old .xls


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert refusal(buffer.getvalue()) == safety.NOT_XLSX


def test_truncated_file_is_refused():
    content = good()
    assert refusal(content[: len(content) // 2]) == safety.TRUNCATED


def test_zip_bomb_by_expanded_size_is_refused():
    bomb = rezip(good(), add={"xl/media/padding.bin": b"\0" * (9 << 20)})
    assert refusal(bomb).startswith("工作簿解压后大小为")


def test_zip_bomb_by_ratio_is_refused():
    limits = Limits(max_bytes=1 << 20, max_expanded_bytes=64 << 20, max_ratio=100)
    bomb = rezip(good(), add={"xl/media/padding.bin": b"\0" * (4 << 20)})
    message = refusal(bomb, limits)
    assert message.startswith("工作簿部件“xl/media/padding.bin”的压缩比为")


def test_bomb_is_refused_from_the_directory_before_reading(monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("a part was decompressed")

    monkeypatch.setattr(safety, "_scan_xml", never)
    bomb = rezip(good(), add={"xl/media/padding.bin": b"\0" * (9 << 20)})
    with pytest.raises(UnsafeWorkbook):
        check_workbook(io.BytesIO(bomb), LIMITS)


def test_macro_enabled_workbook_is_refused():
    with_vba = rezip(good(), add={"xl/vbaProject.bin": b"\xcc" * 100})
    assert refusal(with_vba) == safety.MACRO_ENABLED
    source = zipfile.ZipFile(io.BytesIO(good())).read("[Content_Types].xml").decode()
    xlsm_type = source.replace(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    )
    assert xlsm_type != source
    assert refusal(rezip(good(), replace={"[Content_Types].xml": xlsm_type.encode()})) == (
        safety.MACRO_ENABLED
    )


XXE = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">
<si><t>&xxe;</t></si></sst>"""

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">&lol3;</workbook>"""


def test_xxe_in_a_part_is_refused():
    message = refusal(rezip(good(), replace={"xl/sharedStrings.xml": XXE}))
    assert message == safety.XML_ENTITIES % {"name": "xl/sharedStrings.xml"}


def test_billion_laughs_is_refused():
    message = refusal(rezip(good(), replace={"xl/workbook.xml": LAUGHS}))
    assert message == safety.XML_ENTITIES % {"name": "xl/workbook.xml"}


def test_doctype_hidden_in_utf16_is_refused():
    hidden = rezip(good(), replace={"xl/workbook.xml": LAUGHS.decode().encode("utf-16")})
    assert refusal(hidden) == safety.XML_ENCODING % {"name": "xl/workbook.xml"}


def test_a_marker_split_across_read_chunks_is_found(monkeypatch):
    monkeypatch.setattr(safety, "_CHUNK", 7)
    message = refusal(rezip(good(), replace={"xl/sharedStrings.xml": XXE}))
    assert message == safety.XML_ENTITIES % {"name": "xl/sharedStrings.xml"}


def test_a_doctype_in_a_sheet_is_refused_by_the_parser_too(monkeypatch):
    """Defence in depth: with the byte scan switched off, the sheet parser still refuses."""
    from bianzhi.excel.reader import Column, locate

    monkeypatch.setattr(safety, "_scan_xml", lambda archive, info: None)
    sheet_xml = zipfile.ZipFile(io.BytesIO(good())).read("xl/worksheets/sheet1.xml")
    hostile = sheet_xml.replace(b"<worksheet", b'<!DOCTYPE x [<!ENTITY a "b">]><worksheet', 1)
    workbook = open_workbook(
        io.BytesIO(rezip(good(), replace={"xl/worksheets/sheet1.xml": hostile})), LIMITS
    )
    with pytest.raises(UnsafeWorkbook):
        locate(workbook.worksheets[0], [Column("姓名", required=True), Column("单位")])


def test_a_corrupt_sheet_stream_is_a_refusal_not_a_crash(world):
    from bianzhi.history import system_actor
    from people.imports.roster import roster_import

    content = bytearray(good())
    archive = zipfile.ZipFile(io.BytesIO(bytes(content)))
    info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for offset in range(start + 10, start + info.compress_size - 4):
        content[offset] ^= 0x5A
    result = roster_import(file=io.BytesIO(bytes(content)), actor=system_actor())
    assert len(result.errors) == 1 and result.errors[0].row == 0
    assert result.errors[0].message.startswith(("无法读取该工作簿", "文件不完整"))
