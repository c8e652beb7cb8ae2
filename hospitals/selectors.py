"""Hospital figures (rule 29), by aggregate subqueries: a constant number of queries however
many hospitals. 编制 核定 is the quota in force (rule 15), 编制实有 the active 编制 records,
备案制实有 the active 备案制 records: counted apart, never added into 编制."""

import datetime
from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from people.choices import RecordStatus
from people.models import EstablishmentRecord
from staffing.models import AdjustmentLine

from .models import ControlTotal, FiledStaffRecord, Hospital, HospitalFigures
from .standard import RatioBook, Standard

FIGURE_FIELDS = ("year", "approved_beds", "open_beds", "bed_use_rate", "outpatient_visits")


def _counted(queryset: QuerySet, group_by: str) -> Coalesce:
    return Coalesce(
        Subquery(
            queryset.order_by().values(group_by).annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def quota_approved(on: datetime.date) -> Coalesce:
    return Coalesce(
        Subquery(
            AdjustmentLine.objects.filter(
                institution=OuterRef("institution"), adjustment__effective_on__lte=on
            )
            .order_by()
            .values("institution")
            .annotate(n=Sum("delta"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def quota_occupied() -> Coalesce:
    return _counted(
        EstablishmentRecord.objects.filter(
            quota_line__institution=OuterRef("institution"), status=RecordStatus.ACTIVE
        ),
        "quota_line__institution",
    )


def filed_occupied() -> Coalesce:
    return _counted(
        FiledStaffRecord.objects.filter(hospital=OuterRef("pk"), status=RecordStatus.ACTIVE),
        "hospital",
    )


def control_total_in_force(on: datetime.date) -> QuerySet:
    return ControlTotal.objects.filter(hospital=OuterRef("pk"), filed_on__lte=on).order_by(
        "-filed_on", "-pk"
    )


def with_figures(hospitals: QuerySet, *, on: datetime.date) -> QuerySet:
    """Hospitals annotated with the latest operating figures of a year up to ``on``'s
    (``fig_*``), the control total in force (``control_total``, ``control_document``),
    编制 核定 / 实有 (``quota_approved``, ``quota_occupied``) and 备案制实有 (``filed_occupied``)."""
    latest = HospitalFigures.objects.filter(hospital=OuterRef("pk"), year__lte=on.year).order_by(
        "-year"
    )
    filing = control_total_in_force(on)
    annotations = {
        f"fig_{name}": Subquery(
            latest.values(name)[:1], output_field=HospitalFigures._meta.get_field(name)
        )
        for name in FIGURE_FIELDS
    }
    return hospitals.annotate(
        **annotations,
        control_total=Subquery(filing.values("total")[:1]),
        control_document=Subquery(filing.values("document__number")[:1]),
        quota_approved=quota_approved(on),
        quota_occupied=quota_occupied(),
        filed_occupied=filed_occupied(),
    )


def figures_of(row) -> dict | None:
    """The ``fig_*`` annotations of a row (an object or a ``values()`` dict) by field name."""
    get = row.get if isinstance(row, dict) else lambda name: getattr(row, name, None)
    if get("fig_year") is None:
        return None
    return {name: get(f"fig_{name}") for name in FIGURE_FIELDS}


def use_rate_text(value) -> str:
    """A bed use rate as pages and ledgers print it: 93.60 (the database may return more
    places)."""
    return "" if value is None else f"{Decimal(value):.2f}"


def headroom(control_total, quota_occupied: int, filed_occupied: int) -> int | None:
    """总量内空额: the control total less 编制实有 and 备案制实有 (negative when above)."""
    if control_total is None:
        return None
    return control_total - quota_occupied - filed_occupied


def hospital_standard(
    hospital: Hospital, *, on: datetime.date
) -> tuple[dict | None, Standard | None]:
    """The latest figures of a year up to ``on``'s and the standard they give."""
    figures = (
        HospitalFigures.objects.filter(hospital=hospital, year__lte=on.year)
        .order_by("-year")
        .values(*FIGURE_FIELDS)
        .first()
    )
    book = RatioBook([hospital.institution.region_id])
    return figures, book.standard(hospital.institution.region_id, hospital.category, figures)


def occupants(hospital: Hospital) -> tuple[int, int]:
    """(编制实有, 备案制实有) of one hospital now."""
    quota = EstablishmentRecord.objects.filter(
        quota_line__institution=hospital.institution_id, status=RecordStatus.ACTIVE
    ).count()
    filed = FiledStaffRecord.objects.filter(hospital=hospital, status=RecordStatus.ACTIVE).count()
    return quota, filed


def current_control_total(hospital: Hospital, *, on: datetime.date) -> ControlTotal | None:
    return (
        ControlTotal.objects.filter(hospital=hospital, filed_on__lte=on)
        .select_related("document")
        .order_by("-filed_on", "-pk")
        .first()
    )


def region_totals(hospitals: QuerySet, *, on: datetime.date) -> dict:
    """Totals over some hospitals for the overview: control total in force, 编制 核定/实有 and
    备案制实有 (a handful of grouped queries)."""
    rows = list(
        with_figures(hospitals, on=on)
        .order_by()
        .values("control_total", "quota_approved", "quota_occupied", "filed_occupied")
    )
    return {
        "hospitals": len(rows),
        "control_total": sum(row["control_total"] or 0 for row in rows),
        "quota_approved": sum(row["quota_approved"] for row in rows),
        "quota_occupied": sum(row["quota_occupied"] for row in rows),
        "filed_occupied": sum(row["filed_occupied"] for row in rows),
        "unfiled": sum(1 for row in rows if row["control_total"] is None),
        "headroom": sum(
            headroom(row["control_total"], row["quota_occupied"], row["filed_occupied"])
            for row in rows
            if row["control_total"] is not None
        ),
    }
