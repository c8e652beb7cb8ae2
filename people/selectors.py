"""Reads of named personnel: the roster, duplicate names (rule 7), people past their retirement
month (rules 9–10), and the before → after figures shown before a change is confirmed.

Every function takes an already scope-restricted queryset, so the caller decides what the user may
see; none runs a query per row.
"""

import datetime
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from staffing.models import LeadershipQuota, QuotaLine, UsagePermit
from staffing.selectors import leadership_with_figures, line_figures

from .choices import PostCategory, RecordStatus, Sex
from .models import ChangeRequest, ChangeRequestItem, EstablishmentRecord, LeadershipAppointment
from .requests.registry import spec_for
from .retirement import RetirementGroup, retirement_month
from .rules import CIVIL_SERVICE_KINDS

ROSTER_RELATED = ("person", "quota_line__institution", "department")


def roster(records: QuerySet) -> QuerySet:
    """Establishment records with everything a roster row shows, in the office's usual order."""
    return records.select_related(*ROSTER_RELATED).order_by(
        "quota_line__institution__sort_order",
        "quota_line__institution__full_name",
        "person__name",
        "pk",
    )


def active(records: QuerySet) -> QuerySet:
    return records.filter(status=RecordStatus.ACTIVE)


# --- duplicate names (rule 7: duplicate ID numbers are impossible, duplicate names are listed) ---


@dataclass(frozen=True)
class DuplicateName:
    name: str
    records: list[EstablishmentRecord]

    @property
    def count(self) -> int:
        return len(self.records)


@dataclass(frozen=True)
class DuplicateNames:
    """重名: the first names (alphabetical) with their holders, and how many there are in all."""

    groups: list[DuplicateName]
    names: int
    people: int

    @property
    def truncated(self) -> bool:
        return self.names > len(self.groups)


def repeated_names(records: QuerySet) -> QuerySet:
    """``(person__name, holders)`` of each name held by more than one active record.

    One active record per person (rule 7): counting records counts holders, and lets the
    database hash the names instead of sorting 188,000 of them for a DISTINCT count.
    """
    return (
        active(records)
        .order_by()
        .values("person__name")
        .annotate(holders=Count("pk"))
        .filter(holders__gt=1)
    )


def sharing_a_name(records: QuerySet, *, among: QuerySet | None = None) -> QuerySet:
    """Active ``records`` whose holder's name is held by someone else active in ``among``
    (default: ``records`` themselves)."""
    names = repeated_names(records if among is None else among).values("person__name")
    return active(records).filter(person__name__in=names)


def duplicate_names(records: QuerySet, *, limit: int | None = None) -> DuplicateNames:
    """Names held by more than one active person, the first ``limit`` of them with the records
    that hold them (all when ``limit`` is None).

    Two queries: one grouped count gives every repeated name and its holders (a city has
    thousands), the second the rows of the names shown, with their units.
    """
    counts = dict(repeated_names(records).values_list("person__name", "holders"))
    shown = sorted(counts)[:limit]
    rows = (
        active(records)
        .filter(person__name__in=shown)
        .select_related(*ROSTER_RELATED)
        .order_by("person__name", "quota_line__institution__sort_order", "person__birth_date")
    )
    groups = [
        DuplicateName(name, list(group))
        for name, group in groupby(rows, key=lambda record: record.person.name)
    ]
    return DuplicateNames(groups=groups, names=len(counts), people=sum(counts.values()))


# --- retirement (rules 9 and 10) ---------------------------------------------------------------


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def retirement_birth_cutoffs(today: datetime.date) -> dict[RetirementGroup, datetime.date]:
    """For each group, the first birth month whose retirement month is not yet past.

    The retirement month rises strictly with the birth month, so "past the retirement month" is
    "born before the cutoff": the rule stays in ``people.retirement`` and the query is a plain
    date comparison the database can answer from an index.
    """
    current_month = today.replace(day=1)
    cutoffs = {}
    for group in RetirementGroup:
        rule = group.value
        # Far enough back that this birth month has certainly retired before the current month.
        birth = _add_months(current_month, -(rule.base_years * 12 + rule.cap_months + 1))
        while retirement_month(birth, group) < current_month:
            birth = _add_months(birth, 1)
        cutoffs[group] = birth
    return cutoffs


