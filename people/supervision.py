"""报送及时性督查: how promptly units report their changes (rule 9), read with aggregate queries.

Every function takes an already scope-restricted ``ChangeRequest`` queryset (``access.restrict``),
so the caller decides what the user may see; none runs a query per row or per unit.

Which reports belong to a period [start, end]: those that **fell due** in it (应报日期 within the
period), plus those that fell due before it and are **still not submitted** — an unreported change
stays owed until it is reported, so it is never lost by moving the period on. Keying on the due
date rather than the occurred-on date means a period ending today holds (almost) only reports
that can already be judged.

Each report is then, as of ``today``:

- 按时报送 (on time): submitted on or before its due date (day 30 after occurrence is on time);
- 迟报 (late): submitted after its due date (day 31 is late); a returned request keeps its first
  报送日期, so returning it does not make it late;
- 逾期未报 (overdue): not submitted and past its due date;
- 未到期 (pending): not submitted, due today or later — not judged yet.

On-time rate = on time / (on time + late + overdue); a unit with nothing judged has no rate.
Every kind of request with a reporting clock counts, each with its own reporting period
(``people.deadlines``); a kind without one (用编申请: it changes nothing in the registry, its
spec's ``has_reporting_clock`` is False) is left out of every figure here.
"""

import datetime
from dataclasses import dataclass

