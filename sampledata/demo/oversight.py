"""The 问题台账 of the demo county (rules 30–33), with a problem in every state. SAMPLE DATA ONLY.

The demo clerk's school has problems waiting, overdue, reported, returned and closed, so the
clerk's home and the office's verification have something to show; a 巡视 finding of another
unit is overdue; one 自查 breach is recorded in one click, and one 自查 problem whose breach
has since gone is 数据已消除待销号. Every date is relative to the day of loading. Loaded once:
nothing is written when the county already holds a problem.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from attachments.services import attachment_add
from checks import registry
from orgs.models import Institution, Region
from oversight import services
from oversight.choices import ProblemSource
from oversight.models import Problem

from .orgs import COUNTY_CODE

REASON = "演示数据：问题台账"
SCHOOL = "示例县第一中学"
OTHER_UNIT = "示例县发展和改革局"
# A minimal PDF: what the demo clerk "uploads" as evidence.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _days(today, n):
    return today + datetime.timedelta(days=n)


def _evidence(problem, clerk, name):
    upload = SimpleUploadedFile(name, PDF, content_type="application/pdf")
    attachment_add(owner=problem, upload=upload, actor=clerk, description="演示材料")


def _reported(problem, clerk, text):
    _evidence(problem, clerk, "整改情况报告.pdf")
    return services.problem_report(problem=problem, actor=clerk, rectification=text)


def load_demo_problems(*, actor, today: datetime.date) -> int:
    """Return how many problems the demo county holds now (0 when loaded already)."""
    region = Region.objects.get(code=COUNTY_CODE)
    # The follow-ups and assessments demos record problems of their own: only an inspection's
    # or an audit's, which only this loader records, means it ran.
    if Problem.objects.filter(
        institution__region=region, source__in=(ProblemSource.INSPECTION, ProblemSource.AUDIT)
    ).exists():
        return 0
    users = get_user_model().objects
    staff, clerk = users.get(username="staff"), users.get(username="clerk")
    school = Institution.objects.get(region=region, full_name=SCHOOL)
    other = Institution.objects.get(region=region, full_name=OTHER_UNIT)

    def record(unit, source, finding, requirement, recorded, deadline, rules=()):
        return services.record_problem(
            institution=unit,
            source=source,
            finding=finding,
            requirement=requirement,
            deadline=_days(today, deadline),
            user=actor,
            rule_numbers=rules,
            recorded_on=_days(today, recorded),
            reason=REASON,
        )

    with transaction.atomic():
        record(
            school,
            ProblemSource.INSPECTION,
            "监督检查发现：部分教师实际在县教育局机关借用工作，花名册与实际岗位不符",
            "清理借用人员，确需借用的按规定办理手续，更新实名制信息",
            -5,
            25,
            (7,),
        )
        record(
            school,
            ProblemSource.AUDIT,
            "审计发现：学校后勤人员中有 2 人长期未在岗仍在编",
            "核实人员在岗情况，不在岗的依规办理出编，报送核实结果",
            -60,
            -15,
            (9,),
        )
        returned = record(
            school,
            ProblemSource.ASSESSMENT,
            "机构编制评估发现：内设机构设置与“三定”规定不一致",
            "按批复的内设机构调整设置，报送调整文件",
            -45,
            10,
        )
        _reported(returned, clerk, "已召开校务会研究调整内设机构")
        services.problem_return(
            problem=returned,
            actor=staff,
            reason="只报送了会议情况，缺少调整后的内设机构设置文件，请补充后重新报送",
        )
        reported = record(
            school,
            ProblemSource.INSPECTION,
            "监督检查发现：学校领导班子中 1 人职务任免文件未报编办备案",
            "补报任免文件并办理实名制信息变更",
            -30,
            5,
            (5,),
        )
        _reported(reported, clerk, "已补报任免文件（校任〔演示〕3号），并提交信息变更申报")
        closed = record(
            school,
            ProblemSource.CASE,
            "举报核查：学校擅自对外挂“教育培训中心”牌子",
            "摘除未经批准的牌子，报送整改照片",
            -90,
            -60,
        )
        _reported(closed, clerk, "已摘除该牌子")
        services.problem_sign_off(
            problem=closed, actor=staff, verification="实地核查，牌子已摘除，整改到位"
        )
        record(
            other,
            ProblemSource.AUDIT,
            "巡视反馈：超审批权限设置内设机构 1 个",
            "撤销超权限设置的内设机构，或按程序报批",
            -75,
            -30,
            (8,),
        )
        _self_check_problems(region, staff, today)
    return Problem.objects.filter(institution__region=region).count()


def _self_check_problems(region, staff, today):
    """One breach the 自查 finds now, recorded in one click; one 自查 problem whose breach has
    gone since (a unit once over its quota, now within it)."""
    for check in registry.every():
        breach = next((b for b in check.find(staff, today) if b.institution_id is not None), None)
        if breach is not None:
            services.problem_from_breach(
                check_code=check.code,
                institution_id=breach.institution_id,
                subject=breach.subject,
                user=staff,
            )
            break
    finance = Institution.objects.get(region=region, full_name="示例县财政局")
    services.record_problem(
        institution=finance,
        source=ProblemSource.SELF_CHECK,
        finding="超编未记录原因：示例县财政局 行政编制超编 1 名（自查发现，此后已办理出编）",
        requirement=registry.get("over_establishment").fix,
        deadline=_days(today, 10),
        user=staff,
        rule_numbers=(4,),
        recorded_on=_days(today, -20),
        reason=REASON,
        check_code="over_establishment",
        check_subject="示例县财政局 行政编制（演示）",
    )
