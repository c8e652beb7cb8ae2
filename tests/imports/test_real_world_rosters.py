"""The 人员信息采集表 as counties receive it (issue 16, items 8–10): dates typed into General
cells, names lined up with full-width spaces, numeric ID cells and the customary spellings of the
value lists. Each workbook is built here with openpyxl, as a unit's Excel would save it."""

import datetime
import io

import pytest

from bianzhi.excel.reader import NUMBER_NOT_DATE
from bianzhi.history import system_actor
from people.imports import roster as roster_import
from people.imports.roster import roster_import as run_import
from people.imports.roster_cells import UNKNOWN_VALUE
from people.models import Person
from tests.kit import builders

from .books import rezip, roster_row, workbook_bytes


@pytest.fixture
def line(world):
    return builders.quota(world.unit, 5)


def load(content: bytes, dry_run=False):
    return run_import(file=io.BytesIO(content), actor=system_actor(), dry_run=dry_run)


def errors_of(result) -> list[tuple[str, str]]:
    return [(error.column, error.message) for error in result.errors]


# --- item 8: dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "shown"),
    [(2019.1, "2019.1"), (2019.10, "2019.1"), (201910, "201910"), (20191001, "20191001")],
)
def test_a_number_in_a_date_column_is_refused_not_read_as_another_month(world, line, typed, shown):
    """2019.10 typed into a General cell is the number 2019.1: it used to load as 2019-01-01."""
    result = load(workbook_bytes([roster_row(builders.id_number(), 入编时间=typed)]))
    assert errors_of(result) == [("入编时间", NUMBER_NOT_DATE % {"value": shown})]
    assert "2019-10" in NUMBER_NOT_DATE and "日期格式" in NUMBER_NOT_DATE
    assert Person.objects.count() == 0


def test_a_number_in_the_work_start_column_is_refused_too(world, line):
    result = load(workbook_bytes([roster_row(builders.id_number(), 参加工作时间=2015.08)]))
    assert errors_of(result) == [("参加工作时间", NUMBER_NOT_DATE % {"value": "2015.08"})]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        (datetime.datetime(2019, 10, 1), datetime.date(2019, 10, 1)),  # a date cell
        (datetime.date(2019, 10, 8), datetime.date(2019, 10, 8)),
        (43739, datetime.date(2019, 10, 1)),  # a date serial whose cell lost its format
        ("2019-10", datetime.date(2019, 10, 1)),
        ("2019.10", datetime.date(2019, 10, 1)),  # as text, 2019.10 is October
        ("2019.1", datetime.date(2019, 1, 1)),  # and 2019.1 January
        ("2019年10月", datetime.date(2019, 10, 1)),
        ("2019/10/01", datetime.date(2019, 10, 1)),
        ("201910", datetime.date(2019, 10, 1)),
    ],
)
def test_date_cells_serials_and_dates_typed_as_text_keep_working(world, line, typed, stored):
    number = builders.id_number()
    result = load(workbook_bytes([roster_row(number, 入编时间=typed)]))
    assert result.ok, result.error_lines()
    record = Person.objects.by_id_number(number).get().records.get()
    assert record.entry_on == stored


def test_the_institutions_import_refuses_a_number_as_its_approval_date(db):
    from staffing.imports.institutions import institutions_import
    from tests.kit.factories import RegionFactory

    from .books import ORGAN_ROW, institutions_bytes

    region = RegionFactory(code="990121", name="示例县")
    content = institutions_bytes([{**ORGAN_ROW, "批准日期": 2019.1}])
    result = institutions_import(
        file=io.BytesIO(content), actor=system_actor(), region=region, dry_run=True
    )
    assert ("批准日期", NUMBER_NOT_DATE % {"value": "2019.1"}) in errors_of(result)


# --- item 9: names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("王\u3000华", "王华"),  # the full-width space that lines two-character names up
        ("王 华", "王华"),
        ("王\u00a0华", "王华"),
        ("阿依古丽 · 买买提", "阿依古丽·买买提"),
    ],
)
def test_spaces_inside_a_chinese_name_are_not_stored(world, line, typed, stored):
    number = builders.id_number()
    result = load(workbook_bytes([roster_row(number, 姓名=typed)]))
    assert result.ok, result.error_lines()
    assert Person.objects.by_id_number(number).get().name == stored


