"""指标的系统计算口径 (rule 36): figures the registry computes itself for a unit on a day, so a
定量 indicator can be scored from the registry rather than from what the unit reports.

A metric is a function ``(institution, today) -> Decimal`` registered under a code with
``@register_metric``; other apps add theirs the same way (e.g. unresolved problems)."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, Q, Sum

from oversight.choices import NOT_CLOSED
from oversight.models import Problem
from people.models import ChangeRequest
from staffing import occupancy
from staffing.choices import ALLOWED_TYPES
from staffing.models import AdjustmentLine, LeadershipQuota, QuotaLine
from staffing.selectors import over_established, over_leadership_quota

MetricFunction = Callable[[object, datetime.date], Decimal]


@dataclass(frozen=True)
class Metric:
    code: str
    label: str
    unit: str
    compute: MetricFunction


METRICS: dict[str, Metric] = {}


def register_metric(code: str, *, label: str = "", unit: str = ""):
    def decorator(function: MetricFunction) -> MetricFunction:
        METRICS[code] = Metric(code, label or code, unit, function)
        return function

    return decorator


def metric_choices() -> list[tuple[str, str]]:
    return [(metric.code, metric.label) for metric in METRICS.values()]


def compute(code: str, institution, today: datetime.date) -> Decimal:
    return Decimal(METRICS[code].compute(institution, today))


@register_metric("overstaffed", label="超编人数", unit="人")
def overstaffed(institution, today: datetime.date) -> Decimal:
    """超编 (rule 1): people above the quota in force, summed over the unit's lines."""
    lines = over_established(QuotaLine.objects.filter(institution=institution), on=today)
    return Decimal(sum(line.over for line in lines))


@register_metric("over_leadership", label="超职数配备人数", unit="人")
def over_leadership(institution, today: datetime.date) -> Decimal:
    """超职数配备 (rule 5): holders above the unit's leadership quotas (its own and its
    internal departments')."""
    quotas = over_leadership_quota(LeadershipQuota.objects.filter(institution=institution))
    return Decimal(sum(quota.excess for quota in quotas))


@register_metric("mixed", label="混编混岗人数", unit="人")
def mixed(institution, today: datetime.date) -> Decimal:
    """混编 (rule 6): people on a type of quota the unit's kind may not hold."""
    allowed = ALLOWED_TYPES.get(institution.kind, frozenset())
    records = occupancy.active_records().filter(quota_line__institution=institution)
    return Decimal(records.exclude(quota_line__establishment_type__in=allowed).count())


@register_metric("late_reports", label="近一年迟报、逾期未报的变动数", unit="件")
def late_reports(institution, today: datetime.date) -> Decimal:
    """报送及时性 (rule 9): changes that occurred in the past year and were submitted after
    their due date, or are still not submitted past it."""
    since = today - datetime.timedelta(days=365)
    requests = ChangeRequest.objects.filter(
        institution=institution, occurred_on__gt=since, occurred_on__lte=today
    )
    late = requests.filter(
        Q(submitted_on__gt=F("due_on")) | Q(submitted_on__isnull=True, due_on__lt=today)
    )
    return Decimal(late.count())


@register_metric("quota_in_force", label="核定编制数", unit="名")
def quota_in_force(institution, today: datetime.date) -> Decimal:
    """The unit's quota in force (rule 15), all types together, for ratio formulas."""
    total = AdjustmentLine.objects.filter(
        institution=institution, adjustment__effective_on__lte=today
    ).aggregate(n=Sum("delta"))["n"]
    return Decimal(total or 0)


@register_metric("unresolved_problems", label="未整改销号的问题数", unit="个")
def unresolved_problems(institution, today: datetime.date) -> Decimal:
    """问题台账: the unit's problems recorded by ``today`` and not yet signed off (rules 30–32)."""
    problems = Problem.objects.filter(
        institution=institution, status__in=NOT_CLOSED, recorded_on__lte=today
    )
    return Decimal(problems.count())
