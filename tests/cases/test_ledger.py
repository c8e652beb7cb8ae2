"""违规案件台账: every case of the scope with its handling, deadline, findings and feedback; the
office exports it, nobody else; the list page's columns are all in it."""

import pytest

from bianzhi import ledgers
from cases import services
from cases.choices import Measure
from cases.problems import case_problem_record
from tests.kit.clock import TODAY
from tests.ledgers.read import read

from .scene import closed, fed_back, received

pytestmark = pytest.mark.django_db


def test_the_ledger_lists_the_cases_with_their_deadlines_and_feedback(world, tmp_path):
    done = fed_back(world, received_days_ago=30)
    services.responsible_add(
        case=done,
        name="李某",
        post="主任",
        measure=Measure.ADMONITION,
        actor=world.users["office_staff"],
    )
    case_problem_record(
        case=done,
        institution=world.unit,
        finding="违规使用编外人员",
        requirement="清退",
        deadline=TODAY,
        actor=world.users["office_staff"],
    )
    services.case_close(case=done, actor=world.users["office_staff"])
    late = received(world, received_days_ago=70)
    received(world, region=world.other_region)
    path = tmp_path / "cases.xlsx"
    ledger = ledgers.get("cases")
    ledgers.write_ledger(ledger, user=world.users["office_staff"], params={}, target=str(path))
    sheet = read(path)
    assert sheet.headers() == [
        "序号", "案件编号", "受理日期", "举报渠道", "转办单位", "被举报单位", "违规类型",
        "举报事项", "承办人", "分办日期", "办理期限", "办理状态", "逾期天数", "调查结论",
        "查结日期", "责任人员数", "整改问题数", "反馈日期", "反馈方式", "办结日期",
    ]  # fmt: skip
    rows = {
        number: (state, late_days, method, problems)
        for number, state, late_days, method, problems in zip(
            sheet.column("案件编号"),
            sheet.column("办理状态"),
            sheet.column("逾期天数"),
            sheet.column("反馈方式"),
            sheet.column("整改问题数"),
            strict=True,
        )
    }
    assert rows == {
        done.number: ("已办结", None, "当面反馈", 1),
        late.number: ("待分办", 10, None, 0),
    }
    assert not ledger.missing_table_columns()


def test_only_the_office_is_offered_the_ledger(world):
    offered = {
        role: "cases" in {ledger.kind for ledger in ledgers.offered_to(user)}
        for role, user in world.users.items()
    }
    assert offered == {
        "office_admin": True,
        "office_staff": True,
        "partner": False,
        "reviewer": False,
        "clerk": False,
    }


def test_a_ledger_of_another_role_holds_no_case(world, tmp_path):
    closed(world)
    path = tmp_path / "cases.xlsx"
    ledger = ledgers.get("cases")
    ledgers.write_ledger(ledger, user=world.users["partner"], params={}, target=str(path))
    assert read(path).column("案件编号") == []
