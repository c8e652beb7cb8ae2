"""Rule 43: a payroll with each kind of mismatch, compared with the registry on the last day of
its month (rule 44), gives exactly the expected findings, from a CSV as from an .xlsx; a bad file
is refused with its errors in Chinese and nothing is stored."""

import pytest

from payroll import jobs
from payroll.choices import FindingKind, RunStatus
from payroll.models import PayrollFinding

from .scene import build, csv_file, new_run, xlsx_file

pytestmark = pytest.mark.django_db


def findings_of(run) -> set[tuple[str, str]]:
    return {(finding.kind, finding.name) for finding in run.findings.all()}


@pytest.mark.parametrize("make_file", [csv_file, xlsx_file], ids=["csv", "xlsx"])
def test_each_kind_of_mismatch_is_found_and_nothing_else(world, make_file):
    scene = build(world)
    run = new_run(world)

    jobs.execute(run, make_file(scene.rows))

    assert run.status == RunStatus.DONE
    assert findings_of(run) == scene.expected
    assert run.rows == len(scene.rows)
    assert run.counts == {
        FindingKind.NOT_IN_REGISTRY: 2,
        FindingKind.NOT_PAID: 1,
        FindingKind.OTHER_UNIT: 1,
        FindingKind.CATEGORY: 2,
        FindingKind.AFTER_EXIT: 3,
    }
    assert run.finding_count == 9
    # In 编 on June 30: everyone held but 出编庚, 本月出编辛, 退休壬 and 后入编子.
    assert run.registry_count == 7


def test_each_finding_holds_both_sides(world):
    scene = build(world)
    run = new_run(world)
    jobs.execute(run, csv_file(scene.rows))

    moved = PayrollFinding.objects.get(run=run, kind=FindingKind.OTHER_UNIT)
    assert (moved.paid_institution, moved.institution) == (world.sibling, world.unit)
    assert moved.person == scene.people["调单位丁"]
    assert moved.id_number == scene.people["调单位丁"].id_number
    assert moved.id_number_masked == scene.people["调单位丁"].id_number_masked
    wrong = PayrollFinding.objects.get(run=run, name="差额戊")
    assert "事业编制（差额拨款）" in wrong.detail and "事业编制（全额拨款）" in wrong.detail
    gone = PayrollFinding.objects.get(run=run, name="出编庚")
    assert gone.ended_on.month == 4 and gone.record is not None
    unpaid = PayrollFinding.objects.get(run=run, kind=FindingKind.NOT_PAID)
    assert unpaid.row_number is None and unpaid.id_number == scene.people["未发丙"].id_number
    ghost = PayrollFinding.objects.get(run=run, name="空饷丑")
    assert ghost.person is None and ghost.paid_institution == world.sibling
    assert ghost.amount == 5000


def test_the_comparison_day_is_the_last_day_of_the_month(world):
    """In April 出编庚 left on the 15th: April's pay is due, no finding; 退休壬, retired on
    March 31, is paid after his exit month."""
    scene = build(world)
    run = new_run(world, month=scene_month(4))
    jobs.execute(run, csv_file(scene.rows))

    found = findings_of(run)
    assert (FindingKind.AFTER_EXIT, "出编庚") not in found
    assert (FindingKind.AFTER_EXIT, "退休壬") in found
    # 本月出编辛 was in 编 all April.
    assert not any(name == "本月出编辛" for _, name in found)


def scene_month(month):
    from tests.kit.clock import day

    return day(month, 1)


def test_a_query_count_that_does_not_grow_with_the_payroll(world, django_assert_max_num_queries):
    scene = build(world)
    run = new_run(world)
    with django_assert_max_num_queries(20):
        jobs.execute(run, csv_file(scene.rows))
    assert run.finding_count == 9


def test_a_csv_in_gbk_with_other_header_names_is_read(world):
    scene = build(world)
    run = new_run(world)
    headers = ["姓名", "身份证号码", "发放单位", "工资类别", "经费来源", "应发工资"]
    jobs.execute(run, csv_file(scene.rows, headers=headers, encoding="gb18030"))
    assert findings_of(run) == scene.expected


def test_a_bad_file_is_refused_with_every_error_and_nothing_is_stored(world):
    scene = build(world)
    rows = [list(row) for row in scene.rows]
    rows[1][1] = "110101199003077777"  # wrong check character
    rows[2][3] = "合同制"
    rows[3][4] = "财政补助"
    rows[4][5] = "五千"
    rows[5][0] = ""
    rows.append(list(scene.rows[0]))  # the same person twice
    run = new_run(world)

    result = jobs.execute(run, csv_file(rows))

    assert run.status == RunStatus.FAILED and "未进行核对" in run.error
    messages = [(error.row, error.column) for error in result.errors]
    assert messages == [
        (3, "身份证号"), (4, "编制类型"), (5, "经费形式"), (6, "发放金额"), (7, "姓名"),
        (13, "身份证号"),
    ]  # fmt: skip
    texts = " ".join(error.message for error in result.errors)
    assert "校验码" in texts or "第 18 位" in texts
    assert "合同制" in texts and "规则 44" in texts and "与第 2 行重复" in texts
    assert not PayrollFinding.objects.exists()
    assert run.result["errors"]


def test_a_file_that_is_not_a_table_is_refused_in_chinese(world):
    run = new_run(world)
    result = jobs.execute(run, csv_file([], headers=["随便", "什么"]))
    assert run.status == RunStatus.FAILED
    assert "没有找到表头行" in result.errors[0].message
    run = new_run(world, user="office_admin")
    import io

    result = jobs.execute(run, io.BytesIO(b"\x00\x01\x02binary"))
    assert "编码" in result.errors[0].message
