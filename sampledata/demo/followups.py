"""跟踪问效 in the demo county (seed 004, rules 40–42). SAMPLE DATA ONLY.

The county's 问效 scheme for the load year: 决策落实, 运行效果 and 调整优化方向 with 40 indicators
(100 points; one computed from the registry), after 潍坊's 机构编制事项跟踪问效实施办法. Two
approved matters, dated from the load day so the demo looks the same whatever day it is loaded:
a transfer approved 7 months ago, whose half-year follow-up the office has scored below 60 (its
核减 proposal awaits a decision), and one approved 6 months ago, due this month, with its 八问
research recorded before approval. Loaded once: nothing is written when the scheme exists.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from assessments.choices import IndicatorKind, IndicatorSource, QuantRule, SchemeUse
from assessments.models import Indicator, Scheme
from assessments.services import finish_evaluation, record_score
from bianzhi.access import Role
from bianzhi.history import save_tracked
from followups import scoring, services
from followups.choices import Stage
from followups.models import FollowUp
from followups.scheduling import followups_schedule, months_after
from orgs import services as org_services
from orgs.choices import InstitutionKind
from orgs.models import Region
from staffing.choices import AdjustmentKind
from staffing.models import QuotaLine
from staffing.selectors import line_figures
from staffing.services import LineChange, adjustment_apply

from .orgs import COUNTY_CODE

REASON = "演示数据：跟踪问效"
SCHEME_NAME = "机构编制事项跟踪问效指标体系"
OFFICE_USER = "staff"
# How the demo's two followed transfers' documents are titled (and found again by the tests).
TRANSFER_TITLE = "关于%s增加编制的批复（演示）"

# (name, points); a leaf named with a metric is computed from the registry (lower is better).
DECISION = (
    "批复文件按时印发执行",
    "机构按批复挂牌到位",
    "内设机构按批复设置",
    "领导职数按批复配备",
    "编制按批复核定使用",
    "划转人员按时到位",
    "职责按批复划入划出",
    "“三定”规定落实到位",
    "无超编进人",
    "无超职数配备领导干部",
    "无混编混岗",
    "实名制信息按时报送",
    "经费、场所等配套措施落实",
    "批复事项挂账销号",
)
OPERATION = (
    "主要职责履行到位",
    "年度重点任务完成情况",
    "业务量与编制配置匹配",
    "服务对象满意度",
    "办事效率提升情况",
    "部门间职责交叉、推诿问题",
    "人员年龄、专业结构合理",
    "编制使用率",
    "专业技术人员占比",
    "内部运行机制顺畅",
    "预期效果实现程度（对照效果预测）",
    "管理制度健全",
    "信息化建设和应用",
    "社会评价",
    "主管部门评价",
    "违规违纪问题",
    "应急处置能力",
    "人员培训和能力提升",
)
OPTIMISATION = (
    "职责调整需求研判",
    "机构设置优化空间",
    "编制配置优化空间",
    "人员编制结构调整建议",
    "与相关部门职责边界清晰",
    "问题整改措施明确",
    "后续管理措施落实（对照后续管理）",
    "与机构改革方向衔接",
)
PARTS = (("决策落实", DECISION), ("运行效果", OPERATION), ("调整优化方向", OPTIMISATION))
LEAF_POINTS = Decimal("2.5")
REGISTRY_LEAF = ("无超编进人", "overstaffed", [[0, 2.5], [2, 1]])

RESEARCH = {
    "current_state": "现有事业编制核定数与实有人数基本持平，窗口业务量近两年增长约四成，人员长期满负荷。",
    "history_notes": "2012 年设立，2019 年机构改革时职责未作调整，编制未增加。",
    "policy_basis": "《事业单位机构编制管理规定》及市委编办关于优化基层服务窗口编制配置的意见。",
    "supporting_measures": "编制从编制空余较多的单位内部划转，不增加编制总量；经费由财政按原渠道保障。",
    "expected_effect": "窗口平均办理时限由 5 个工作日缩短至 3 个工作日，群众满意度提升。",
    "aftercare": "批复后 6 个月、1 年分别跟踪问效，重点看人员到位和办理时限变化。",
    "opinion": "论证充分，建议提交编委会议研究，挂账管理。",
}


def demo_scheme(*, region, year: int, actor) -> Scheme:
    """The 问效 scheme: three parts, 40 indicators of 2.5 points each (100 in all)."""
    scheme = save_tracked(
        Scheme(
            region=region,
            use=SchemeUse.FOLLOWUP,
            year=year,
            name=SCHEME_NAME,
            note="分类问效、同类可比：对批复6个月、1年的事项定向问效；综合得分低于60分的提出机构撤并或核减编制的处理意见。",
        ),
        actor=actor,
        reason=REASON,
    )
    order = 0
    for number, (part, names) in enumerate(PARTS, start=1):
        order += 1
        group = save_tracked(
            Indicator(
                scheme=scheme,
                code=str(number),
                name=part,
                kind=IndicatorKind.GROUP,
                max_points=LEAF_POINTS * len(names),
                sort_order=order,
            ),
            actor=actor,
            reason=REASON,
        )
        for index, name in enumerate(names, start=1):
            order += 1
            leaf = Indicator(
                scheme=scheme,
                parent=group,
                code=f"{number}.{index}",
                name=name,
                kind=IndicatorKind.QUALITATIVE,
                max_points=LEAF_POINTS,
                sort_order=order,
            )
            if name == REGISTRY_LEAF[0]:
                leaf.kind = IndicatorKind.QUANTITATIVE
                leaf.source = IndicatorSource.REGISTRY
                leaf.metric = REGISTRY_LEAF[1]
                leaf.rule = QuantRule.THRESHOLDS
                leaf.thresholds = REGISTRY_LEAF[2]
                leaf.higher_is_better = False
                leaf.unit = "人"
            save_tracked(leaf, actor=actor, reason=REASON)
    return scheme


def _transfer(region, *, issued_on: datetime.date, number: str, actor, skip=()):
    """A transfer of one 事业编制 slot approved on ``issued_on`` from a unit with a vacancy to
    another public institution; the first pair the adjustment's own checks accept."""
    lines = (
        QuotaLine.objects.filter(
            institution__region=region,
            institution__kind=InstitutionKind.PUBLIC_INSTITUTION,
            institution__status="active",
            funding_form="full",
        )
        .exclude(institution__in=skip)
        .select_related("institution")
        .order_by("institution__sort_order", "pk")
    )
    figures = {line.pk: line_figures(line) for line in lines}
    givers = [line for line in lines if figures[line.pk].available >= 1]
    # An over-established unit is left as it is: the demo's 自查 finds it (rule 22).
    takers = [line for line in lines if figures[line.pk].over == 0]
    for giver in givers:
        for taker in takers:
            if taker.institution_id == giver.institution_id:
                continue
            try:
                with transaction.atomic():
                    document = org_services.document_create(
                        actor=actor,
                        reason=REASON,
                        number=number,
                        title=TRANSFER_TITLE % taker.institution.full_name,
                        issuer="示例县机构编制委员会",
                        issued_on=issued_on,
                        region=region,
                        institutions=[giver.institution, taker.institution],
                    )
                    return adjustment_apply(
                        region=region,
                        kind=AdjustmentKind.TRANSFER,
                        summary=f"从{giver.institution.full_name}划转事业编制 1 名至{taker.institution.full_name}",
                        document=document,
                        effective_on=issued_on,
                        lines=[
                            LineChange(giver.establishment_type, -1, giver.institution, "full"),
                            LineChange(taker.establishment_type, 1, taker.institution, "full"),
                        ],
                        actor=actor,
                    )
            except ValidationError:
                continue
    return None


