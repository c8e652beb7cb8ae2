"""The customary content of the county ledgers (issue 16, item 3): the permit number, 籍贯 and
任现职时间 on the roster, 去向 of leavers, 办理情况 of permits, the document date and the
actor's name on leadership changes, and the one-row-per-unit 领导职数配备台账."""

import datetime

import pytest

from bianzhi import ledgers
from bianzhi.history import save_tracked, system_actor
from people import services as people_services
from staffing.choices import PermitStatus
from tests.kit import builders
from tests.kit.clock import day
from tests.kit.factories import DepartmentFactory, PublicInstitutionFactory

from .read import read
from .scene import build_scene


@pytest.fixture
def scene(world):
    return build_scene(world)


def export(tmp_path, kind, user, **params):
    path = tmp_path / f"{kind}.xlsx"
    ledgers.write_ledger(ledgers.get(kind), user=user, params=params, target=str(path))
    return read(path)


def midnight(value: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(value, datetime.time.min)


def by_name(sheet, header: str) -> dict:
    return dict(zip(sheet.column("姓名"), sheet.column(header), strict=True))


def test_roster_shows_the_permit_number_native_place_and_post_since(scene, tmp_path):
    record = scene.unit_line.records.filter(status="active").order_by("pk").first()
    record.person.native_place = "山东聊城"
    save_tracked(record.person, actor=system_actor(), reason="补录籍贯")
    sheet = export(tmp_path, "roster", scene.world.users["office_staff"])
    assert by_name(sheet, "籍贯")[record.person.name] == "山东聊城"
    assert by_name(sheet, "用编通知单编号")[record.person.name] == record.permit.number
    appointment = record.person.appointments.get()
    assert by_name(sheet, "任现职时间") == {
        "本单位职工2": midnight(appointment.started_on),
        "本单位职工3": None,
        "兄弟职工1": None,
        "兄弟职工2": None,
    }


def test_leavers_show_where_they_went(scene, tmp_path):
    line = builders.quota(PublicInstitutionFactory(region=scene.world.region), 1)
    (record,) = builders.staff(line, 1)
    people_services.exit_register(
        record=record,
        ended_on=scene.leaver.ended_on,
        end_reason="resignation",
        destination="考取省委选调生",
        actor=system_actor(),
    )
    sheet = export(tmp_path, "leavers", scene.world.users["office_staff"])
    assert by_name(sheet, "去向") == {
        scene.leaver.person.name: None,
        record.person.name: "考取省委选调生",
    }


def test_permits_show_whether_they_are_used_up_or_concluded(scene, tmp_path):
    open_one = builders.permit(scene.unit_line, count=1, number="示编用〔2026〕9号")
    closed = builders.permit(scene.unit_line, count=1, number="示编用〔2026〕10号")
    closed.status, closed.closed_on = PermitStatus.CANCELLED, closed.issued_on
    save_tracked(closed, actor=system_actor(), reason="注销")
    sheet = export(tmp_path, "permits", scene.world.users["office_staff"])
    progress = dict(zip(sheet.column("通知单编号"), sheet.column("办理情况"), strict=True))
    assert progress[open_one.number] == "使用中"
    assert progress[closed.number] == "已办结"
    used_up = [number for number in progress if number not in (open_one.number, closed.number)]
    assert used_up and {progress[number] for number in used_up} == {"已用完"}


def test_leadership_changes_show_the_document_date_and_the_actors_name(scene, tmp_path):
    quota = scene.world.unit.leadership_quotas.get()
    quota.document.issued_on = datetime.date(1984, 6, 1)
    quota.document.save()
    sheet = export(tmp_path, "leadership_changes", scene.world.users["office_staff"])
    assert sheet.column("发文日期") == [midnight(datetime.date(1984, 6, 1))]
    assert sheet.column("经办人") == ["系统"]  # the name, not the account "system"
    assert sheet.column("办理日期")[0] > midnight(datetime.date(1984, 6, 1))


def test_leadership_holders_one_row_per_unit_heads_before_deputies(scene, tmp_path):
    unit = scene.world.unit
    deputies = builders.leadership_quota(unit, "unit_deputy", approved=3)
    third = scene.unit_line.records.get(person__name="本单位职工3").person
    builders.appoint(third, deputies, title="副局长", started_on=day(2, 1))
    sibling_head = builders.leadership_quota(scene.world.sibling, "unit_head", approved=1)
    for person in scene.sibling_line.records.order_by("pk"):
        builders.appoint(
            person.person,
            sibling_head,
            over_quota_document=builders.document(scene.world.sibling),
        )
    sheet = export(tmp_path, "leadership_holders", scene.world.users["office_staff"])
    headers = sheet.headers()
    assert headers[:5] == ["序号", "单位", "核定", "实配", "现任"]
    assert [sheet.sheet.cell(3, col).value for col in (3, 6)] == ["单位正职", "单位副职"]
    rows = {row[1]: row for row in sheet.data()}
    assert set(rows) == {"示例县本单位", "示例县兄弟单位"}
    mine = rows["示例县本单位"]
    assert mine[2:8] == [1, 1, "本单位职工2", 3, 1, "本单位职工3"]
    assert mine[-2:] == [2, 0]  # 缺配 two deputies, nothing 超配
    assert rows["示例县兄弟单位"][2:5] == [1, 2, "兄弟职工1、兄弟职工2"]
    assert rows["示例县兄弟单位"][-2:] == [0, 1]
    assert sheet.totals()[2:4] == [2, 3]
    clerk = export(tmp_path, "leadership_holders", scene.world.users["clerk"])
    assert [row[1] for row in clerk.data()] == ["示例县本单位"]


def test_institutions_split_public_quotas_by_funding_and_leadership_by_post(scene, tmp_path):
    partial = builders.quota(scene.world.unit, 4, "public", "partial")
    builders.staff(partial, 1, name_prefix="差额职工")
    department = DepartmentFactory(institution=scene.world.unit)
    builders.leadership_quota(
        scene.world.unit, "department_deputy", approved=2, department=department
    )
    sheet = export(tmp_path, "institutions", scene.world.users["office_staff"])
    headers = sheet.headers()
    unit = next(row for row in sheet.data() if row[1] == "示例县本单位")

    def block(group):
        start = [cell.value for cell in sheet.sheet[3]].index(group)
        assert headers[start : start + 4] == ["核定", "实有", "空编", "超编"]
        return unit[start : start + 4]

    assert block("事业编制（全额拨款）") == [5, 2, 3, 0]
    assert block("事业编制（差额拨款）") == [4, 1, 3, 0]
    assert block("事业编制（自收自支）") == [0, 0, 0, 0]
    assert block("合计") == [9, 3, 6, 0]
    departments = [cell.value for cell in sheet.sheet[3]].index("领导职数（内设机构）")
    assert headers[departments : departments + 4] == [
        "正职核定",
        "正职实配",
        "副职核定",
        "副职实配",
    ]
    assert unit[departments : departments + 4] == [0, 0, 2, 0]
    assert dict(zip(headers, unit, strict=True))["缺配"] == 2


def test_institutions_are_subtotalled_by_system_and_totalled_once(scene, tmp_path):
    """政府 (主管局, 兄弟单位) before 其他 (本单位, a 事业单位), each followed by its 小计; the 合计
    is the sum of the units, the 小计 rows not counted again."""
    path = tmp_path / "institutions.xlsx"
    staff = scene.world.users["office_staff"]
    ledgers.write_ledger(ledgers.get("institutions"), user=staff, params={}, target=str(path))
    values, formulas = read(path), read(path, data_only=False)
    cells = values.sheet
    # Rows 5, 6: 政府; 7: 小计; 8: 其他; 9: 小计; 10: 合计 (two header rows).
    assert [cells.cell(row, 2).value for row in (5, 6, 8)] == [
        "示例县主管局",
        "示例县兄弟单位",
        "示例县本单位",
    ]
    assert values.subtotal_rows() == [7, 9]
    assert [cells.cell(row, 1).value for row in (7, 9)] == ["政府系统小计", "其他系统小计"]
    # Printed two pages wide: the label within 序号 and 单位, the columns on every page.
    assert {"A7:B7", "A9:B9", "A10:B10"} <= values.merged()
    assert values.totals_row == 10
    summed = [index for index, value in enumerate(formulas.totals()) if str(value).startswith("=")]
    assert summed and summed[0] == 9  # 行政编制 核定, the first column after the text columns
    rows = {row: [cell.value for cell in cells[row]] for row in range(5, 11)}
    for index in summed:
        letter = cells.cell(5, index + 1).column_letter
        assert formulas.sheet.cell(7, index + 1).value == f"=SUBTOTAL(9,{letter}5:{letter}6)"
        assert formulas.sheet.cell(9, index + 1).value == f"=SUBTOTAL(9,{letter}8:{letter}8)"
        assert formulas.totals()[index] == f"=SUBTOTAL(9,{letter}5:{letter}9)"
        assert rows[7][index] == rows[5][index] + rows[6][index]
        assert rows[9][index] == rows[8][index]
        assert rows[10][index] == rows[5][index] + rows[6][index] + rows[8][index]
    # 行政编制 and the 合计 block: 兄弟单位 over by one; 本单位's 事业编制.
    assert rows[7][9:13] == [1, 2, 0, 1] and rows[7][33:37] == [1, 2, 0, 1]
    assert rows[9][33:37] == [5, 2, 3, 0]
    assert rows[10][33:37] == [6, 4, 3, 1]
    assert [row[0] for row in values.data()] == [1, 2, 3]
