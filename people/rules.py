"""Rules 6 and 7 as plain checks over values, called by the services (``services.records``) and
by the imports (``imports.roster``, ``imports.unit_roster``) alike, so a bad row is refused with
the same message whichever way it arrives. Rule 11 (the ID number itself) is in ``idnumbers``.

Each check of rule 6 is separate so an import can put its message on the column at fault.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError

from orgs.choices import ORGAN_KINDS, InstitutionKind
from orgs.models import Institution
from staffing.choices import EstablishmentType
from staffing.models import check_type_allowed

from .choices import PostCategory, RecordStatus
from .idnumbers import ID_NUMBER_REGISTERED, InvalidIdNumber, parse_id_number
from .models import EstablishmentRecord, Person

WORKER_NEEDS_WORKER_SLOT = "机关工勤人员须占用机关工勤编制（规则 6）。"
WORKER_SLOT_NEEDS_WORKER = "机关工勤编制只能由工勤技能岗位人员占用（规则 6）。"
CIVIL_SERVANT_REQUIRED = (
    "“%(institution)s”为%(kind)s，%(name)s 在非工勤岗位须已办理公务员登记（规则 6）。"
)
ALREADY_ACTIVE = "%(name)s 已在“%(institution)s”占用%(type)s，同一人只能占用一个编制（规则 7）。"
CIVIL_SERVICE_KINDS = ORGAN_KINDS | {InstitutionKind.CIVIL_SERVANT_MANAGED}
# Rows per query when checking many ID numbers at once (an import of a city roster).
ID_NUMBERS_PER_QUERY = 5000

__all__ = [
    "ALREADY_ACTIVE",
    "CIVIL_SERVANT_REQUIRED",
    "ID_NUMBER_REGISTERED",
    "WORKER_NEEDS_WORKER_SLOT",
    "WORKER_SLOT_NEEDS_WORKER",
    "active_record_of",
    "check_civil_service",
    "check_id_number_free",
    "check_no_active_record",
    "check_post_fits",
    "check_type_allowed",
    "check_worker_slot",
    "needs_civil_service",
    "registered_id_numbers",
]


# --- rule 6: no mixed use; civil-servant status; 工勤 in 工勤 slots ------------------------------


def check_worker_slot(institution: Institution, establishment_type: str, post_category: str):
    """In organs, worker-grade staff (工勤) and only they occupy 机关工勤编制."""
    if institution.kind not in ORGAN_KINDS:
        return
    is_worker = post_category == PostCategory.WORKER
    if is_worker != (establishment_type == EstablishmentType.ORGAN_WORKER):
        raise ValidationError(WORKER_NEEDS_WORKER_SLOT if is_worker else WORKER_SLOT_NEEDS_WORKER)


def needs_civil_service(institution: Institution, post_category: str) -> bool:
    """A non-worker post in an organ or a 参公 unit is a civil-servant post."""
    return institution.kind in CIVIL_SERVICE_KINDS and post_category != PostCategory.WORKER


def check_civil_service(
    institution: Institution, post_category: str, *, registered: bool, name: str
) -> None:
    if needs_civil_service(institution, post_category) and not registered:
        raise ValidationError(
            CIVIL_SERVANT_REQUIRED
            % {
                "institution": institution.full_name,
                "kind": institution.get_kind_display(),
                "name": name,
            }
        )


def check_post_fits(
    *,
    institution: Institution,
    establishment_type: str,
    post_category: str,
    civil_servant_registered: bool,
    name: str,
) -> None:
    """Rule 6 for one person on one quota line: the type suits the unit's kind (no 混编), 工勤
    in 工勤 slots, civil-servant status in civil-servant posts."""
    check_type_allowed(institution, establishment_type)
    check_worker_slot(institution, establishment_type, post_category)
    check_civil_service(institution, post_category, registered=civil_servant_registered, name=name)


# --- rule 7: one person, one establishment ---------------------------------------------------------


def registered_id_numbers(numbers: Iterable[str]) -> set[str]:
    """Which of these normalised ID numbers are registered already (one query per 5,000)."""
    numbers = list(numbers)
    found: set[str] = set()
    for start in range(0, len(numbers), ID_NUMBERS_PER_QUERY):
        chunk = numbers[start : start + ID_NUMBERS_PER_QUERY]
        found.update(Person.objects.filter(id_number__in=chunk).values_list("id_number", flat=True))
    return found


def check_id_number_free(raw: str) -> None:
    """An ID number is registered once. An invalid number is left to ``Person.clean`` (rule 11)."""
    try:
        number = parse_id_number(raw or "").number
    except InvalidIdNumber:
        return
    if registered_id_numbers([number]):
        raise ValidationError({"id_number": ID_NUMBER_REGISTERED})


def active_record_of(person: Person) -> EstablishmentRecord | None:
    return (
        EstablishmentRecord.objects.filter(person=person, status=RecordStatus.ACTIVE)
        .select_related("quota_line__institution")
        .first()
    )


def check_no_active_record(person: Person) -> None:
    active = active_record_of(person)
    if active:
        raise ValidationError(
            ALREADY_ACTIVE
            % {
                "name": person.name,
                "institution": active.quota_line.institution.full_name,
                "type": active.quota_line.type_label,
            }
        )