def test_a_spaced_name_is_the_same_name_for_the_duplicate_list_and_the_search(world, line, rf):
    from people.choices import RosterCheck
    from people.filtersets import RosterFilterSet
    from people.models import EstablishmentRecord

    rows = [roster_row(builders.id_number(), 姓名=name) for name in ("王华", "王\u3000华")]
    assert load(workbook_bytes(rows)).ok
    assert Person.objects.filter(name="王华").count() == 2
    request = rf.get("/")
    request.user = world.users["office_staff"]
    records = EstablishmentRecord.objects.all()

    def listed(data):
        return RosterFilterSet(data, queryset=records, request=request).qs.count()

    assert listed({"check": RosterCheck.DUPLICATE_NAME}) == 2
    assert listed({"q": "王\u3000华"}) == 2


# --- item 10: ID numbers as numbers ------------------------------------------------------------


def _with_exact_id_cell(content: bytes, placeholder: str, digits: str) -> bytes:
    """``content`` with the text cell holding ``placeholder`` turned into a number cell holding
    ``digits`` verbatim, as writers that keep an integer's digits save it."""
    import re
    import zipfile

    sheet = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    cell = re.compile(rf'<c r="([A-Z]+[0-9]+)" t="inlineStr"><is><t>{placeholder}</t></is></c>')
    sheet, count = cell.subn(rf'<c r="\1"><v>{digits}</v></c>', sheet)
    assert count == 1
    return rezip(content, replace={"xl/worksheets/sheet1.xml": sheet.encode()})


def _exact_only(predicate):
    """A valid ID number that a float cannot hold exactly (or, with ``False``, one it can)."""
    for _ in range(500):
        number = builders.id_number()
        if number[-1] != "X" and predicate(int(float(int(number))) != int(number)):
            return number
    raise AssertionError("no such ID number")


def test_an_id_number_cell_holding_all_18_digits_as_a_number_is_accepted(world, line):
    number = _exact_only(lambda exact: exact)
    content = workbook_bytes([roster_row("PLACEHOLDER-ID")])
    content = _with_exact_id_cell(content, "PLACEHOLDER-ID", number)
    result = load(content)
    assert result.ok, result.error_lines()
    assert Person.objects.by_id_number(number).exists()


def test_an_id_number_that_lost_digits_as_a_float_is_refused(world, line):
    """openpyxl and pandas write an integer ID as 1.101011990010112e+17: the last digits are
    gone and a check digit may still happen to fit."""
    # A number ending in X is never written as a float.
    number = next(n for n in iter(builders.id_number, None) if n[-1] != "X")
    result = load(workbook_bytes([roster_row(int(number))]))
    assert errors_of(result) == [("身份证号", roster_import.ID_AS_NUMBER)]
    assert "文本格式" in roster_import.ID_AS_NUMBER


def test_an_id_number_written_out_from_a_rounded_float_is_refused(world, line):
    """Digits a float can hold exactly (…1200 from 1.101011990010112e+17) may be a rounded
    float written out in full: refused rather than risk a wrong person."""
    number = _exact_only(lambda exact: not exact)
    content = workbook_bytes([roster_row("PLACEHOLDER-ID")])
    content = _with_exact_id_cell(content, "PLACEHOLDER-ID", number)
    result = load(content, dry_run=True)
    assert errors_of(result) == [("身份证号", roster_import.ID_AS_NUMBER)]


# --- item 10: value aliases --------------------------------------------------------------------


def test_customary_spellings_of_the_value_lists_are_accepted(world, line):
    number = builders.id_number()
    row = roster_row(
        number,
        性别="男性",
        民族="汉",
        政治面貌="共产党员",
        岗位类别="专技岗",
        学历="本科",
        学位="学士学位",
        进入方式="公开招聘",
        经费形式="全额",
    )
    other = builders.id_number()
    second = roster_row(other, 姓名="李娜", 民族="回", 学历="大专", 学位="工学学士")
    result = load(workbook_bytes([row, second]))
    assert result.ok, result.error_lines()
    person = Person.objects.by_id_number(number).get()
    assert (person.ethnicity, person.political_status) == ("汉族", "cpc")
    assert (person.education, person.degree) == ("bachelor", "bachelor")
    record = person.records.get()
    assert (record.post_category, record.entry_way) == ("professional", "recruitment")
    person = Person.objects.by_id_number(other).get()
    assert (person.ethnicity, person.education, person.degree) == ("回族", "college", "bachelor")


def test_an_ambiguous_spelling_is_refused_with_the_choices(world, line):
    """研究生 is a master's or a doctorate: the file must say which."""
    result = load(workbook_bytes([roster_row(builders.id_number(), 学历="研究生")]))
    [(column, message)] = errors_of(result)
    assert column == "学历"
    assert message.startswith(UNKNOWN_VALUE.split("%")[0] + "研究生")
    assert "硕士研究生" in message
