"""The registry of one institution as it stood at the end of a past day (机构历史状况查询).

Everything is read from the history tables (django-simple-history): for each object, the latest
row recorded before the end of the day in the project's time zone (Asia/Shanghai), dropping
objects whose latest row is a deletion. What is shown is therefore what the registry said at
that moment; a change recorded later, even with an earlier effective date, is not in it.

The number of queries does not depend on the number of people, lines or posts: the latest row
per object is a correlated subquery, and names of related objects as of the day are
subqueries too.
"""

import datetime
import functools
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, IntegerField, OuterRef, QuerySet, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone

from orgs.models import Institution, InternalDepartment
from staffing.choices import EstablishmentType, FundingForm, PostKind
from staffing.models import LeadershipQuota, QuotaLine

from . import idcrypto
from .choices import PersonCategory, PostCategory, RecordStatus
from .idnumbers import mask_id_number
from .models import EstablishmentRecord, LeadershipAppointment, Person

# Leadership posts in the order of PostKind (单位正职 first), not in the alphabet of their codes.
POST_ORDER = Case(
    *(When(post_kind=kind, then=Value(index)) for index, kind in enumerate(PostKind)),
    output_field=IntegerField(),
)


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The first instant after ``day`` in the current time zone: rows recorded before it count."""
    midnight = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    return timezone.make_aware(midnight)


def as_of(history: QuerySet, cutoff: datetime.datetime) -> QuerySet:
    """The latest historical row of each object recorded before ``cutoff``, deletions dropped.

    ``history`` is a model's history queryset (``Model.history.all()``, maybe filtered). The
    latest row is chosen among all rows of the object, so a filter on a field that changed
    over time (status, quota line …) applies to the state at ``cutoff``, not to older states.
    Rows recorded at the same instant are ordered by their insertion (``history_id``).
    """
    model = history.model
    object_id = model.instance_type._meta.pk.attname
    latest = (
        model._default_manager.filter(**{object_id: OuterRef(object_id)}, history_date__lt=cutoff)
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    return history.filter(history_date__lt=cutoff, history_id=Subquery(latest)).exclude(
        history_type="-"
    )


def _value_as_of(model, cutoff, pk_ref: str, value: str) -> Subquery:
    """A subquery: ``value`` of the ``model`` object whose pk is the outer ``pk_ref``, at cutoff."""
    return Subquery(
        as_of(model.history.all(), cutoff).filter(id=OuterRef(pk_ref)).values(value)[:1]
    )


def _label(choices, value: str) -> str:
    """The label of ``value`` in a TextChoices class (its ``choices`` list is rebuilt on every
    access, which a roster of hundreds of rows felt: the labels are read once per class)."""
    return _labels(choices).get(value, value) if value else ""


@functools.cache
def _person_url_pattern() -> str:
    return reverse("people:person_detail", args=[0])


@functools.cache
def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def type_label(establishment_type: str, funding_form: str) -> str:
    label = _label(EstablishmentType, establishment_type)
    return f"{label}（{_label(FundingForm, funding_form)}）" if funding_form else label


# --- what the page shows -------------------------------------------------------------------------


@dataclass
class LineAsOf:
    """One quota line at the day: H from its history, A counted from the roster at the day."""

    pk: int
    establishment_type: str
    funding_form: str
    approved: int
    occupied: int = 0

    @property
    def type_label(self) -> str:
        return type_label(self.establishment_type, self.funding_form)

    @property
    def vacancy(self) -> int:
        return max(self.approved - self.occupied, 0)

    @property
    def over(self) -> int:
        return max(self.occupied - self.approved, 0)


@dataclass(frozen=True)
class LeadershipAsOf:
    department_name: str
    post_kind: str
    post_title: str
    approved: int
    filled: int
    document_number: str

    @property
    def post_label(self) -> str:
        return self.post_title or _label(PostKind, self.post_kind)

    @property
    def shortfall(self) -> int:
        return max(self.approved - self.filled, 0)

    @property
    def excess(self) -> int:
        return max(self.filled - self.approved, 0)


@dataclass(frozen=True)
class MemberAsOf:
    """One roster row at the day: the record's state then, with the person's name then."""

    record_id: int
    person_id: int
    name: str
    id_number: str
    quota_line_id: int
    establishment_type: str
    funding_form: str
    department_name: str
    job_title: str
    post_category: str
    person_category: str
    entry_on: datetime.date
    # Held on a talent special quota: in establishment, but not counted in its line's A (rule 27).
    on_special_quota: bool = False

    @property
    def type_label(self) -> str:
        return type_label(self.establishment_type, self.funding_form)

    @property
    def post_category_label(self) -> str:
        return _label(PostCategory, self.post_category)

    @property
    def person_url(self) -> str:
        """The person's page; reversed once per process, not once per row of a big roster."""
        return _person_url_pattern().replace("/0/", f"/{self.person_id}/")

    @property
    def person_category_label(self) -> str:
        return _label(PersonCategory, self.person_category)


