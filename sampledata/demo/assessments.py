"""评估考核 in the demo county (rules 36–39). SAMPLE DATA ONLY.

Two schemes with the indicators of the seeds (聊城 事业单位绩效考核: 共性指标 登记管理 and 社会评价,
个性指标 主体业务开展、经济社会效益、管理运行状况; 潍坊/山东 机构编制评估: 职能配置、运行机制、
职责履行、机构编制规定执行), last year's 绩效考核 round finished, graded and published (a C grade
proposing an establishment review), this year's scheme adjusted from it (一年一调整) with its round
at 自查自评 — the demo clerk's school has filled part of its self-assessment — and this year's
机构编制评估 at 实地评估. Dates are relative to the load day. Loaded once.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from assessments import services
from assessments.choices import (
    IndicatorKind,
    IndicatorPart,
    IndicatorSource,
    QuantRule,
    RoundStage,
    SchemeUse,
)
from assessments.models import Category, Evaluation, Indicator, Scheme
from bianzhi.history import save_tracked
from orgs.models import Institution, Region

from .orgs import COUNTY_CODE

REASON = "演示数据：评估考核"
Q, L, G = IndicatorKind.QUANTITATIVE, IndicatorKind.QUALITATIVE, IndicatorKind.GROUP
REGISTRY, SURVEY, REVIEW = IndicatorSource.REGISTRY, IndicatorSource.SURVEY, IndicatorSource.REVIEW

# (code, name, kind, points, options)
PERFORMANCE_COMMON = (
    ("1", "登记管理", G, 20, {}),
    (
        "1.1",
        "法人登记和年度报告公示",
        L,
        5,
        {"guidance": "按时办理设立、变更登记，年度报告如实公示"},
    ),
    (
        "1.2",
        "机构编制规定执行（超编人数）",
        Q,
        5,
        {
            "source": REGISTRY,
            "metric": "overstaffed",
            "rule": QuantRule.THRESHOLDS,
            "thresholds": [[0, 5], [1, 2]],
            "higher_is_better": False,
            "unit": "人",
        },
    ),
    (
        "1.3",
        "实名制信息报送及时性",
        Q,
        5,
        {
            "source": REGISTRY,
            "metric": "late_reports",
            "rule": QuantRule.FORMULA,
            "formula": "full - value",
            "unit": "件",
            "guidance": "每迟报或逾期未报一件扣 1 分",
        },
    ),
    (
        "1.4",
        "问题整改销号",
        Q,
        5,
        {
            "source": REGISTRY,
            "metric": "unresolved_problems",
            "rule": QuantRule.THRESHOLDS,
            "thresholds": [[0, 5], [1, 3]],
            "higher_is_better": False,
            "unit": "个",
        },
    ),
    ("2", "社会评价", G, 20, {}),
    (
        "2.1",
        "服务对象满意度",
        Q,
        20,
        {
            "source": SURVEY,
            "rule": QuantRule.FORMULA,
            "formula": "full * value / 100",
            "unit": "%",
            "guidance": "问卷调查满意率 × 分值",
        },
    ),
)
# 个性指标 per category (分类考评、同类同考).
PERFORMANCE_SPECIFIC = {
    "教育类": (
        ("E", "个性指标（教育类）", G, 60, {}),
        ("E.1", "主体业务开展情况（教育教学质量）", L, 30, {"source": REVIEW}),
        ("E.2", "经济社会效益（学生资助与社会服务）", L, 20, {"source": REVIEW}),
        ("E.3", "管理运行状况（内部管理与安全）", L, 10, {}),
    ),
    "卫生健康类": (
        ("H", "个性指标（卫生健康类，KPI）", G, 60, {}),
        ("H.1", "主体业务开展情况（医疗服务与公共卫生）", L, 30, {"source": REVIEW}),
        ("H.2", "经济社会效益（群众就医负担与分级诊疗）", L, 20, {"source": REVIEW}),
        ("H.3", "管理运行状况（运行效率与财务管理）", L, 10, {}),
    ),
}
EVALUATION_INDICATORS = (
    ("1", "职能配置情况", G, 20, {}),
    ("1.1", "职能界定清晰、与其他部门无交叉不顺", L, 10, {}),
    ("1.2", "内设机构设置与“三定”规定相符、无空壳机构", L, 10, {}),
    ("2", "运行机制情况", G, 20, {}),
    ("2.1", "内部运行和部门协调配合机制", L, 10, {}),
    ("2.2", "简政放权和事中事后监管落实", L, 10, {}),
    ("3", "职责履行情况", G, 30, {}),
    ("3.1", "主要职责履行和重点工作完成", L, 15, {}),
    (
        "3.2",
        "社会调查满意度",
        Q,
        15,
        {"source": SURVEY, "rule": QuantRule.FORMULA, "formula": "full * value / 100", "unit": "%"},
    ),
    ("4", "机构编制规定执行情况", G, 30, {}),
    (
        "4.1",
        "超编人数",
        Q,
        8,
        {
            "source": REGISTRY,
            "metric": "overstaffed",
            "rule": QuantRule.THRESHOLDS,
            "thresholds": [[0, 8], [1, 4]],
            "higher_is_better": False,
            "unit": "人",
        },
    ),
    (
        "4.2",
        "超职数配备领导干部人数",
        Q,
        6,
        {
            "source": REGISTRY,
            "metric": "over_leadership",
            "rule": QuantRule.THRESHOLDS,
            "thresholds": [[0, 6], [1, 3]],
            "higher_is_better": False,
            "unit": "人",
        },
    ),
    (
        "4.3",
        "混编混岗人数",
        Q,
        6,
        {
            "source": REGISTRY,
            "metric": "mixed",
            "rule": QuantRule.THRESHOLDS,
            "thresholds": [[0, 6]],
            "higher_is_better": False,
            "unit": "人",
        },
    ),
    (
        "4.4",
        "实名制信息报送及时性",
        Q,
        5,
        {
            "source": REGISTRY,
            "metric": "late_reports",
            "rule": QuantRule.FORMULA,
            "formula": "full - value",
            "unit": "件",
        },
    ),
    (
        "4.5",
        "评估和检查发现问题整改",
        Q,
        5,
        {
            "source": REGISTRY,
            "metric": "unresolved_problems",
            "rule": QuantRule.THRESHOLDS,
            "thresholds": [[0, 5], [1, 3]],
            "higher_is_better": False,
            "unit": "个",
        },
    ),
)

# Last year's round: unit → (category, share of each score the office gave).
LAST_YEAR = {
    "示例县第一中学": ("教育类", Decimal("0.96")),
    "示例县第二中学": ("教育类", Decimal("0.93")),
    "示例县实验小学": ("教育类", Decimal("0.86")),
    "示例县职业中等专业学校": ("教育类", Decimal("0.78")),
    "示例县城关镇中心学校": ("教育类", Decimal("0.82")),
    "示例县人民医院": ("卫生健康类", Decimal("0.95")),
    "示例县中医医院": ("卫生健康类", Decimal("0.88")),
    "示例县疾病预防控制中心": ("卫生健康类", Decimal("0.84")),
    "示例县城关镇卫生院": ("卫生健康类", Decimal("0.74")),
    "示例县东山乡卫生院": ("卫生健康类", Decimal("0.52")),
}
THIS_YEAR = {"示例县第一中学": "教育类", "示例县第二中学": "教育类", "示例县实验小学": "教育类"}
EVALUATED = {
    "示例县发展和改革局": Decimal("0.9"),
    "示例县自然资源局": Decimal("0.85"),
    "示例县农业农村局": None,
    "示例县市场监督管理局": Decimal("0.8"),
    "示例县卫生健康局": None,
}


def _indicators(scheme, rows, actor, *, category=None, start=0):
    by_code = {}
    for order, (code, name, kind, points, options) in enumerate(rows, start=start):
        parent = by_code.get(code.rsplit(".", 1)[0]) if "." in code else None
        options = dict(options)
        if kind == L:
            options.setdefault("guidance", "查阅资料、听取汇报、实地核查，按完成情况评分")
        by_code[code] = save_tracked(
            Indicator(
                scheme=scheme,
                parent=parent,
                code=code,
                name=name,
                kind=kind,
                max_points=Decimal(points),
                part=IndicatorPart.SPECIFIC if category else IndicatorPart.COMMON,
                category=category,
                sort_order=order,
                **options,
            ),
            actor=actor,
            reason=REASON,
        )


def _performance_scheme(region, year, actor) -> Scheme:
    scheme = save_tracked(
        Scheme(
            region=region,
            use=SchemeUse.PERFORMANCE,
            year=year,
            name="事业单位绩效考核指标体系",
            grade_a_min=Decimal(90),
            grade_b_min=Decimal(60),
            a_quota_percent=30,
            note="百分制：共性指标（登记管理、社会评价）40 分，个性指标（主体业务开展、经济社会效益、管理运行状况）60 分。",
        ),
        actor=actor,
        reason=REASON,
    )
    _indicators(scheme, PERFORMANCE_COMMON, actor)
    for index, (name, rows) in enumerate(PERFORMANCE_SPECIFIC.items()):
        category = save_tracked(
            Category(scheme=scheme, name=name, kpi=name == "卫生健康类"),
            actor=actor,
            reason=REASON,
        )
        _indicators(scheme, rows, actor, category=category, start=100 * (index + 1))
    return scheme


def _score(evaluation, actor, share: Decimal):
    """Every indicator that a person scores, at ``share`` of its points (rounded to halves)."""
    for score in evaluation.scores.select_related("indicator").exclude(indicator__source=REGISTRY):
        indicator = score.indicator
        if indicator.kind == Q:
            services.record_score(
                evaluation=evaluation,
                indicator=indicator,
                user=actor,
                value=(share * 100).quantize(Decimal("0.1")),
            )
            continue
        points = (indicator.max_points * share * 2).quantize(Decimal(1)) / 2
        note = "" if points == indicator.max_points else "部分工作未达标准，见实地考察记录"
        services.record_score(
            evaluation=evaluation, indicator=indicator, user=actor, points=points, note=note
        )


def _self_assess(evaluation, office, share):
    """The unit's self-assessment, handed in on paper and entered by the office (代填): full
    marks on the qualitative indicators, a survey a little above the office's."""
    for score in evaluation.scores.select_related("indicator").exclude(indicator__source=REGISTRY):
        indicator = score.indicator
        value = points = None
        if indicator.kind == Q:
            value = min(share * 100 + 3, Decimal(100)).quantize(Decimal("0.1"))
        else:
            points = indicator.max_points
        services.record_score(
            evaluation=evaluation,
            indicator=indicator,
            user=office,
            value=value,
            points=points,
            self_assessment=True,
        )


