"""Rules 6, 7, 18 and 19 (and 凡进必考) as plain checks over values, called by the services (``services.records``) and
by the imports (``imports.roster``, ``imports.unit_roster``) alike, so a bad row is refused with
the same message whichever way it arrives. Rule 11 (the ID number itself) is in ``idnumbers``.

Each check of rule 6 is separate so an import can put its message on the column at fault.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError

from orgs.choices import ORGAN_KINDS, InstitutionKind
from orgs.models import Institution
from staffing.choices import EstablishmentType, PermitPurpose
from staffing.models import check_type_allowed

from .choices import EntryWay, PostCategory, RecordStatus, Sex
from .idcrypto import blind_index
from .idnumbers import ID_NUMBER_REGISTERED, InvalidIdNumber, parse_id_number
from .models import EstablishmentRecord, LeadershipAppointment, Person
from .retirement import retirement_group, retirement_month

WORKER_NEEDS_WORKER_SLOT = "机关工勤人员须占用机关工勤编制（规则 6）。"
WORKER_SLOT_NEEDS_WORKER = "机关工勤编制只能由工勤技能岗位人员占用（规则 6）。"
CIVIL_SERVANT_REQUIRED = (
    "“%(institution)s”为%(kind)s，%(name)s 在非工勤岗位须已办理公务员登记（规则 6）。"
)
REGISTRATION_NEEDED_BY_POST = (
    "%(name)s 在“%(institution)s”（%(kind)s）占用非工勤岗位，须持有公务员登记；请先办理调动、"
    "出编，或经信息更正将岗位类别改为工勤技能岗位，再撤销公务员登记（规则 6）。"
)
REGISTRATION_NEEDED_BY_APPOINTMENT = (
    "%(name)s 担任“%(institution)s”（%(kind)s）%(title)s，须持有公务员登记；请先办理免职，"
    "再撤销公务员登记（规则 18）。"
)
LEADERSHIP_NEEDS_CIVIL_SERVICE = (
    "“%(institution)s”为%(kind)s，其领导职务须由已办理公务员登记的人员担任；%(name)s "
    "未办理公务员登记，确需任职须填写“非公务员任职依据文号”（规则 18）。"
)
DUAL_IDENTITY_NEEDS_DOCUMENT = (
    "%(name)s 的编制在“%(home)s”，在“%(institution)s”任职属双重身份，须填写“双重身份依据文号”，"
    "并将列入自查清单（规则 18）。"
)
UNDER_ENTRY_AGE = "%(name)s 在 %(date)s 未满 16 周岁，不能入编（规则 19）。"
PAST_RETIREMENT_ON_ENTRY = (
    "%(name)s 的退休时间为 %(month)s，%(date)s 已过退休时间，不能入编（规则 19）。"
)
EXAM_PERMIT_NEEDS_EXAM = (
    "用编通知单“%(number)s”用于招考，进入方式须为公务员考录或事业单位招聘（凡进必考，规则 3）；"
    "以%(way)s进入须填写“未经考试进入依据文号”。"
)
MIN_ENTRY_AGE = 16
EXAM_ENTRY_WAYS = frozenset({EntryWay.CIVIL_SERVICE_EXAM, EntryWay.PUBLIC_RECRUITMENT})
ALREADY_ACTIVE = "%(name)s 已在“%(institution)s”占用%(type)s，同一人只能占用一个编制（规则 7）。"
# What a unit reads instead (rule 14): where someone is placed is not its business.
ACTIVE_ELSEWHERE = "已在编，同一人只能占用一个编制（规则 7）；如有疑问请联系编办。"
ALREADY_ACTIVE_CODE = "already_active"
CIVIL_SERVICE_KINDS = ORGAN_KINDS | {InstitutionKind.CIVIL_SERVANT_MANAGED}
# Rows per query when checking many ID numbers at once (an import of a city roster).
ID_NUMBERS_PER_QUERY = 5000

__all__ = [
    "ACTIVE_ELSEWHERE",
    "ALREADY_ACTIVE",
    "ALREADY_ACTIVE_CODE",
    "CIVIL_SERVANT_REQUIRED",
    "DUAL_IDENTITY_NEEDS_DOCUMENT",
    "EXAM_PERMIT_NEEDS_EXAM",
    "ID_NUMBER_REGISTERED",
    "LEADERSHIP_NEEDS_CIVIL_SERVICE",
    "PAST_RETIREMENT_ON_ENTRY",
    "REGISTRATION_NEEDED_BY_APPOINTMENT",
    "REGISTRATION_NEEDED_BY_POST",
    "UNDER_ENTRY_AGE",
    "WORKER_NEEDS_WORKER_SLOT",
    "WORKER_SLOT_NEEDS_WORKER",
    "active_record_of",
    "check_civil_service",
    "check_entry_age",
    "check_entry_allowed",
    "check_entry_way",
    "check_id_number_free",
    "check_leadership_post",
    "check_no_active_record",
    "check_post_fits",
    "check_registration_revocable",
    "check_type_allowed",
    "check_worker_slot",
    "needs_civil_service",
    "register_entry_check",
    "register_other_placement",
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
        number_of = {blind_index(number): number for number in chunk}
        indexes = Person.objects.filter(id_number_index__in=number_of)
        found.update(
            number_of[index] for index in indexes.values_list("id_number_index", flat=True)
        )
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


# Placements outside 编制 that also make a person placed (rule 7): an app above people (hospitals:
# 备案制) registers a function returning its refusal for a person placed there, or None.
OTHER_PLACEMENT_CHECKS: list = []


def register_other_placement(check) -> None:
    if check not in OTHER_PLACEMENT_CHECKS:
        OTHER_PLACEMENT_CHECKS.append(check)


# Checks of an entry into a unit by apps above people (hospitals: 编制 + 备案制 within the
# hospital's control total), called as ``check(institution=...)``; each raises its refusal.
ENTRY_CHECKS: list = []


def register_entry_check(check) -> None:
    if check not in ENTRY_CHECKS:
        ENTRY_CHECKS.append(check)


def check_entry_allowed(institution) -> None:
    for check in ENTRY_CHECKS:
        check(institution=institution)


def check_no_active_record(person: Person) -> None:
    for check in OTHER_PLACEMENT_CHECKS:
        message = check(person)
        if message:
            raise ValidationError(message, code=ALREADY_ACTIVE_CODE)
    active = active_record_of(person)
    if active:
        raise ValidationError(
            ALREADY_ACTIVE
            % {
                "name": person.name,
                "institution": active.quota_line.institution.full_name,
                "type": active.quota_line.type_label,
            },
            code=ALREADY_ACTIVE_CODE,
        )


# --- rule 19: entry age; 凡进必考 ---------------------------------------------------------------


def sixteenth_birthday(birth: datetime.date) -> datetime.date:
    """The day a person born on ``birth`` turns 16 (born on 29 February: 1 March)."""
    try:
        return birth.replace(year=birth.year + MIN_ENTRY_AGE)
    except ValueError:
        return datetime.date(birth.year + MIN_ENTRY_AGE, 3, 1)


def check_entry_age(
    *,
    birth_date: datetime.date | None,
    sex: str,
    post_category: str,
    entry_on: datetime.date,
    name: str,
) -> None:
    """Rule 19: at least 16 on the entry date, and not past the retirement month (rule 10; a
    person retiring in the month of entry is not yet past it)."""
    if birth_date is None:
        return
    values = {"name": name, "date": entry_on.isoformat()}
    if entry_on < sixteenth_birthday(birth_date):
        raise ValidationError(UNDER_ENTRY_AGE % values)
    group = retirement_group(
        is_male=sex == Sex.MALE, worker_post=post_category == PostCategory.WORKER
    )
    month = retirement_month(birth_date, group)
    if month < entry_on.replace(day=1):
        raise ValidationError(PAST_RETIREMENT_ON_ENTRY % {**values, "month": f"{month:%Y-%m}"})


def check_entry_way(*, permit_number: str, purpose: str, entry_way: str, documented: bool):
    """凡进必考: an entry on a permit issued for 招考 is by examination or recruitment, unless a
    document allows otherwise."""
    if purpose != PermitPurpose.EXAMINATION or entry_way in EXAM_ENTRY_WAYS or documented:
        return
    raise ValidationError(
        EXAM_PERMIT_NEEDS_EXAM
        % {"number": permit_number, "way": EntryWay(entry_way).label if entry_way else "其他方式"}
    )


# --- rule 18: leadership posts follow rule 6; 双重身份 --------------------------------------------


def check_leadership_post(
    *,
    institution: Institution,
    home: Institution | None,
    registered: bool,
    name: str,
    civil_service_documented: bool,
    dual_identity_documented: bool,
) -> None:
    """An organ or 参公 leadership post needs civil-servant status; a post outside the holder's
    own establishment unit (``home``) is 双重身份. Each is allowed only with a document."""
    if institution.kind in CIVIL_SERVICE_KINDS and not registered and not civil_service_documented:
        raise ValidationError(
            LEADERSHIP_NEEDS_CIVIL_SERVICE
            % {
                "institution": institution.full_name,
                "kind": institution.get_kind_display(),
                "name": name,
            }
        )
    if home is not None and home.pk != institution.pk and not dual_identity_documented:
        raise ValidationError(
            DUAL_IDENTITY_NEEDS_DOCUMENT
            % {"name": name, "home": home.full_name, "institution": institution.full_name}
        )


def check_registration_revocable(person: Person) -> None:
    """Rule 6 after entry: civil-servant status may not be revoked while the person holds a
    non-worker post in an organ or 参公 unit, or (rule 18) such a leadership post without the
    document that allows a holder without it."""
    record = active_record_of(person)
    if record is not None and needs_civil_service(record.institution, record.post_category):
        raise ValidationError(
            REGISTRATION_NEEDED_BY_POST
            % {
                "name": person.name,
                "institution": record.institution.full_name,
                "kind": record.institution.get_kind_display(),
            }
        )
    appointment = (
        LeadershipAppointment.objects.filter(
            person=person,
            ended_on__isnull=True,
            quota__institution__kind__in=CIVIL_SERVICE_KINDS,
            civil_service_document__isnull=True,
        )
        .select_related("quota__institution")
        .first()
    )
    if appointment is not None:
        institution = appointment.quota.institution
        raise ValidationError(
            REGISTRATION_NEEDED_BY_APPOINTMENT
            % {
                "name": person.name,
                "institution": institution.full_name,
                "kind": institution.get_kind_display(),
                "title": appointment.title,
            }
        )