@dataclass
class Snapshot:
    """One institution at the end of ``day``; ``institution`` is None if not yet registered."""

    day: datetime.date
    institution: object | None  # the historical row of the institution at the day
    parent_name: str = ""
    lines: list[LineAsOf] = field(default_factory=list)
    leadership: list[LeadershipAsOf] = field(default_factory=list)
    roster: list[MemberAsOf] = field(default_factory=list)
    first_recorded: datetime.date | None = None  # if not yet registered: the day it first was

    @property
    def occupied_total(self) -> int:
        return len(self.roster)

    @property
    def special_total(self) -> int:
        """In establishment on a talent special quota, outside the lines' 实有 (rule 27)."""
        return sum(1 for member in self.roster if member.on_special_quota)

    @property
    def abolished(self) -> bool:
        """Abolished by the end of the day (a unit abolished later was still active then)."""
        then = self.institution
        return then.status != "active" and (
            then.abolished_on is None or then.abolished_on <= self.day
        )


# --- reading -------------------------------------------------------------------------------------


def institution_as_of(institution_id: int, cutoff: datetime.datetime):
    return (
        as_of(Institution.history.all(), cutoff)
        .filter(id=institution_id)
        .select_related("region", "establishing_document", "abolition_document")
        .first()
    )


def lines_as_of(institution_id: int, cutoff: datetime.datetime) -> list[LineAsOf]:
    rows = (
        as_of(QuotaLine.history.all(), cutoff)
        .filter(institution_id=institution_id)
        .order_by("establishment_type", "funding_form")
        .values_list("id", "establishment_type", "funding_form", "approved")
    )
    return [LineAsOf(*row) for row in rows]


def leadership_as_of(institution_id: int, cutoff: datetime.datetime) -> list[LeadershipAsOf]:
    """Leadership quotas at the day, with the holders counting against them at the day."""
    filled = dict(
        as_of(LeadershipAppointment.history.all(), cutoff)
        .filter(quota__institution_id=institution_id, ended_on__isnull=True)
        .filter(counts_against_quota=True)
        .order_by()
        .values_list("quota_id")
        .annotate(n=Count("history_id"))
    )
    rows = (
        as_of(LeadershipQuota.history.all(), cutoff)
        .filter(institution_id=institution_id)
        .annotate(
            department_name=_value_as_of(InternalDepartment, cutoff, "department_id", "name"),
        )
        # Unit posts first, then each department's in the office's order; PostKind's within.
        .order_by(
            F("department__sort_order").asc(nulls_first=True),
            "department_id",
            POST_ORDER,
            "post_title",
        )
        .values_list(*LEADERSHIP_COLUMNS)
    )
    return leadership_posts(rows, filled)


# The columns, in order, that ``leadership_posts`` and ``members`` read from their rows.
LEADERSHIP_COLUMNS = (
    "id",
    "department_name",
    "post_kind",
    "post_title",
    "approved",
    "document__number",
)
MEMBER_COLUMNS = (
    "id",
    "person_id",
    "person_name",
    "person_id_number",
    "quota_line_id",
    "quota_line__establishment_type",
    "quota_line__funding_form",
    "department_name",
    "job_title",
    "post_category",
    "person_category",
    "entry_on",
    "permit__special_quota",
)


