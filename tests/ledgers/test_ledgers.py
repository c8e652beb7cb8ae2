"""Every ledger of domain.md §4, read back: headers, merged ranges, frozen panes, print titles,
totals, text-typed IDs; scope, masking and a query count that does not grow with the rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bianzhi import ledgers
from bianzhi.access import Role
from bianzhi.history import system_actor
from people import services as people_services
from tests.kit import builders
from tests.kit.clock import day
from tests.kit.factories import PublicInstitutionFactory, make_user
from tests.people.reports import report

from .read import read
from .scene import OVER_DEADLINE, OVER_MEASURES, OVER_REASON, add_records, build_scene

EXPECTED_HEADERS = {
    "roster": [
        "序号", "单位", "内设机构", "姓名", "性别", "民族", "籍贯", "身份证号", "出生日期",
        "政治面貌", "人员类别", "编制类型", "经费形式", "岗位类别",
        # Rule 6: the status the roster import reads back (issue 14, item 12).
        "公务员登记",
        "职务", "任现职时间", "进入方式", "入编时间",
        "入编文号", "用编通知单编号", "参加工作时间", "学历", "学位", "职称", "备注",
    ],
    "leavers": [
        "序号", "单位", "姓名", "性别", "身份证号", "出生日期", "编制类型", "经费形式",
        "岗位类别", "职务", "入编时间", "出编时间", "减少原因", "出编文号", "去向", "备注",
    ],
    "timeliness": [
        "序号", "单位", "变动类型", "姓名", "发生日期", "报送日期", "应报日期", "逾期天数", "状态",
    ],
    "adjustments": [
        "序号", "生效日期", "文号", "事项", "类别", "单位", "编制类型", "调整前", "调整数", "调整后",
        "编制下沉",
    ],
    "permits": [
        "序号", "通知单编号", "单位", "编制类型", "核准数", "用途", "核准日期", "有效期至",
        "已使用", "剩余", "使用人", "状态", "办理情况",
    ],
    "over_established": [
        "序号", "单位", "编制类型", "核定", "实有", "超编数", "原因", "消化措施", "消化时限",
        "本期减少",
    ],
    "leadership": ["序号", "机构", "内设机构", "职务类别", "核定", "实配", "缺配", "超配", "依据文件"],
    "leadership_changes": [
        "序号", "发文日期", "单位", "内设机构", "职务类别", "调整前", "增减", "调整后", "文号",
        "事由", "办理日期", "经办人",
    ],
}  # fmt: skip
FROZEN = {
    "roster": "E4",
    "leavers": "D4",
    "timeliness": "C4",
    "adjustments": "D5",
    "permits": "C4",
    "over_established": "C4",
    "leadership": "D4",
    "leadership_changes": "D4",
    "leadership_holders": "C5",
    "institutions": "C5",
    "retirement_forecast": "C5",
    "push_down": "C4",
    "school_standards": "C4",
    "hospital_control": "C4",
    "filed_staff": "D4",
    "pool_loans": "D4",
    "special_quotas": "C4",
}


@pytest.fixture
def scene(world):
    return build_scene(world)


def export(tmp_path, kind, user, **params):
    path = tmp_path / f"{kind}.xlsx"
    ledgers.write_ledger(ledgers.get(kind), user=user, params=params, target=str(path))
    return read(path)


def test_every_ledger_of_the_domain_is_registered():
    assert {ledger.title for ledger in ledgers.every()} == {
        "实名制人员花名册",
        "机构编制台账",
        "编制调整台账",
        "领导职数台账",
        "领导职数调整台账",
        "领导职数配备台账",
        "用编台账",
        "超编单位台账",
        "变动报送及时性台账",
        "减少人员花名册",
        "自查台账",
        "访问日志",
        "退休预测台账",
        "编制下沉统计台账",
        "中小学教职工编制核定台账",
        "公立医院人员控制总量台账",
        "备案制人员花名册",
        "用编进人计划台账",
        "空编收回台账",
        "周转池台账",
        "高层次人才专项编制台账",
        "跟踪问效台账",
        "违规案件台账",
        "评估考核结果台账",
        "评估考核等次名单",
        "问题台账",
        "问题整改统计表",
        "工资统发核对结果表",
        "经费核定表",
    }


@pytest.mark.parametrize("ledger", ledgers.every(), ids=lambda ledger: ledger.kind)
def test_the_list_page_columns_are_all_downloaded(ledger):
    """One table definition: every column the list page shows has its ledger column."""
    assert not ledger.missing_table_columns()


@pytest.mark.parametrize("kind", sorted(FROZEN))
def test_every_ledger_has_the_government_layout(scene, tmp_path, kind):
    user = scene.world.users["office_staff"]
    sheet = export(tmp_path, kind, user)
    title = ledgers.get(kind).title
    # The region's name in the title (issue 16).
    assert sheet.sheet["A1"].value == f"{scene.world.region.name}{title}"
    assert "截至日期" in sheet.sheet["A2"].value
    assert sheet.sheet.title == title
    if kind in EXPECTED_HEADERS:
        assert sheet.headers() == EXPECTED_HEADERS[kind]
    assert sheet.sheet.freeze_panes == FROZEN[kind]
    last_header = 2 + sheet.header_rows
    assert sheet.sheet.print_title_rows == f"$3:${last_header}"
    assert sheet.sheet.auto_filter.ref.startswith(f"A{last_header}:")
    assert sheet.sheet.page_setup.orientation == "landscape"
    assert sheet.sheet.oddFooter.center.text == "第 &P 页 共 &N 页"
    assert str(sheet.totals()[0]).startswith("合计")
    assert "制表人" in sheet.signatures() and "审核人" in sheet.signatures()
    assert [row[0] for row in sheet.data()] == list(range(1, len(sheet.data()) + 1))


def test_roster_rows_scope_and_text_ids(scene, tmp_path):
    sheet = export(tmp_path, "roster", scene.world.users["office_staff"])
    names = sheet.column("姓名")
    assert sorted(names) == ["兄弟职工1", "兄弟职工2", "本单位职工2", "本单位职工3"]
    assert sheet.totals()[0] == "合计：4 人"
    id_cells = [row[7] for row in sheet.cells()]
    assert all(cell.data_type == "s" and len(cell.value) == 18 for cell in id_cells)
    assert "*" not in "".join(cell.value for cell in id_cells)


def test_a_clerk_exports_only_the_units_rows_with_masked_ids(scene, tmp_path):
    sheet = export(tmp_path, "roster", scene.world.users["clerk"])
    assert sorted(sheet.column("姓名")) == ["本单位职工2", "本单位职工3"]
    assert all(number[6:14] == "********" for number in sheet.column("身份证号"))


@pytest.mark.parametrize(
    ("role", "full"), [("office_admin", True), ("partner", False), ("reviewer", False)]
)
def test_id_numbers_are_masked_unless_the_role_may_see_them(scene, tmp_path, role, full):
    numbers = export(tmp_path, "roster", scene.world.users[role]).column("身份证号")
    assert numbers
    assert all(("*" not in number) == full for number in numbers)


def test_a_partner_allowed_full_ids_gets_them(scene, tmp_path):
    partner = make_user(Role.PARTNER, region=scene.world.region, may_see_full_id=True)
    numbers = export(tmp_path, "roster", partner).column("身份证号")
    assert numbers and not any("*" in number for number in numbers)


def test_roster_follows_the_list_filters_and_the_institution_subtree(scene, tmp_path):
    staff = scene.world.users["office_staff"]
    by_type = export(tmp_path, "roster", staff, establishment_type="administrative")
    assert set(by_type.column("单位")) == {"示例县兄弟单位"}
    under = export(tmp_path, "roster", staff, under=str(scene.world.supervisor.pk))
    assert set(under.column("单位")) == {"示例县本单位"}
    searched = export(tmp_path, "roster", staff, q="兄弟")
    assert searched.column("姓名") == ["兄弟职工1", "兄弟职工2"]


def test_roster_as_of_a_past_day_includes_who_was_there(scene, tmp_path):
    staff = scene.world.users["office_staff"]
    eve = scene.leaver.ended_on - datetime.timedelta(days=1)
    sheet = export(tmp_path, "roster", staff, as_of=eve.isoformat())
    assert scene.leaver.person.name in sheet.column("姓名")
    before_entry = export(tmp_path, "roster", staff, as_of=day(1, 15).isoformat())
    assert before_entry.data() == []


def test_roster_with_people_who_left_shows_their_status(scene, tmp_path):
    sheet = export(tmp_path, "roster", scene.world.users["office_staff"], status="")
    assert sheet.headers()[-3:] == ["状态", "出编时间", "出编原因"]
    assert "退休" in sheet.column("出编原因")


def test_bad_parameters_are_refused_with_a_message(scene, tmp_path):
    staff = scene.world.users["office_staff"]
    with pytest.raises(ledgers.LedgerError, match="无效"):
        export(tmp_path, "roster", staff, as_of="2026-13-01")
    with pytest.raises(ledgers.LedgerError, match="范围内没有编号"):
        export(tmp_path, "roster", staff, under=str(scene.world.foreign.pk))
    with pytest.raises(ledgers.LedgerError, match="区划代码"):
        export(tmp_path, "roster", staff, region_code=scene.world.other_region.code)
    with pytest.raises(ledgers.LedgerError, match="没有名为"):
        ledgers.get("nonsense")


def test_institutions_ledger_figures_per_type_and_totals(scene, tmp_path):
    sheet = export(tmp_path, "institutions", scene.world.users["office_staff"])
    assert {"I3:I4", "J3:M3", "V3:Y3", "AH3:AK3", "AL3:AO3"} <= sheet.merged()
    assert sheet.sheet["J3"].value == "行政编制"
    assert sheet.sheet["V3"].value == "事业编制（全额拨款）"
    assert sheet.sheet["Z3"].value == "事业编制（差额拨款）"
    assert sheet.sheet["AH3"].value == "合计"
    assert sheet.sheet["AL3"].value == "领导职数（单位）"
    rows = {row[1]: row for row in sheet.data()}
    assert set(rows) == {"示例县主管局", "示例县本单位", "示例县兄弟单位"}
    unit, sibling = rows["示例县本单位"], rows["示例县兄弟单位"]
    assert unit[21:25] == [5, 2, 3, 0]  # 事业编制（全额拨款） 核定 实有 空编 超编
    assert unit[25:33] == [0] * 8  # 差额拨款, 自收自支
    assert sibling[9:13] == [1, 2, 0, 1]  # 行政编制: over by one
    assert unit[33:37] == [5, 2, 3, 0] and sibling[33:37] == [1, 2, 0, 1]  # 合计
    assert unit[37:41] == [1, 1, 0, 0]  # 单位 正职 核定 实配, 副职 核定 实配
    assert unit[45:49] == [1, 1, 0, 0]  # 领导职数 合计核定 合计实配 缺配 超配
    assert unit[8] == "全额拨款"
    totals = sheet.totals()
    assert totals[9:13] == [1, 2, 0, 1] and totals[21:25] == [5, 2, 3, 0]
    assert totals[33:37] == [6, 4, 3, 1]


def test_institutions_ledger_as_of_uses_the_adjustments_in_force(scene, tmp_path):
    sheet = export(
        tmp_path, "institutions", scene.world.users["office_staff"], as_of=day(2, 15).isoformat()
    )
    sibling = next(row for row in sheet.data() if row[1] == "示例县兄弟单位")
    assert sibling[9:13] == [2, 2, 0, 0]  # before the cut of 2026-03-01


def test_over_established_ledger(scene, tmp_path):
    sheet = export(tmp_path, "over_established", scene.world.users["office_staff"])
    deadline = datetime.datetime.combine(OVER_DEADLINE, datetime.time.min)
    assert sheet.data() == [
        [1, "示例县兄弟单位", "行政编制", 1, 2, 1, OVER_REASON, OVER_MEASURES, deadline, 0]
    ]
    assert sheet.totals()[5] == 1


def test_adjustments_ledger(scene, tmp_path):
    sheet = export(tmp_path, "adjustments", scene.world.users["office_staff"])
    assert {"F3:J3"} <= sheet.merged()
    assert sheet.column("调整数") == [5, 2, -1]
    assert sheet.totals()[8] == 6
    assert all(cell.data_type == "s" for cell in (row[2] for row in sheet.cells()))
    clerk = export(tmp_path, "adjustments", scene.world.users["clerk"])
    assert clerk.column("单位") == ["示例县本单位"]


def test_permits_ledger_lists_who_used_each(scene, tmp_path):
    sheet = export(tmp_path, "permits", scene.world.users["office_staff"])
    users = dict(zip(sheet.column("单位"), sheet.column("使用人"), strict=True))
    assert users["示例县本单位"] == "本单位职工1、本单位职工2、本单位职工3"
    assert sheet.totals()[4] == 5  # 核准数 3 + 2
    assert sheet.totals()[8] == 5  # 已使用


def test_leadership_ledgers(scene, tmp_path):
    staff = scene.world.users["office_staff"]
    quotas = export(tmp_path, "leadership", staff)
    assert quotas.data() == [[1, "示例县本单位", None, "单位正职", 1, 1, 0, 0, quotas.data()[0][8]]]
    changes = export(tmp_path, "leadership_changes", staff)
    assert [row[5:8] for row in changes.data()] == [[0, 1, 1]]
    assert changes.column("事由") == ["核定领导职数"]


def test_leavers_ledger(scene, tmp_path):
    sheet = export(tmp_path, "leavers", scene.world.users["office_staff"])
    assert sheet.column("姓名") == [scene.leaver.person.name]
    assert sheet.column("减少原因") == ["退休"]
    assert sheet.column("出编文号") == ["示编退〔2026〕1号"]


def test_timeliness_ledger(scene, tmp_path):
    start = (scene.leaver.ended_on - datetime.timedelta(days=60)).isoformat()
    sheet = export(tmp_path, "timeliness", scene.world.users["office_staff"], start=start)
    rows = {row[1]: row for row in sheet.data()}
    assert set(rows) == {"示例县本单位", "示例县兄弟单位"}
    assert rows["示例县本单位"][3] == "本单位职工2"
    assert rows["示例县本单位"][7:] == [5, "逾期未报"]
    assert rows["示例县兄弟单位"][7:] == [3, "迟报"]


QUERY_COUNTED = [
    "roster",
    "institutions",
    "adjustments",
    "permits",
    "leadership",
    "leadership_changes",
    "leadership_holders",
    "leavers",
    "timeliness",
]


@pytest.mark.parametrize("kind", QUERY_COUNTED)
def test_query_count_does_not_grow_with_rows(scene, tmp_path, kind):
    staff = scene.world.users["office_staff"]
    export(tmp_path, kind, staff)  # the user's scope, read once and kept
    with CaptureQueriesContext(connection) as few:
        export(tmp_path, kind, staff)
    line = builders.quota(PublicInstitutionFactory(region=scene.world.region), 12)
    builders.leadership_quota(line.institution, "unit_deputy", approved=2)
    for days in (1, 2, 3):
        report(line.institution, due=scene.leaver.ended_on - datetime.timedelta(days=days))
    records = add_records(line, 12, "新职工")
    for record in records[:3]:
        people_services.exit_register(
            record=record,
            ended_on=scene.leaver.ended_on,
            end_reason="retirement",
            actor=system_actor(),
        )
    with CaptureQueriesContext(connection) as many:
        sheet = export(tmp_path, kind, staff)
    assert len(sheet.data()) > 1
    assert len(many) == len(few), kind


def test_the_timeliness_totals_count_each_status_and_the_on_time_rate(scene, tmp_path):
    # The scene's reports fall due in the last days, which on 1–5 January were last year.
    start = timezone.localdate() - datetime.timedelta(days=30)
    sheet = export(
        tmp_path, "timeliness", scene.world.users["office_staff"], start=start.isoformat()
    )
    statuses = sheet.column("状态")
    on_time, late, overdue = (statuses.count(label) for label in ("按时报送", "迟报", "逾期未报"))
    judged = on_time + late + overdue
    assert late >= 1 and overdue >= 1
    assert sheet.totals()[0] == (
        f"合计：{len(statuses)} 件　　按时 {on_time} 件　　迟报 {late} 件　　"
        f"逾期 {overdue} 件　　及时率 {on_time / judged * 100:.1f}%"
    )


def test_an_empty_ledger_prints_what_it_lacks(scene, tmp_path):
    eve = scene.leaver.ended_on - datetime.timedelta(days=1)
    sheet = export(tmp_path, "leavers", scene.world.users["office_staff"], as_of=eve.isoformat())
    assert sheet.empty_line == "本期无减少人员"
    assert sheet.data() == []
    assert sheet.totals()[0] == "合计：0 人"
