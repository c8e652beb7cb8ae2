"""标准、核定、实有 per school (rule 28), in a constant number of aggregate queries whatever the
number of schools: students per stage, H in force (rule 15) and A of the schools' 事业编制 are
subqueries of one query; the standard is arithmetic on its rows."""

import datetime
from dataclasses import dataclass

from django.db.models import IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from bianzhi import access
from orgs.choices import Status
from staffing import occupancy
from staffing.choices import EstablishmentType
from staffing.models import AdjustmentLine

from .choices import Stage
from .models import SchoolProfile, StudentCount, stages_label
from .standards import Standards, standard_quota

TEACHER_TYPE = EstablishmentType.PUBLIC


def _sum(queryset: QuerySet, group_by: str, field: str) -> Coalesce:
    return Coalesce(
        Subquery(
            queryset.order_by().values(group_by).annotate(n=Sum(field)).values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def approved_subquery(on: datetime.date, ref: str = "institution") -> Coalesce:
    """H of the institution's 事业编制 (all funding forms) in force on ``on`` (rule 15)."""
    lines = AdjustmentLine.objects.filter(
        institution=OuterRef(ref),
        establishment_type=TEACHER_TYPE,
        adjustment__effective_on__lte=on,
    )
    return _sum(lines, "institution", "delta")


def occupied_subquery(ref: str = "institution") -> Coalesce:
    records = occupancy.active_records().filter(
        quota_line__institution=OuterRef(ref), quota_line__establishment_type=TEACHER_TYPE
    )
    return Coalesce(
        Subquery(
            records.order_by()
            .values("quota_line__institution")
            .annotate(n=Sum(Value(1)))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def students_subquery(school_year: str, stage: str) -> Coalesce:
    counts = StudentCount.objects.filter(
        school=OuterRef("pk"), school_year=school_year, stage=stage
    )
    return _sum(counts, "school", "students")


def schools(user, *, q: str = "") -> QuerySet:
    """The active schools the user may see, searched by name."""
    profiles = access.restrict(SchoolProfile.objects.all(), user).filter(
        institution__status=Status.ACTIVE
    )
    q = (q or "").strip()
    if q:
        profiles = profiles.filter(
            Q(institution__full_name__icontains=q) | Q(institution__short_name__icontains=q)
        )
    return profiles


@dataclass
class SchoolRow:
    """One school's line of the comparison (rule 28)."""

    school_id: int
    institution_id: int
    name: str
    stages: str
    boarding: bool
    township: bool
    senior: int
    junior: int
    primary: int
    standard: int
    approved: int
    occupied: int
    offered: frozenset = frozenset()  # the stages the school offers

    @property
    def students(self) -> int:
        return self.senior + self.junior + self.primary

    @property
    def difference(self) -> int:
        """核定 − 标准: negative 缺, positive 超."""
        return self.approved - self.standard

    @property
    def occupied_difference(self) -> int:
        return self.occupied - self.standard

    @property
    def flags(self) -> str:
        return "、".join(
            label for label, on in (("寄宿制", self.boarding), ("乡镇", self.township)) if on
        )


def school_rows(
    user,
    *,
    school_year: str,
    q: str = "",
    on: datetime.date | None = None,
    narrow=None,
) -> list[SchoolRow]:
    """Every school in the user's scope with its students, standard, H and A for the year."""
    on = on or timezone.localdate()
    profiles = schools(user, q=q)
    if narrow is not None:
        profiles = narrow(profiles)
    annotated = profiles.annotate(
        **{stage.value + "_students": students_subquery(school_year, stage) for stage in Stage},
        approved=approved_subquery(on, "institution"),
        occupied=occupied_subquery("institution"),
    ).values(
        "pk",
        "institution_id",
        "institution__full_name",
        "institution__region_id",
        "senior",
        "junior",
        "primary",
        "boarding",
        "township",
        "senior_students",
        "junior_students",
        "primary_students",
        "approved",
        "occupied",
    )
    standards = Standards()
    rows = []
    for row in annotated.order_by("institution__sort_order", "institution__full_name"):
        students = {stage: row[f"{stage.value}_students"] for stage in Stage}
        rows.append(
            SchoolRow(
                school_id=row["pk"],
                institution_id=row["institution_id"],
                name=row["institution__full_name"],
                stages=stages_label(row["senior"], row["junior"], row["primary"]),
                boarding=row["boarding"],
                township=row["township"],
                senior=students[Stage.SENIOR],
                junior=students[Stage.JUNIOR],
                primary=students[Stage.PRIMARY],
                standard=standard_quota(
                    students,
                    boarding=row["boarding"],
                    township=row["township"],
                    standard=standards.for_region(row["institution__region_id"]),
                ),
                approved=row["approved"],
                occupied=row["occupied"],
                offered=frozenset(stage for stage in Stage if row[stage.value]),
            )
        )
    return rows


@dataclass
class Totals:
    schools: int
    students: int
    standard: int
    approved: int
    occupied: int
    offered: frozenset = frozenset()  # the stages the school offers

    @property
    def difference(self) -> int:
        return self.approved - self.standard


def totals(rows: list[SchoolRow]) -> Totals:
    return Totals(
        schools=len(rows),
        students=sum(row.students for row in rows),
        standard=sum(row.standard for row in rows),
        approved=sum(row.approved for row in rows),
        occupied=sum(row.occupied for row in rows),
    )


def school_years(user) -> list[str]:
    """The school years with student numbers in the user's scope, latest first."""
    counts = access.restrict(StudentCount.objects.all(), user)
    return sorted(set(counts.values_list("school_year", flat=True).distinct()), reverse=True)


def bureau_schools(bureau) -> QuerySet:
    """The active schools under an education bureau (its subtree, itself excluded)."""
    return SchoolProfile.objects.filter(
        institution__in=bureau.subtree_ids() - {bureau.pk}, institution__status=Status.ACTIVE
    )


def bureau_total(bureau, *, establishment_type: str, on: datetime.date | None = None) -> int:
    """The bureau's schools' H of one type in force on ``on``: what a reallocation keeps."""
    on = on or timezone.localdate()
    return (
        AdjustmentLine.objects.filter(
            institution__school_profile__in=bureau_schools(bureau),
            establishment_type=establishment_type,
            adjustment__effective_on__lte=on,
        ).aggregate(n=Sum("delta"))["n"]
        or 0
    )
