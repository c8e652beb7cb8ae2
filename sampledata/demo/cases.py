"""违规案件 in the demo county (rules 34, 35). SAMPLE DATA ONLY; names and numbers are invented.

Two 12310 reports, dated from the day the demo is loaded: one about over-establishment hiring,
investigated, concluded with a responsible person and a problem for rectification in the
问题台账, and closed after the reporter was told the findings in person; one about a leadership post, assigned to the demo staff and still under
investigation past its deadline, so the office's home and the overview show an overdue case.
The demo admin assigns, the demo staff handles. Loaded once: nothing is written when the demo
county holds cases already.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from cases import services
from cases.choices import Category, Channel, Conclusion, FeedbackMethod, Measure
from cases.models import Case
from cases.problems import case_problem_record
from orgs.models import Institution, Region

from .orgs import COUNTY_CODE

CLOSED_UNIT = "示例县招商引资服务中心"
OPEN_UNIT = "示例县融媒体中心"
ADMIN, HANDLER = "admin", "staff"
CLOSED_SUMMARY = "反映县招商引资服务中心超编进人"
OPEN_SUMMARY = "反映县融媒体中心超职数配备副主任"


def _days_ago(today: datetime.date, days: int) -> datetime.date:
    return today - datetime.timedelta(days=days)


def _closed_case(*, region, unit, admin, handler, today) -> Case:
    case = services.case_receive(
        region=region,
        received_on=_days_ago(today, 50),
        channel=Channel.PHONE,
        reporter_name="王某某",
        reporter_contact="139 0000 0001",
        institution=unit,
        category=Category.OVER_ESTABLISHMENT,
        summary=CLOSED_SUMMARY,
        content="来电反映该中心在无空编的情况下，以借调名义新进工作人员两名并在中心领取工资。",
        actor=handler,
    )
    case = services.case_assign(case=case, handler=handler, actor=admin)
    case = services.case_investigate(
        case=case,
        root_cause="中心业务量增加后未按程序申请用编，主要负责人以借调方式先行用人。",
        process="调阅中心近两年人员名册、工资发放表和借调审批材料，与中心负责人及两名借调人员谈话。",
        current_state="两名人员实际在中心工作，编制外领取工资；中心事业编制核定 8 名，实有 8 名，无空编。",
        actor=handler,
    )
    case = services.case_conclude(
        case=case,
        conclusion=Conclusion.TRUE,
        findings="反映属实：中心违规使用编外人员两名。责令中心一个月内清退，并在全县通报。",
        concluded_on=_days_ago(today, 20),
        actor=handler,
    )
    services.responsible_add(
        case=case,
        name="李某",
        post="县招商引资服务中心主任",
        measure=Measure.ADMONITION,
        detail="由县纪委监委对其诫勉谈话",
        actor=handler,
    )
    case_problem_record(
        case=case,
        institution=unit,
        finding="违规使用编外人员两名，在编制外领取工资。",
        requirement="清退两名编外人员，停止在中心发放其工资，报送清退证明和工资停发材料。",
        deadline=today + datetime.timedelta(days=30),
        actor=handler,
    )
    case = services.case_feedback(
        case=case,
        feedback_on=_days_ago(today, 15),
        method=FeedbackMethod.IN_PERSON,
        note="向举报人当面反馈查处结果，举报人表示满意。",
        actor=handler,
    )
    return services.case_close(case=case, actor=handler)


def _open_case(*, region, unit, admin, handler, today) -> Case:
    case = services.case_receive(
        region=region,
        received_on=_days_ago(today, 70),
        channel=Channel.ONLINE,
        reporter_contact="12310 网上举报查询码 A7K3-2291",
        institution=unit,
        category=Category.LEADERSHIP,
        summary=OPEN_SUMMARY,
        content="网上举报：该中心核定副主任职数 2 名，现有 3 人以副主任名义履职。",
        actor=handler,
    )
    case = services.case_assign(case=case, handler=handler, actor=admin)
    return services.case_investigate(
        case=case,
        root_cause="",
        process="已调取中心领导职数核定文件和任职文件，待与组织部门核对。",
        current_state="",
        actor=handler,
    )


def load_demo_cases(*, today: datetime.date) -> int:
    """Return how many cases were created (0 when the demo county holds cases already)."""
    region = Region.objects.get(code=COUNTY_CODE)
    if Case.objects.filter(region=region).exists():
        return 0
    users = get_user_model().objects.in_bulk([ADMIN, HANDLER], field_name="username")
    admin, handler = users[ADMIN], users[HANDLER]
    with transaction.atomic():
        closed_unit = Institution.objects.get(region=region, full_name=CLOSED_UNIT)
        open_unit = Institution.objects.get(region=region, full_name=OPEN_UNIT)
        _closed_case(region=region, unit=closed_unit, admin=admin, handler=handler, today=today)
        _open_case(region=region, unit=open_unit, admin=admin, handler=handler, today=today)
    return 2
