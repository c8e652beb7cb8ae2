"""Figures of the pools, borrowings and talent special quotas (rules 26, 27): lent out, due back
and overdue per pool, outstanding per loan, 专项编制 核定/实有/可用 per special quota. Computed
from the loans, returns and records with grouped queries, never stored."""

import datetime
from dataclasses import dataclass

from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from . import occupancy
from .models import PoolLoan, SlotReturn, SpecialQuota, UsagePermit
from .selectors import open_permits

OUTSTANDING = "借出中"
OVERDUE = "逾期未还"
RETURNED = "已归还"


def _returned(source: str) -> Coalesce:
    return Coalesce(
        Subquery(
            SlotReturn.objects.filter(**{source: OuterRef("pk")})
            .order_by()
            .values(source)
            .annotate(n=Sum("count"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def loans_with_figures(loans: QuerySet) -> QuerySet:
    """Loans annotated with returned (已归还) and outstanding (未归还)."""
    return loans.annotate(returned=_returned("loan")).annotate(
        outstanding=F("count") - F("returned")
    )


def loan_state(loan, today: datetime.date) -> str:
    """借出中, 逾期未还 (past its due date with slots out) or 已归还."""
    if loan.outstanding <= 0:
        return RETURNED
    if loan.due_on and loan.due_on < today:
        return OVERDUE
    return OUTSTANDING


def overdue_loans(loans: QuerySet, today: datetime.date) -> QuerySet:
    """Loans past their due date with slots still out."""
    return loans_with_figures(loans.filter(due_on__lt=today)).filter(outstanding__gt=0)


@dataclass(frozen=True)
class PoolFigures:
    lent_out: int = 0  # 借出未还
    due_back: int = 0  # of which with a due date (到期归还)
    overdue: int = 0  # of which past it (逾期)
    special: int = 0  # talent special quotas out of this pool still in force


def pool_figures(pools: QuerySet, today: datetime.date) -> dict[int, PoolFigures]:
    """{pool pk: PoolFigures} for ``pools``, from grouped queries over loans and returns."""
    pks = pools.order_by().values("pk")
    dated = Q(due_on__isnull=False)
    late = Q(due_on__lt=today)
    lent = {
        row["pool"]: row
        for row in PoolLoan.objects.filter(pool__in=pks)
        .order_by()
        .values("pool")
        .annotate(n=Sum("count"), due=Sum("count", filter=dated), late=Sum("count", filter=late))
    }
    back = {
        row["loan__pool"]: row
        for row in SlotReturn.objects.filter(loan__pool__in=pks)
        .order_by()
        .values("loan__pool")
        .annotate(
            n=Sum("count"),
            due=Sum("count", filter=Q(loan__due_on__isnull=False)),
            late=Sum("count", filter=Q(loan__due_on__lt=today)),
        )
    }
    granted = dict(
        SpecialQuota.objects.filter(source__in=pks)
        .order_by()
        .values_list("source")
        .annotate(n=Sum("count"))
    )
    special_back = dict(
        SlotReturn.objects.filter(special_quota__source__in=pks)
        .order_by()
        .values_list("special_quota__source")
        .annotate(n=Sum("count"))
    )
    result = {}
    for pk in set(lent) | set(granted):
        out, returned = lent.get(pk, {}), back.get(pk, {})
        result[pk] = PoolFigures(
            lent_out=(out.get("n") or 0) - (returned.get("n") or 0),
            due_back=(out.get("due") or 0) - (returned.get("due") or 0),
            overdue=(out.get("late") or 0) - (returned.get("late") or 0),
            special=granted.get(pk, 0) - special_back.get(pk, 0),
        )
    return result


def specials_with_figures(specials: QuerySet, on: datetime.date | None = None) -> QuerySet:
    """Talent special quotas annotated with returned, in_force (专项编制 核定), holders (实有),
    reserved (open permits' unused slots) and available (可用) (rule 27)."""
    on = on or timezone.localdate()
    holders = Coalesce(
        Subquery(
            occupancy.special_records()
            .filter(permit__special_quota=OuterRef("pk"))
            .order_by()
            .values("permit__special_quota")
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )
    permitted = Coalesce(
        Subquery(
            UsagePermit.objects.filter(open_permits(on), special_quota=OuterRef("pk"))
            .order_by()
            .values("special_quota")
            .annotate(n=Sum("count"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )
    consumed = Coalesce(
        Subquery(
            occupancy.records()
            .filter(open_permits(on, prefix="permit__"), permit__special_quota=OuterRef("pk"))
            .order_by()
            .values("permit__special_quota")
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )
    return (
        specials.annotate(returned=_returned("special_quota"), holders=holders)
        .annotate(in_force=F("count") - F("returned"), reserved=permitted - consumed)
        .annotate(available=F("in_force") - F("holders") - F("reserved"))
    )


def special_institution_figures(institutions: QuerySet, on: datetime.date) -> dict:
    """{institution pk: (专项编制 核定, 实有)} for the institutions with a talent special quota
    approved by ``on`` (rule 27); one query."""
    result: dict[int, tuple[int, int]] = {}
    specials = specials_with_figures(
        SpecialQuota.objects.filter(
            quota_line__institution__in=institutions.order_by().values("pk"), approved_on__lte=on
        ),
        on,
    )
    for pk, in_force, held in specials.values_list(
        "quota_line__institution", "in_force", "holders"
    ):
        approved, holders = result.get(pk, (0, 0))
        result[pk] = (approved + in_force, holders + held)
    return result