def past_retirement(records: QuerySet, *, today: datetime.date | None = None) -> QuerySet:
    """Active records of people whose retirement month has passed: expected, overdue exits,
    the oldest first."""
    return (
        active(records)
        .filter(past_retirement_q(today))
        .select_related(*ROSTER_RELATED)
        .order_by("person__birth_date", "person__name")
    )


def past_retirement_q(today: datetime.date | None = None) -> Q:
    """Records whose holder's retirement month has passed by ``today`` (default: today).

    A person retiring this month is not yet overdue; from the first day of the next month they are.
    """
    cutoffs = retirement_birth_cutoffs(today or timezone.localdate())
    worker = Q(post_category=PostCategory.WORKER)
    return (
        Q(person__sex=Sex.MALE, person__birth_date__lt=cutoffs[RetirementGroup.MAN])
        | (
            Q(person__sex=Sex.FEMALE, person__birth_date__lt=cutoffs[RetirementGroup.WOMAN_WORKER])
            & worker
        )
        | (
            Q(person__sex=Sex.FEMALE, person__birth_date__lt=cutoffs[RetirementGroup.WOMAN_CADRE])
            & ~worker
        )
    )


def months_overdue(record: EstablishmentRecord, today: datetime.date | None = None) -> int:
    """Whole months since the retirement month ended (0 while still in it)."""
    today = today or timezone.localdate()
    month = record.retirement_month()
    if month is None:
        return 0
    return max((today.year - month.year) * 12 + today.month - month.month, 0)


# --- before → after figures of a change ----------------------------------------------------------


@dataclass(frozen=True)
class FigureRow:
    label: str
    before: int
    after: int

    @property
    def changed(self) -> bool:
        return self.before != self.after

    @property
    def delta(self) -> int:
        return self.after - self.before


@dataclass(frozen=True)
class Comparison:
    """One panel of the confirmation page: a quota line, a permit or a leadership quota."""

    title: str
    rows: list[FigureRow] = field(default_factory=list)


# A measurement: panel title → figure label → value, taken before and after a change.
Measurement = dict[str, dict[str, int]]


def line_measurement(line: QuotaLine, *, on: datetime.date | None = None) -> Measurement:
    figures = line_figures(line, on=on)
    title = f"{line.institution.full_name} · {line.type_label}"
    return {
        title: {
            "核定": figures.approved,
            "实有": figures.occupied,
            "已核准未使用": figures.reserved,
            "空编": figures.vacancy,
            "超编": figures.over,
            "可用": max(figures.available, 0),
        }
    }


def permit_measurement(permit: UsagePermit | None) -> Measurement:
    if permit is None:
        return {}
    used = permit.records.count()
    return {f"用编通知单 {permit.number}": {"核准": permit.count, "已使用": used}}


def leadership_measurement(quota: LeadershipQuota) -> Measurement:
    figures = leadership_with_figures(LeadershipQuota.objects.filter(pk=quota.pk)).get()
    title = f"{quota.institution.full_name} · {quota}" if quota.department_id else str(quota)
    return {
        f"领导职数：{title}": {
            "核定职数": figures.approved,
            "实配": figures.filled,
            "缺配": figures.shortfall,
            "超配": figures.excess,
        }
    }


def compare(before: Measurement, after: Measurement) -> list[Comparison]:
    """Pair two measurements into panels of before → after rows, in the order measured."""
    return [
        Comparison(
            title,
            [
                FigureRow(label, value, after.get(title, {}).get(label, value))
                for label, value in values.items()
            ],
        )
        for title, values in before.items()
    ]


# --- change requests (rule 9) ------------------------------------------------------------------


def requests_listed(requests: QuerySet) -> QuerySet:
    """Change requests with what a list row shows: the unit, the number of people and the first
    one's name, from subqueries (no query per row)."""
    items = ChangeRequestItem.objects.filter(request=OuterRef("pk")).order_by()
    return requests.select_related("institution").annotate(
        item_count=Coalesce(
            Subquery(items.values("request").annotate(n=Count("pk")).values("n")[:1]), 0
        ),
        first_person=Subquery(
            items.exclude(person_name="").order_by("pk").values("person_name")[:1]
        ),
    )


