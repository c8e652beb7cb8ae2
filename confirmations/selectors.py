"""Who answers for which status (rule 47) and the worklist: the active records whose recorded
status a department confirms, each with its confirmation state, from one query."""

from django.db.models import (
    Case,
    CharField,
    DateTimeField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from bianzhi import access
from orgs.choices import InstitutionKind, Status
from people.choices import PostCategory, RecordStatus
from people.models import EstablishmentRecord
from people.rules import CIVIL_SERVICE_KINDS
from staffing.choices import EstablishmentType

from .choices import KIND_OF, ConfirmationState, StatusKind
from .models import IdentityConfirmation

# Rule 47: the records whose recorded status each department confirms.
SUBJECTS = {
    # 组织: civil-servant registration of the non-worker staff of organs and 参公 units.
    StatusKind.CIVIL_SERVICE: Q(
        quota_line__institution__kind__in=sorted(CIVIL_SERVICE_KINDS),
        person__civil_servant_registered=True,
    )
    & ~Q(post_category=PostCategory.WORKER),
    # 人社: the 聘用 of the people on 事业编制 in 事业单位.
    StatusKind.EMPLOYMENT: Q(
        quota_line__institution__kind=InstitutionKind.PUBLIC_INSTITUTION,
        quota_line__establishment_type=EstablishmentType.PUBLIC,
        person__employment_contract_signed=True,
    ),
}


def kinds_for(user) -> list[StatusKind]:
    """The statuses the user's worklist holds: its department's for a partner, all for the
    office."""
    department = access.department_of(user)
    if department is not None:
        kind = KIND_OF.get(department)
        return [kind] if kind else []
    if access.role_of(user) in access.OFFICE_ROLES:
        return list(StatusKind)
    return []


def _confirmation(field: str, output_field):
    rows = IdentityConfirmation.objects.filter(record=OuterRef("pk"), kind=OuterRef("status_kind"))
    return Subquery(rows.values(field)[:1], output_field=output_field)


def with_kind(records: QuerySet, kinds) -> QuerySet:
    """``records`` that are subjects of one of ``kinds``, annotated with that ``status_kind``."""
    subject = Q()
    for kind in kinds:
        subject |= SUBJECTS[kind]
    status_kind = Case(
        *[When(SUBJECTS[kind], then=Value(kind.value)) for kind in kinds],
        output_field=CharField(),
    )
    return records.filter(subject).annotate(status_kind=status_kind)


def with_confirmation(records: QuerySet, kinds) -> QuerySet:
    """``records`` that are subjects of one of ``kinds``, annotated with ``status_kind`` and
    their confirmation (``confirmation_of``)."""
    kinds = list(kinds)
    if not kinds:
        return records.none()
    return confirmation_of(with_kind(records, kinds))


def confirmation_of(records: QuerySet) -> QuerySet:
    """``records`` (annotated by ``with_kind``) with their confirmation: ``confirmation_state``
    (待确认 when none: the kind it was confirmed for no longer applies, or the record is new),
    ``confirmation_reason``, ``confirmation_at`` and ``confirmation_by`` (the deciding user's
    name)."""
    return records.annotate(
        confirmation_state=Coalesce(
            _confirmation("state", CharField()), Value(ConfirmationState.PENDING.value)
        ),
        confirmation_reason=_confirmation("reason", CharField()),
        confirmation_at=_confirmation("decided_at", DateTimeField()),
        confirmation_by=_confirmation("decided_by__first_name", CharField()),
    )


def in_state(records: QuerySet, state: str) -> QuerySet:
    """``records`` (annotated by ``with_kind``) whose confirmation of their ``status_kind`` is in
    ``state`` (待确认: none yet, or reset). A semi- or anti-join on (record, kind), which the
    database answers for a city's records at once; filtering on ``with_confirmation``'s
    annotated state would run its subquery for every record."""
    rows = IdentityConfirmation.objects.filter(record=OuterRef("pk"), kind=OuterRef("status_kind"))
    if state == ConfirmationState.PENDING:
        return records.filter(~Exists(rows.exclude(state=state)))
    return records.filter(Exists(rows.filter(state=state)))


def active_records(user) -> QuerySet:
    return (
        access.restrict(EstablishmentRecord.objects.all(), user)
        .filter(status=RecordStatus.ACTIVE, quota_line__institution__status=Status.ACTIVE)
        .select_related("person", "quota_line__institution")
    )


def worklist(user) -> QuerySet:
    """The user's 身份确认 worklist: the active records in its scope whose status its department
    confirms (all of them for the office), with their confirmation."""
    return with_confirmation(active_records(user), kinds_for(user)).order_by(
        "quota_line__institution__sort_order", "quota_line__institution_id", "person__name", "pk"
    )
