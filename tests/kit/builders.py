"""Builders for establishment scenarios. They go through the services, as real data does, so the
figures and history they leave are the ones the application would leave."""

import datetime
import itertools

from bianzhi.history import save_tracked, system_actor
from orgs.choices import PUBLIC_INSTITUTION_KINDS
from orgs.models import ApprovalDocument, Institution
from people import services as people_services
from people.idnumbers import check_character
from people.models import EstablishmentRecord, LeadershipAppointment, Person
from people.retirement import RetirementGroup, retirement_month
from staffing import services as staffing_services
from staffing.choices import EstablishmentType, FundingForm, PostKind
from staffing.models import LeadershipQuota, QuotaLine, UsagePermit

from .clock import TODAY, day
from .factories import DocumentFactory

EFFECTIVE = day(1, 1)
ISSUED = day(1, 10)
ENTERED = day(2, 1)
# Still open on the day the suite runs, whatever that day is.
EXPIRES = TODAY + datetime.timedelta(days=365)

_serial = itertools.count(1)


def id_number(*, birth: datetime.date = datetime.date(1990, 5, 17), male: bool = True) -> str:
    """A valid, unique ID number (rule 11) for a person born on ``birth``."""
    serial = next(_serial) % 500
    sequence = f"{serial // 5 % 100:02d}{2 * (serial % 5) + (1 if male else 0)}"
    first17 = f"990121{birth:%Y%m%d}{sequence}"
    return first17 + check_character(first17)


def document(institution: Institution | None = None, **fields) -> ApprovalDocument:
    if institution is not None:
        fields.setdefault("region", institution.region)
    doc = DocumentFactory(**fields)
    if institution is not None:
        doc.institutions.add(institution)
    return doc


def default_type(institution: Institution) -> tuple[str, str]:
    if institution.kind in PUBLIC_INSTITUTION_KINDS:
        return EstablishmentType.PUBLIC, FundingForm.FULL
    return EstablishmentType.ADMINISTRATIVE, ""


def quota(
    institution: Institution,
    approved: int = 10,
    establishment_type: str | None = None,
    funding_form: str | None = None,
) -> QuotaLine:
    """Approve ``approved`` slots for the institution through an adjustment (核定编制)."""
    kind, funding = default_type(institution)
    establishment_type = establishment_type or kind
    if funding_form is None:
        funding_form = funding if establishment_type == EstablishmentType.PUBLIC else ""
    staffing_services.adjustment_apply(
        region=institution.region,
        kind="initial",
        summary="核定编制",
        document=document(institution),
        effective_on=EFFECTIVE,
        lines=[
            staffing_services.LineChange(
                establishment_type=establishment_type,
                delta=approved,
                institution=institution,
                funding_form=funding_form,
            )
        ],
        actor=system_actor(),
    )
    return QuotaLine.objects.get(
        institution=institution, establishment_type=establishment_type, funding_form=funding_form
    )


def permit(line: QuotaLine, count: int = 1, **fields) -> UsagePermit:
    fields.setdefault("issued_on", ISSUED)
    fields.setdefault("expires_on", EXPIRES)
    return staffing_services.permit_issue(
        quota_line=line, count=count, actor=system_actor(), **fields
    )


def person(region, name: str = "张伟", *, male: bool = True, birth=None, **fields) -> Person:
    birth = birth or datetime.date(1990, 5, 17)
    fields.setdefault("civil_servant_registered", True)
    return people_services.person_register(
        actor=system_actor(),
        region=region,
        id_number=id_number(birth=birth, male=male),
        name=name,
        **fields,
    )


def post_for(line: QuotaLine) -> str:
    if line.establishment_type == EstablishmentType.ORGAN_WORKER:
        return "worker"
    return "professional" if line.establishment_type == EstablishmentType.PUBLIC else "management"


def enter(
    who: Person, line: QuotaLine, used_permit: UsagePermit | None = None, **fields
) -> EstablishmentRecord:
    """入编 through the service, issuing a one-slot permit first when none is given."""
    used_permit = used_permit or permit(line)
    fields.setdefault("post_category", post_for(line))
    fields.setdefault("entry_way", "recruitment")
    fields.setdefault("entry_on", ENTERED)
    return people_services.entry_register(
        person=who, quota_line=line, permit=used_permit, actor=system_actor(), **fields
    )


def enter_unchecked(
    who: Person, line: QuotaLine, used_permit: UsagePermit | None = None, **fields
) -> EstablishmentRecord:
    """An active record written directly, without the entry service's checks: how a scenario
    gets someone in post past their retirement month (or who entered after it, as legacy data
    may hold), whose entry rule 19 refuses today. ``used_permit`` is counted as used by them."""
    fields.setdefault("post_category", post_for(line))
    fields.setdefault("entry_way", "recruitment")
    fields.setdefault("entry_on", ENTERED)
    record = EstablishmentRecord(person=who, quota_line=line, permit=used_permit, **fields)
    return save_tracked(record, actor=system_actor(), reason="登记现有在编人员")


def staff(line: QuotaLine, count: int, *, name_prefix: str = "职工") -> list[EstablishmentRecord]:
    """Fill ``count`` slots of the line with new people (one permit for all of them)."""
    used_permit = permit(line, count=count)
    institution = line.institution
    return [
        enter(person(institution.region, f"{name_prefix}{i + 1}"), line, used_permit)
        for i in range(count)
    ]


def leadership_quota(
    institution: Institution, post_kind: str = PostKind.UNIT_HEAD, approved: int = 1, **fields
) -> LeadershipQuota:
    return staffing_services.leadership_quota_set(
        institution=institution,
        post_kind=post_kind,
        approved=approved,
        document=document(institution),
        actor=system_actor(),
        reason="核定领导职数",
        **fields,
    )


def appoint(
    who: Person, post: LeadershipQuota, title: str = "局长", **fields
) -> LeadershipAppointment:
    fields.setdefault("started_on", ENTERED)
    fields.setdefault("document", document(post.institution))
    return people_services.appointment_start(
        person=who, quota=post, title=title, actor=system_actor(), **fields
    )


def born_retiring_in(month: datetime.date, group: RetirementGroup = RetirementGroup.MAN):
    """A birth date (the 5th of its month) whose retirement month (rule 10) is ``month``: lets a
    scenario place a retirement in the kit's year, whatever year the suite runs in."""
    rule = group.value
    for age in range(rule.base_years * 12, rule.base_years * 12 + rule.cap_months + 1):
        index = month.year * 12 + month.month - 1 - age
        birth = datetime.date(index // 12, index % 12 + 1, 5)
        if retirement_month(birth, group) == month.replace(day=1):
            return birth
    raise ValueError(f"nobody retires in {month:%Y-%m}")


def first_retirement_from(month: datetime.date, group: RetirementGroup = RetirementGroup.MAN):
    """(birth date, retirement month) for the first month at or after ``month`` in which somebody
    retires: the gradual rise of rule 10 leaves some months without retirees."""
    for ahead in range(12):
        index = month.year * 12 + month.month - 1 + ahead
        candidate = datetime.date(index // 12, index % 12 + 1, 1)
        try:
            return born_retiring_in(candidate, group), candidate
        except ValueError:
            continue
    raise ValueError(f"nobody retires within a year of {month:%Y-%m}")
