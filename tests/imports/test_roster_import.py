"""人员信息采集表 import: all or nothing, every refusal rule, header matching, history."""

import datetime
import io

import pytest

from bianzhi.history import system_actor
from people.imports import roster as roster_import
from people.imports.roster import roster_import as run_import
from people.models import EstablishmentRecord, Person
from staffing.choices import EstablishmentType
from tests.kit import builders
from tests.kit.factories import DepartmentFactory

from .books import roster_row, workbook_bytes

TITLE_ROWS = ["示例县实名制人员花名册", "区划：示例县    截至日期：2026-12-01"]


def load(rows, headers=None, dry_run=False, title_rows=TITLE_ROWS):
    content = workbook_bytes(rows, headers=headers, title_rows=title_rows)
    return run_import(file=io.BytesIO(content), actor=system_actor(), dry_run=dry_run)


@pytest.fixture
def line(world):
    return builders.quota(world.unit, 3)


def ids(count, **kwargs):
    return [builders.id_number(**kwargs) for _ in range(count)]


def messages(result):
    return [str(error) for error in result.errors]


def test_a_valid_roster_is_written_with_the_batch_as_history_reason(world, line):
    first, second = ids(2)
    result = load([roster_row(first), roster_row(second, 姓名="李娜", 性别=None)])
    assert result.ok, messages(result)
    assert result.written["实名人员"] == 2
    assert EstablishmentRecord.objects.filter(quota_line=line, status="active").count() == 2
    person = Person.objects.by_id_number(first).get()
    record = person.records.get()
    assert record.permit is None
    for obj in (person, record):
        history = obj.history.get()
        assert history.history_change_reason == f"人员信息采集表导入（批次 {result.batch}）"
        assert history.history_user == system_actor()
    assert person.civil_servant_registered is False  # 事业单位: no civil-service status needed


def test_an_error_in_the_last_row_writes_nothing_and_names_the_row(world, line):
    numbers = ids(3)
    rows = [roster_row(n) for n in numbers[:2]] + [roster_row(numbers[2], 入编时间="2015-02-30")]
    result = load(rows)
    assert not result.ok
    # Two title rows, the header on row 3, the data on rows 4–6.
    assert messages(result) == [
        "第6行 入编时间：“2015-02-30”不是有效日期，请填写如 2024-03-01 的日期。"
    ]
    assert Person.objects.count() == 0


def test_dry_run_validates_and_writes_nothing(world, line):
    result = load([roster_row(builders.id_number())], dry_run=True)
    assert result.ok and result.dry_run
    assert Person.objects.count() == 0


def test_columns_are_matched_by_header_text_in_any_order(world, line):
    from people.imports.roster_format import HEADERS

    shuffled = list(reversed(HEADERS))
    result = load([roster_row(builders.id_number())], headers=shuffled, title_rows=[])
    assert result.ok, messages(result)
    assert Person.objects.get().name == "张伟"


def test_missing_required_columns_are_reported(world, line):
    from people.imports.roster_format import HEADERS

    headers = [h for h in HEADERS if h not in {"入编时间", "进入方式"}]
    result = load([roster_row(builders.id_number())], headers=headers)
    assert messages(result) == ["第3行：缺少必填列：进入方式、入编时间"]


def test_unknown_columns_are_reported_and_ignored(world, line):
    from people.imports.roster_format import HEADERS

    result = load([roster_row(builders.id_number())], headers=[*HEADERS, "籍贯"], dry_run=True)
    assert result.ok
    assert "有无法识别的列（已忽略）：籍贯" in result.notices