def _institution(region, name):
    return Institution.objects.get(region=region, full_name=name)


def load_demo_assessments(*, actor, today: datetime.date) -> dict:
    region = Region.objects.get(code=COUNTY_CODE)
    # The followups demo writes the region's 跟踪问效 scheme: only the two uses built here count.
    if Scheme.objects.filter(
        region=region, use__in=(SchemeUse.EVALUATION, SchemeUse.PERFORMANCE)
    ).exists():
        return {}
    users = get_user_model().objects
    staff = users.filter(username="staff").first() or actor
    clerk = users.filter(username="clerk").first()
    with transaction.atomic():
        last = _performance_scheme(region, today.year - 1, actor)
        finished = services.start_round(
            scheme=last,
            name=f"{today.year - 1}年度事业单位绩效考核",
            user=staff,
            started_on=datetime.date(today.year - 1, 3, 1),
            self_due_on=datetime.date(today.year - 1, 3, 31),
        )
        categories = {c.name: c for c in last.categories.all()}
        for name, (category, share) in LAST_YEAR.items():
            (evaluation,) = services.add_to_round(
                round=finished,
                institutions=[_institution(region, name)],
                category=categories[category],
                user=staff,
            )
            _self_assess(evaluation, staff, share)
            services.submit_self_assessment(
                evaluation=evaluation,
                user=staff,
                report="本单位全年重点工作完成情况良好，详见佐证材料。",
            )
            _score(evaluation, staff, share)
            services.finish_evaluation(
                evaluation=evaluation,
                user=staff,
                feedback="主体业务完成较好；请对照扣分指标加强内部管理和服务对象满意度。",
            )
        while finished.stage != RoundStage.CLOSED:
            finished = services.advance_round(round=finished, user=staff)

        # 一年一调整: this year's scheme is last year's, adjusted.
        current = services.copy_scheme(scheme=last, year=today.year, user=staff)
        business = current.indicators.get(code="2.1")
        business.guidance = "问卷调查满意率 × 分值；本年度起调查样本不少于 100 份"
        save_tracked(business, actor=staff, reason="一年一调整：社会评价调查样本")
        running = services.start_round(
            scheme=current,
            name=f"{today.year}年度事业单位绩效考核",
            user=staff,
            started_on=today - datetime.timedelta(days=10),
            self_due_on=today + datetime.timedelta(days=20),
        )
        categories = {c.name: c for c in current.categories.all()}
        started = {}
        for name, category in THIS_YEAR.items():
            (started[name],) = services.add_to_round(
                round=running,
                institutions=[_institution(region, name)],
                category=categories[category],
                user=staff,
            )
        second = started["示例县第二中学"]
        _self_assess(second, staff, Decimal("0.9"))
        services.submit_self_assessment(evaluation=second, user=staff, report="已按指标逐项自查。")
        # The demo clerk's school has begun: the survey and one qualitative indicator.
        first = started["示例县第一中学"]
        if clerk is not None:
            services.record_score(
                evaluation=first,
                indicator=current.indicators.get(code="E.1"),
                user=clerk,
                points=Decimal(28),
                note="高考本科上线率较上年略有下降",
            )

        evaluation_scheme = save_tracked(
            Scheme(
                region=region,
                use=SchemeUse.EVALUATION,
                year=today.year,
                name="政府部门机构编制评估指标体系",
                grade_a_min=Decimal(90),
                grade_b_min=Decimal(70),
                note="依据《山东省政府部门机构编制评估办法》：职能配置、运行机制、职责履行、机构编制规定执行四个方面，百分制量化评估。",
            ),
            actor=actor,
            reason=REASON,
        )
        _indicators(evaluation_scheme, EVALUATION_INDICATORS, actor)
        review = services.start_round(
            scheme=evaluation_scheme,
            name=f"{today.year}年政府部门机构编制评估（第一批）",
            user=staff,
            started_on=today - datetime.timedelta(days=40),
            self_due_on=today - datetime.timedelta(days=10),
        )
        for name, share in EVALUATED.items():
            (evaluation,) = services.add_to_round(
                round=review, institutions=[_institution(region, name)], user=staff
            )
            if share is None:
                continue
            _self_assess(evaluation, staff, share)
            services.submit_self_assessment(
                evaluation=evaluation, user=staff, report="本部门职能配置和运行情况自评报告。"
            )
            if share >= Decimal("0.85"):
                _score(evaluation, staff, share)
                if share >= Decimal("0.9"):
                    services.finish_evaluation(
                        evaluation=evaluation,
                        user=staff,
                        feedback="职能配置清晰，建议进一步理顺与相关部门的职责边界。",
                    )
        services.advance_round(round=review, user=staff)
    return {
        "schemes": Scheme.objects.filter(
            region=region, use__in=(SchemeUse.EVALUATION, SchemeUse.PERFORMANCE)
        ).count(),
        "evaluations": Evaluation.objects.filter(scheme__region=region).count(),
    }
