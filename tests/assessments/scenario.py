"""Builders for the indicator engine's tests: a small scheme with one indicator of each kind."""

from decimal import Decimal

from assessments.choices import IndicatorKind, IndicatorSource, QuantRule, SchemeUse
from assessments.models import Indicator, Scheme
from tests.kit.clock import TODAY


def scheme(region, use=SchemeUse.PERFORMANCE, **fields) -> Scheme:
    fields.setdefault("name", "事业单位绩效考核指标")
    return Scheme.objects.create(region=region, use=use, year=TODAY.year, **fields)


def indicator(scheme, code, name, *, parent=None, **fields) -> Indicator:
    fields.setdefault("kind", IndicatorKind.QUALITATIVE)
    fields.setdefault("max_points", Decimal(10))
    indicator = Indicator(scheme=scheme, parent=parent, code=code, name=name, **fields)
    indicator.full_clean()
    indicator.save()
    return indicator


def small_scheme(region, **fields):
    """共性 group “登记管理” (超编 from the registry, thresholds: 0 → 20, ≤1 → 10) and
    “社会评价” (survey rate by formula, 30 points); 个性 group “主体业务” (定性 0–50)."""
    s = scheme(region, **fields)
    common = indicator(s, "1", "登记管理", kind=IndicatorKind.GROUP, max_points=Decimal(20))
    overstaffed = indicator(
        s,
        "1.1",
        "机构编制规定执行（超编）",
        parent=common,
        kind=IndicatorKind.QUANTITATIVE,
        source=IndicatorSource.REGISTRY,
        metric="overstaffed",
        rule=QuantRule.THRESHOLDS,
        thresholds=[[0, 20], [1, 10]],
        higher_is_better=False,
        max_points=Decimal(20),
    )
    survey = indicator(
        s,
        "2",
        "社会评价（群众满意度）",
        kind=IndicatorKind.QUANTITATIVE,
        source=IndicatorSource.SURVEY,
        rule=QuantRule.FORMULA,
        formula="full * value / 100",
        unit="%",
        max_points=Decimal(30),
    )
    business = indicator(s, "3", "主体业务开展情况", min_points=Decimal(0), max_points=Decimal(50))
    return s, {"overstaffed": overstaffed, "survey": survey, "business": business}


def scored(evaluation, ind, *, office, clerk=None, survey, business, note="扣分见评估意见"):
    """Self-assess at full marks (if ``clerk``), then score the survey rate and the business
    points, and finish."""
    from assessments import services

    if clerk is not None:
        services.record_score(
            evaluation=evaluation, indicator=ind["survey"], user=clerk, value=Decimal(100)
        )
        services.record_score(
            evaluation=evaluation, indicator=ind["business"], user=clerk, points=Decimal(50)
        )
        services.submit_self_assessment(evaluation=evaluation, user=clerk)
    services.record_score(
        evaluation=evaluation, indicator=ind["survey"], user=office, value=Decimal(survey)
    )
    services.record_score(
        evaluation=evaluation,
        indicator=ind["business"],
        user=office,
        points=Decimal(business),
        note=note,
    )
    return services.finish_evaluation(evaluation=evaluation, user=office)


def self_assessed(evaluation, ind, office):
    """The unit's self-assessment handed in on paper and entered by the office (代填)."""
    from assessments import services

    for key, kwargs in (("survey", {"value": Decimal(100)}), ("business", {"points": Decimal(50)})):
        services.record_score(
            evaluation=evaluation, indicator=ind[key], user=office, self_assessment=True, **kwargs
        )
    return services.submit_self_assessment(evaluation=evaluation, user=office)
