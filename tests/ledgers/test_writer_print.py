"""The ledger writer's print layout (issue 16): paper, wrapping, the merged totals label, the
empty-ledger line, the 制表人/审核人 line, and never fitting below 8 pt."""

import datetime

import pytest

from bianzhi.excel.writer import (
    A3,
    CODE,
    DATE,
    INTEGER,
    MIN_SCALE,
    TEXT,
    Column,
    LedgerWriter,
    Tallies,
    column,
)
from bianzhi.ledgers import cn_date

from .read import read

ROWS = [
    {"name": "示例县参照公务员法管理事业单位", "status": "按时", "n": 2},
    {"name": "=1", "status": "迟报", "n": 3},
    {"name": "乙", "status": "按时", "n": 1},
]


def columns(**extra) -> list[Column]:
    return [
        Column("序号", lambda row: 1, kind=INTEGER, width=5),
        column("单位", "name", width=14),
        column("状态", "status", tally=True),
        column("人数", "n", kind=INTEGER, total=True),
        *extra.get("more", []),
    ]


def write(path, rows=ROWS, **options):
    options.setdefault("columns", columns())
    with LedgerWriter(str(path), title="测试台账", subtitle="范围：示例县", **options) as writer:
        writer.write_rows(rows)
    return read(path)


def test_the_totals_label_spans_the_columns_before_the_first_sum(tmp_path):
    sheet = write(tmp_path / "t.xlsx", totals_label="合计：{count} 人")
    assert sheet.totals()[0] == "合计：3 人"
    assert f"A{sheet.totals_row}:C{sheet.totals_row}" in sheet.merged()
    assert sheet.totals()[3] == 6


def test_without_sums_the_label_spans_the_whole_row(tmp_path):
    cols = [column("单位", "name"), column("状态", "status")]
    sheet = write(tmp_path / "t.xlsx", columns=cols, totals_label="合计：{count} 人")
    assert f"A{sheet.totals_row}:B{sheet.totals_row}" in sheet.merged()


def test_a_totals_text_from_tallied_values(tmp_path):
    def label(tallies: Tallies) -> str:
        status = tallies.values["状态"]
        return f"合计：{tallies.count} 件，按时 {status['按时']} 件，迟报 {status['迟报']} 件"

    sheet = write(tmp_path / "t.xlsx", totals_label=label)
    assert sheet.totals()[0] == "合计：3 件，按时 2 件，迟报 1 件"


def test_an_empty_ledger_says_so_under_its_header(tmp_path):
    sheet = write(tmp_path / "t.xlsx", rows=[], empty_text="本期无减少人员")
    assert sheet.empty_line == "本期无减少人员"
    assert sheet.data() == []
    assert sheet.totals()[0] == "合计" and sheet.totals()[3] == 0


def test_the_signature_line_under_the_totals(tmp_path):
    sheet = write(tmp_path / "t.xlsx", signatures=True)
    assert sheet.signatures().startswith("制表人：")
    assert "审核人：" in sheet.signatures() and "日期：" in sheet.signatures()
    assert str(sheet.sheet.print_area).endswith(f"$D${sheet.totals_row + 1}")
    assert write(tmp_path / "u.xlsx").signatures() is None


def test_text_wraps_by_default_numbers_and_dates_do_not(tmp_path):
    cols = columns(more=[column("日期", "day", kind=DATE), column("文号", "doc", kind=CODE)])
    rows = [{**row, "day": datetime.date(2026, 1, 1), "doc": "=2"} for row in ROWS]
    sheet = write(tmp_path / "t.xlsx", columns=cols, rows=rows)
    first, second = list(sheet.cells())[:2]
    assert first[1].alignment.wrap_text and first[2].alignment.wrap_text
    assert first[5].alignment.wrap_text
    assert not first[3].alignment.wrap_text and not first[4].alignment.wrap_text
    # Formula-like text is quoted and still wraps.
    assert second[1].quotePrefix and second[1].alignment.wrap_text
    assert not Column("x", str, wrap=False).wraps and Column("x", str).wraps


def test_widths_default_by_kind():
    assert Column("a", str, kind=DATE).print_width > Column("b", str, kind=INTEGER).print_width
    assert Column("a", str, kind=TEXT, width=31).print_width == 31


def test_paper_and_orientation_are_the_ledgers(tmp_path):
    sheet = write(tmp_path / "t.xlsx", paper=A3, landscape=False).sheet
    assert sheet.page_setup.paperSize == A3
    assert sheet.page_setup.orientation == "portrait"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage


def test_too_wide_to_fit_at_8_pt_prints_at_the_readable_scale(tmp_path):
    wide = [column(f"列{index}", "name", width=20) for index in range(20)]
    sheet = write(tmp_path / "t.xlsx", columns=columns(more=wide)).sheet
    assert not sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.scale == round(MIN_SCALE * 100)


@pytest.mark.parametrize(
    ("day", "text"),
    [(datetime.date(2026, 12, 5), "2026年12月5日"), (datetime.date(2028, 2, 29), "2028年2月29日")],
)
def test_dates_in_titles_read_as_chinese_dates(day, text):
    assert cn_date(day) == text