def _score_low(follow_up: FollowUp, user) -> None:
    """The office's half-year scores: 决策落实 mostly done, the unit's running poor."""
    scoring.start(follow_up=follow_up, actor=user)
    follow_up.refresh_from_db()
    evaluation = follow_up.evaluation
    for number, indicator in enumerate(
        evaluation.indicators().exclude(kind=IndicatorKind.GROUP).order_by("sort_order")
    ):
        if indicator.source == IndicatorSource.REGISTRY:
            continue
        points = Decimal("2") if indicator.code.startswith("1.") else Decimal("1")
        if number % 3 == 0:
            points = Decimal("0.5")
        record_score(
            evaluation=evaluation,
            indicator=indicator,
            user=user,
            points=points,
            note="问效座谈和实地查看：人员未按批复到位，窗口办理时限未见缩短",
        )
    finish_evaluation(evaluation=evaluation, user=user)


def _office_user(region):
    """The demo's office staff account, who scores and records research."""
    users = get_user_model().objects
    return (
        users.filter(username=OFFICE_USER).first()
        or users.filter(scope__role=Role.OFFICE_STAFF, scope__region=region).first()
    )


def load_demo_followups(*, actor, today: datetime.date) -> dict:
    """Return what was created ({} when loaded already)."""
    region = Region.objects.get(code=COUNTY_CODE)
    if Scheme.objects.filter(region=region, use=SchemeUse.FOLLOWUP).exists():
        return {}
    user = _office_user(region)
    with transaction.atomic():
        demo_scheme(region=region, year=today.year, actor=actor)
        overdue = _transfer(
            region,
            issued_on=months_after(today, -7),
            number=f"示编发〔{months_after(today, -7).year}〕61号",
            actor=actor,
        )
        due = _transfer(
            region,
            issued_on=months_after(today, -6),
            number=f"示编发〔{months_after(today, -6).year}〕64号",
            actor=actor,
            skip=[line.institution for line in overdue.lines.all()] if overdue else (),
        )
        if due is not None:
            taker = due.lines.get(delta__gt=0).institution
            services.research_record(
                actor=user,
                institution=taker,
                subject=due.summary,
                recorded_on=due.document.issued_on - datetime.timedelta(days=20),
                **RESEARCH,
            )
        created = followups_schedule(today=today, actor=actor).created
        if overdue is not None:
            half_year = FollowUp.objects.get(adjustment=overdue, stage=Stage.HALF_YEAR)
            _score_low(half_year, user)
    return {
        "followups": FollowUp.objects.filter(institution__region=region).count() or len(created)
    }