def test_every_error_of_the_file_is_reported_at_once(world, line):
    foreign_line = builders.quota(world.sibling, 2)
    assert foreign_line.establishment_type == EstablishmentType.ADMINISTRATIVE
    registered = builders.person(world.region, "王芳")
    twice = builders.id_number()
    rows = [
        roster_row("110105194912310021"),  # check digit wrong
        roster_row(twice),
        roster_row(twice, 姓名="重复"),
        roster_row(registered.id_number),
        roster_row(builders.id_number(), 单位="不存在的单位"),
        roster_row(builders.id_number(), 编制类型="行政编制", 经费形式=None),  # rule 6
        roster_row(builders.id_number(), 入编时间="2099-01-01"),
        roster_row(builders.id_number(), 性别="女"),
        roster_row(builders.id_number(), 内设机构="不存在的股"),
        roster_row(builders.id_number(), 岗位类别="看门"),
        roster_row(
            builders.id_number(),
            单位="示例县兄弟单位",
            编制类型="行政编制",
            经费形式=None,
            公务员登记="是",  # rule 6: the status is taken from the file (issue 14, item 12)
        ),
    ]
    result = load(rows)
    got = messages(result)
    assert Person.objects.count() == 1  # only the one registered before
    by_row = {error.row: error for error in result.errors}
    assert by_row[4].column == "身份证号" and "校验位错误" in by_row[4].message
    assert by_row[6].message == roster_import.DUPLICATE_IN_FILE % {"row": 5}
    assert by_row[7].message == roster_import.ALREADY_REGISTERED % {"name": "王芳"}
    assert by_row[8].message == roster_import.UNKNOWN_INSTITUTION % {"name": "不存在的单位"}
    assert by_row[9].column == "编制类型" and "规则 6" in by_row[9].message
    assert by_row[10].column == "入编时间" and "晚于今天" in by_row[10].message
    assert by_row[11].column == "性别"
    assert by_row[12].column == "内设机构"
    assert by_row[13].column == "岗位类别"
    # 行政编制 in an organ, management post: fine; the sibling has that line.
    assert 14 not in by_row, got
    assert len({error.row for error in result.errors}) == 9


def test_a_type_the_unit_has_no_quota_for_is_refused(world, line):
    result = load([roster_row(builders.id_number(), 经费形式="差额拨款")])
    assert result.errors[0].message == roster_import.NO_QUOTA_LINE % {
        "institution": "示例县本单位",
        "type": "事业编制（差额拨款）",
    }


def test_impossible_dates_are_refused(world, line):
    number = builders.id_number(birth=datetime.date(1990, 5, 17))
    result = load([roster_row(number, 参加工作时间="1989-01-01", 入编时间="1988-01-01")])
    assert [e.column for e in result.errors] == ["参加工作时间", "入编时间"]
    result = load([roster_row(number, 出生日期="1990-05-18")])
    assert result.errors[0].column == "出生日期"


def test_organ_workers_must_sit_in_worker_slots(world):
    builders.quota(world.sibling, 2)
    row = roster_row(
        builders.id_number(),
        单位="示例县兄弟单位",
        编制类型="行政编制",
        经费形式=None,
        岗位类别="工勤技能岗位",
    )
    result = load([row])
    assert result.errors[0].message == roster_import.WORKER_NEEDS_WORKER_SLOT


def test_over_establishment_with_its_document_and_reason_is_recorded_and_reported(world, line):
    department = DepartmentFactory(institution=world.unit, name="教务处")
    builders.document(world.unit, number="示编〔2020〕8号")
    rows = [roster_row(n, 内设机构="教务处") for n in ids(4)]
    content = workbook_bytes(rows, title_rows=TITLE_ROWS)
    result = run_import(
        file=io.BytesIO(content),
        actor=system_actor(),
        over_document="示编〔2020〕8号",
        over_reason="两校合并",
    )
    assert result.ok, messages(result)
    assert result.notices == [
        roster_import.OVER_ESTABLISHMENT
        % {
            "institution": "示例县本单位",
            "type": "事业编制（全额拨款）",
            "approved": 3,
            "occupied": 4,
            "over": 1,
        }
    ]
    assert EstablishmentRecord.objects.filter(department=department).count() == 4