NO_REPORTING_CLOCK = "不计报送时限"


@dataclass(frozen=True)
class Timeliness:
    """按时 / 迟报 N 天 / 逾期 N 天 / 未到期 of one request (rule 9), with its badge style."""

    label: str
    css: str


def timeliness(request: ChangeRequest, today: datetime.date | None = None) -> Timeliness:
    today = today or timezone.localdate()
    if not spec_for(request.kind).has_reporting_clock:
        return Timeliness(NO_REPORTING_CLOCK, "text-bg-light border")
    if request.submitted_on is not None:
        if request.is_late:
            return Timeliness(f"迟报 {request.days_late()} 天", "text-bg-warning")
        return Timeliness("按时", "text-bg-success")
    if request.is_overdue(today):
        return Timeliness(f"逾期 {request.days_late(today)} 天", "text-bg-danger")
    return Timeliness("未到期", "text-bg-light border")


# --- rules 6 and 18 after entry: 双重身份, posts without civil-servant status -----------------------


def current_appointments(appointments: QuerySet) -> QuerySet:
    return appointments.filter(ended_on__isnull=True)


def with_home_institution(appointments: QuerySet) -> QuerySet:
    """Annotate ``home_institution_id`` and ``home_institution_name``: the unit of the holder's
    active establishment record (None when the holder has none)."""
    home = EstablishmentRecord.objects.filter(
        person=OuterRef("person"), status=RecordStatus.ACTIVE
    ).order_by()
    return appointments.annotate(
        home_institution_id=Subquery(home.values("quota_line__institution")[:1]),
        home_institution_name=Subquery(home.values("quota_line__institution__full_name")[:1]),
    )


def dual_identity_appointments(appointments: QuerySet | None = None) -> QuerySet:
    """双重身份 (rule 18): current leadership posts held outside the unit of the holder's active
    establishment record, or by a holder who has none left. Those appointed with a document
    (``dual_identity_document``) are allowed but still listed for the office to check; those
    without one are breaches. ``appointments`` is an already scope-restricted queryset (default:
    all). One query, no per-row lookups."""
    if appointments is None:
        appointments = LeadershipAppointment.objects.all()
    # One active record per person: "no active record in the post's unit" is the anti-join the
    # planner runs once, where comparing with the home unit ran two subqueries per appointment.
    at_home = EstablishmentRecord.objects.filter(
        person=OuterRef("person"),
        status=RecordStatus.ACTIVE,
        quota_line__institution=OuterRef("quota__institution"),
    )
    return (
        with_home_institution(current_appointments(appointments).filter(~Exists(at_home)))
        .select_related("person", "quota__institution", "quota__department")
        .order_by("quota__institution__sort_order", "quota__institution__full_name", "pk")
    )


def appointments_without_civil_service(appointments: QuerySet | None = None) -> QuerySet:
    """Current organ or 参公 leadership posts whose holder has no civil-servant status and no
    document allowing it (rule 18), for the self-check."""
    if appointments is None:
        appointments = LeadershipAppointment.objects.all()
    return (
        current_appointments(appointments)
        .filter(
            quota__institution__kind__in=CIVIL_SERVICE_KINDS,
            person__civil_servant_registered=False,
            civil_service_document__isnull=True,
        )
        .select_related("person", "quota__institution")
        .order_by("quota__institution__sort_order", "quota__institution__full_name", "pk")
    )


def records_without_civil_service(records: QuerySet) -> QuerySet:
    """Active records on non-worker posts in organs or 参公 units whose holder has no
    civil-servant status (rule 6), for the self-check."""
    return (
        active(records)
        .filter(
            quota_line__institution__kind__in=CIVIL_SERVICE_KINDS,
            person__civil_servant_registered=False,
        )
        .exclude(post_category=PostCategory.WORKER)
        .select_related(*ROSTER_RELATED)
    )