def leadership_posts(rows, filled: dict[int, int]) -> list[LeadershipAsOf]:
    """Leadership quotas from ``LEADERSHIP_COLUMNS`` rows, filled as ``filled`` counts them."""
    return [
        LeadershipAsOf(
            department_name=department or "",
            post_kind=kind,
            post_title=title,
            approved=approved,
            filled=filled.get(pk, 0),
            document_number=number or "",
        )
        for pk, department, kind, title, approved, number in rows
    ]


def members(rows, *, full_id_numbers: bool) -> list[MemberAsOf]:
    """Roster rows from ``MEMBER_COLUMNS`` rows, ``person_id_number`` the ciphertext (rule 14: ID
    numbers masked unless allowed)."""
    show = (lambda number: number) if full_id_numbers else mask_id_number
    rows = list(rows)
    plain = idcrypto.decrypt_many([row[3] for row in rows])
    rows = [(*row[:3], number, *row[4:]) for row, number in zip(rows, plain, strict=True)]
    return [
        MemberAsOf(
            record_id=pk,
            person_id=person_id,
            name=name or "",
            id_number=show(number) if number else "",
            quota_line_id=line_id,
            establishment_type=kind,
            funding_form=funding,
            department_name=department or "",
            job_title=job_title,
            post_category=post,
            person_category=category,
            entry_on=entry_on,
            on_special_quota=special_quota_id is not None,
        )
        for (
            pk,
            person_id,
            name,
            number,
            line_id,
            kind,
            funding,
            department,
            job_title,
            post,
            category,
            entry_on,
            special_quota_id,
        ) in rows
    ]


def roster_as_of(
    institution_id: int, cutoff: datetime.datetime, *, full_id_numbers: bool
) -> list[MemberAsOf]:
    """Records of the institution active at the day, as they stood then (rule 14: masked IDs)."""
    rows = (
        as_of(EstablishmentRecord.history.all(), cutoff)
        .filter(quota_line__institution_id=institution_id, status=RecordStatus.ACTIVE)
        .annotate(
            person_name=_value_as_of(Person, cutoff, "person_id", "name"),
            person_id_number=_value_as_of(Person, cutoff, "person_id", "id_number_encrypted"),
            department_name=_value_as_of(InternalDepartment, cutoff, "department_id", "name"),
        )
        .order_by(
            "quota_line__establishment_type",
            "quota_line__funding_form",
            "person_name",
            "id",
        )
        .values_list(*MEMBER_COLUMNS)
    )
    return members(rows, full_id_numbers=full_id_numbers)


def snapshot(institution_id: int, day: datetime.date, *, full_id_numbers: bool) -> Snapshot:
    """The institution, its quota lines, leadership quotas and roster at the end of ``day``.

    Occupancy, vacancy and over-establishment are per quota line (rule 1), never summed across
    establishment types.
    """
    cutoff = end_of_day(day)
    institution = institution_as_of(institution_id, cutoff)
    if institution is None:
        first = (
            Institution.history.filter(id=institution_id)
            .order_by("history_date")
            .values_list("history_date", flat=True)
            .first()
        )
        return Snapshot(
            day=day,
            institution=None,
            first_recorded=timezone.localtime(first).date() if first else None,
        )
    parent = institution_as_of(institution.parent_id, cutoff) if institution.parent_id else None
    lines = lines_as_of(institution_id, cutoff)
    roster = roster_as_of(institution_id, cutoff, full_id_numbers=full_id_numbers)
    by_line = {line.pk: line for line in lines}
    for member in roster:
        if member.quota_line_id not in by_line:
            # Cannot happen through the services (a line exists before anyone occupies it);
            # shown with H = 0 rather than hidden, should imported data say otherwise.
            line = LineAsOf(member.quota_line_id, member.establishment_type, member.funding_form, 0)
            by_line[line.pk] = line
            lines.append(line)
    regular = Counter(member.quota_line_id for member in roster if not member.on_special_quota)
    for line_id, occupied in regular.items():
        by_line[line_id].occupied = occupied
    return Snapshot(
        day=day,
        institution=institution,
        parent_name=parent.full_name if parent else "",
        lines=lines,
        leadership=leadership_as_of(institution_id, cutoff),
        roster=roster,
    )