from django.db import models
from django.db.models import (
    Count,
    DateField,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Prefetch,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Cast, Coalesce, NullIf

from .choices import RequestState
from .models import ChangeRequest, ChangeRequestItem
from .requests.registry import kinds_without_reporting_clock


class Timeliness(models.TextChoices):
    ON_TIME = "on_time", "按时报送"
    LATE = "late", "迟报"
    OVERDUE = "overdue", "逾期未报"
    PENDING = "pending", "未到期"


ON_TIME = Q(submitted_on__isnull=False, submitted_on__lte=F("due_on"))
LATE = Q(submitted_on__isnull=False, submitted_on__gt=F("due_on"))


def overdue_q(today: datetime.date) -> Q:
    return Q(submitted_on__isnull=True, due_on__lt=today)


def pending_q(today: datetime.date) -> Q:
    return Q(submitted_on__isnull=True, due_on__gte=today)


@dataclass(frozen=True)
class Period:
    """A closed range of due dates, [start, end]."""

    start: datetime.date
    end: datetime.date

    @classmethod
    def year_to_date(cls, today: datetime.date) -> "Period":
        """The default: this year from 1 January to today."""
        return cls(today.replace(month=1, day=1), today)


def in_period(requests: QuerySet, period: Period, today: datetime.date) -> QuerySet:
    """Reports that fell due in the period, and earlier ones still not submitted (see above),
    of the kinds with a reporting clock."""
    carried_over = Q(submitted_on__isnull=True, due_on__lt=min(period.start, today))
    return with_reporting_clock(requests).filter(
        Q(due_on__range=(period.start, period.end)) | carried_over
    )


def with_reporting_clock(requests: QuerySet) -> QuerySet:
    """The requests of kinds that must be reported within their period (rule 9); a discarded
    draft (已作废) was never due."""
    return requests.exclude(kind__in=kinds_without_reporting_clock()).exclude(
        state=RequestState.DISCARDED
    )


def _counts(today: datetime.date) -> dict:
    return {
        "due": Count("pk"),
        "on_time": Count("pk", filter=ON_TIME),
        "late": Count("pk", filter=LATE),
        "overdue": Count("pk", filter=overdue_q(today)),
        "pending": Count("pk", filter=pending_q(today)),
    }


def _rate(on_time, late, overdue):
    """on time / judged as a float in [0, 1], NULL when nothing is judged."""
    judged = NullIf(on_time + late + overdue, 0)
    return Cast(on_time, FloatField()) / Cast(judged, FloatField())


# --- per unit ----------------------------------------------------------------------------------


def of_units_named(requests: QuerySet, search: str) -> QuerySet:
    """The reports of the units whose full or short name contains ``search``."""
    if not search:
        return requests
    return requests.filter(
        Q(institution__full_name__icontains=search) | Q(institution__short_name__icontains=search)
    )


def unit_ranking(requests: QuerySet, *, period: Period, today: datetime.date) -> QuerySet:
    """One row (a dict) per unit with reports in the period: ``institution_id``,
    ``institution__full_name``, ``due``, ``on_time``, ``late``, ``overdue``, ``pending`` and
    ``rate`` (None when nothing is judged yet), worst first: lowest rate, then most overdue,
    then most late. One grouped query, however many units."""
    return (
        in_period(requests, period, today)
        .order_by()
        .values("institution_id", "institution__full_name", "institution__sort_order")
        .annotate(**_counts(today))
        .annotate(rate=_rate(F("on_time"), F("late"), F("overdue")))
        .order_by(
            F("rate").asc(nulls_last=True),
            "-overdue",
            "-late",
            "institution__sort_order",
            "institution__full_name",
            "institution_id",
        )
    )


@dataclass(frozen=True)
class TimelinessSummary:
    due: int
    on_time: int
    late: int
    overdue: int
    pending: int
    units: int
    units_overdue: int

    @property
    def judged(self) -> int:
        return self.on_time + self.late + self.overdue

    @property
    def rate(self) -> float | None:
        return self.on_time / self.judged if self.judged else None


def summary(requests: QuerySet, *, period: Period, today: datetime.date) -> TimelinessSummary:
    """The totals over every unit in scope for the period, in one query."""
    totals = (
        in_period(requests, period, today)
        .order_by()
        .aggregate(
            **_counts(today),
            units=Count("institution", distinct=True),
            units_overdue=Count("institution", filter=overdue_q(today), distinct=True),
        )
    )
    return TimelinessSummary(**totals)


# --- the ledger: 变动报送及时性台账 ---------------------------------------------------------------


def with_timeliness(requests: QuerySet, today: datetime.date) -> QuerySet:
    """Annotate ``timeliness`` (a ``Timeliness`` value) and ``lateness`` (days past the due date
    at submission or until today, as a duration; negative while early), for filtering and
    ordering in the database."""
    reported = Coalesce(F("submitted_on"), Value(today), output_field=DateField())
    return requests.annotate(
        timeliness=models.Case(
            models.When(ON_TIME, then=Value(Timeliness.ON_TIME)),
            models.When(LATE, then=Value(Timeliness.LATE)),
            models.When(overdue_q(today), then=Value(Timeliness.OVERDUE)),
            default=Value(Timeliness.PENDING),
            output_field=models.CharField(),
        ),
        lateness=ExpressionWrapper(reported - F("due_on"), output_field=DurationField()),
    )


LEDGER_ITEMS = Prefetch(
    "items", queryset=ChangeRequestItem.objects.only("pk", "request_id", "person_name", "data")
)


def ledger(
    requests: QuerySet,
    *,
    period: Period,
    today: datetime.date,
    timeliness: list[str] | None = None,
    institution_id: int | None = None,
) -> QuerySet:
    """The rows of 变动报送及时性台账 (domain.md §4): one per report, with its unit and the
    names of its people (prefetched: one more query per page, or per chunk when exported with
    ``iterator(chunk_size=...)``), most days late first. ``timeliness`` keeps only those
    statuses, e.g. ``[Timeliness.OVERDUE]`` for 逾期未报."""
    rows = with_timeliness(in_period(requests, period, today), today)
    if timeliness:
        rows = rows.filter(timeliness__in=timeliness)
    if institution_id:
        rows = rows.filter(institution_id=institution_id)
    return (
        rows.select_related("institution")
        .prefetch_related(LEDGER_ITEMS)
        .order_by(
            F("lateness").desc(),
            "institution__sort_order",
            "institution__full_name",
            "occurred_on",
            "pk",
        )
    )


def person_names(request: ChangeRequest) -> list[str]:
    """The names of a request's people, from its prefetched items (no query when prefetched)."""
    names = []
    for item in request.items.all():
        name = item.person_name or (item.data.get("new_person") or {}).get("name", "")
        if name:
            names.append(name)
    return names