def organ_row(**changes):
    row = roster_row(
        builders.id_number(), 单位="示例县兄弟单位", 编制类型="行政编制", 经费形式=None
    )
    row["岗位类别"] = "管理岗位"
    return {**row, **changes}


def test_civil_servant_status_is_taken_from_its_column_in_organs(world):
    """Rule 6 (issue 14, item 12): the status is read from 公务员登记, never assumed."""
    builders.quota(world.sibling, 2)
    result = load([organ_row(公务员登记="是")])
    assert result.ok, messages(result)
    assert Person.objects.get().civil_servant_registered


def test_an_organ_non_worker_row_without_civil_servant_status_is_refused(world):
    builders.quota(world.sibling, 3)
    result = load([organ_row(), organ_row(公务员登记="否"), organ_row(公务员登记="是")])
    by_row = {error.row: error for error in result.errors}
    assert sorted(by_row) == [4, 5]
    assert by_row[4].column == "公务员登记"
    assert by_row[4].message == roster_import.CIVIL_SERVANT_STATUS_MISSING % {
        "institution": "示例县兄弟单位",
        "kind": world.sibling.get_kind_display(),
    }
    assert by_row[5].column == "公务员登记" and "规则 6" in by_row[5].message
    assert Person.objects.count() == 0


def test_civil_servant_status_is_optional_outside_civil_service_posts(world, line):
    result = load(
        [roster_row(builders.id_number()), roster_row(builders.id_number(), 公务员登记="是")]
    )
    assert result.ok, messages(result)
    assert sorted(Person.objects.values_list("civil_servant_registered", flat=True)) == [
        False,
        True,
    ]


def test_an_entry_date_before_16_or_after_retirement_is_refused(world, line):
    """Rule 19 on the import path (issue 14, item 13a)."""
    young = datetime.date(2010, 5, 1)
    old = datetime.date(1950, 5, 1)  # retired (man, 60) in 2010-05
    rows = [
        roster_row(builders.id_number(birth=young), 入编时间="2024-09-01", 参加工作时间=None),
        roster_row(builders.id_number(birth=old), 入编时间="2015-09-01"),
        roster_row(builders.id_number(birth=old), 入编时间="2010-05-01", 参加工作时间=None),
    ]
    result = load(rows)
    by_row = {error.row: error for error in result.errors}
    assert sorted(by_row) == [4, 5], messages(result)
    assert by_row[4].column == "入编时间" and "未满 16 周岁" in by_row[4].message
    assert by_row[5].column == "入编时间" and "已过退休时间" in by_row[5].message


def test_entry_documents_are_reused_or_registered(world, line):
    existing = builders.document(world.unit, number="示人社〔2015〕3号")
    rows = [
        roster_row(builders.id_number(), 入编文号="示人社〔2015〕3号"),
        roster_row(builders.id_number(), 入编文号="示人社〔2016〕9号", 入编时间="2016-03-01"),
    ]
    result = load(rows)
    assert result.ok, messages(result)
    records = EstablishmentRecord.objects.order_by("entry_on")
    assert records[0].entry_document == existing
    assert records[1].entry_document.number == "示人社〔2016〕9号"
    assert records[1].entry_document.issued_on == datetime.date(2016, 3, 1)


def test_a_numeric_id_number_cell_is_refused(world, line):
    row = roster_row(1.1010519491231002e17)
    result = load([row])
    assert result.errors[0].message == roster_import.ID_AS_NUMBER


def test_validation_query_count_does_not_grow_with_rows(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    builders.quota(world.unit, 30)
    DepartmentFactory(institution=world.unit, name="教务处")

    def count(rows):
        rows = [roster_row(n, 内设机构="教务处", 入编文号="示人社〔2015〕3号") for n in ids(rows)]
        with CaptureQueriesContext(connection) as queries:
            assert load(rows, dry_run=True).ok
        return len(queries)

    assert count(2) == count(20)
