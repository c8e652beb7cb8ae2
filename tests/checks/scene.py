"""A region holding one breach of every standing check (自查), made the way later events make
them: a status revoked, a kind changed, a post changed, a retirement reached, a permit left open
past its expiry, a quota cut below its reservations. The saves that services now refuse are
history-recorded saves of the row (as a later event would leave it), never QuerySet.update()."""

from dataclasses import dataclass

from bianzhi.access import Department, Role
from bianzhi.history import attribute, system_actor
from confirmations import selectors as confirmation_selectors
from confirmations import services as confirmation_services
from orgs import services as orgs_services
from orgs.choices import InstitutionKind
from people.models import EstablishmentRecord, Person
from staffing import services as staffing_services
from staffing.choices import EstablishmentType
from staffing.post_structure import post_structure_set
from tests.kit import builders
from tests.kit.clock import day
from tests.kit.factories import InstitutionFactory, PublicInstitutionFactory, make_user
from tests.kit.world import World


def later(instance, reason: str) -> None:
    """Save ``instance`` as a later event left it, recorded in its history."""
    attribute(instance, actor=system_actor(), reason=reason)
    instance.save()


def revoke_registration(person: Person) -> None:
    person.civil_servant_registered = False
    later(person, "撤销公务员登记")


def retiring_after_entry():
    """A birth date whose retirement month falls after the kit's entry date (rule 19 lets them
    enter) and before today (past retirement now)."""
    birth, _ = builders.first_retirement_from(day(3, 1))
    return birth


@dataclass
class Scene:
    world: World
    expected: set[tuple[str, str]]  # (check code, subject)


def build_scene(world: World) -> Scene:
    region = world.region
    # 混编: a school with 事业编制 and a teacher, whose kind was later changed to 党政机关.
    school = PublicInstitutionFactory(full_name="示例县第一中学", region=region)
    school_line = builders.quota(school, 5)
    builders.staff(school_line, 1, name_prefix="教师")
    school.kind = InstitutionKind.PARTY_GOVERNMENT
    later(school, "变更单位类型")

    # An organ: a clerk whose civil-servant registration was revoked, and who leads it.
    bureau = InstitutionFactory(full_name="示例县甲局", region=region)
    bureau_line = builders.quota(bureau, 10)
    (revoked,) = builders.staff(bureau_line, 1, name_prefix="撤登")
    head = builders.leadership_quota(bureau, "unit_head", 1)
    builders.appoint(revoked.person, head, title="局长")
    revoke_registration(revoked.person)
    # A worker on 机关工勤编制 later recorded on a management post.
    worker_line = builders.quota(bureau, 2, establishment_type=EstablishmentType.ORGAN_WORKER)
    (worker,) = builders.staff(worker_line, 1, name_prefix="工勤")
    worker.post_category = "management"
    later(worker, "岗位变更")
    # Someone past the retirement month, still in post.
    retiring = builders.person(region, "退休甲", birth=retiring_after_entry())
    builders.enter(retiring, bureau_line, entry_on=day(2, 1))
    # A permit left open past its expiry.
    expired = builders.permit(bureau_line, issued_on=day(1, 10), expires_on=day(3, 1))

    # 双重身份: a teacher of 本单位 appointed deputy head of 主管局.
    (teacher,) = builders.staff(builders.quota(world.unit, 3), 1, name_prefix="兼职")
    deputy = builders.leadership_quota(world.supervisor, "unit_deputy", 2)
    builders.appoint(
        teacher.person,
        deputy,
        title="副局长",
        dual_identity_document=builders.document(world.supervisor),
    )

    # 超编 whose reason was lost, and 超职数 (by document).
    office = InstitutionFactory(full_name="示例县乙办", region=region)
    office_line = builders.quota(office, 2)
    builders.staff(office_line, 2, name_prefix="乙办")
    staffing_services.adjustment_apply(
        region=region,
        kind="decrease",
        summary="核减",
        document=builders.document(office),
        effective_on=builders.EFFECTIVE,
        lines=[
            staffing_services.LineChange(
                establishment_type="administrative", delta=-1, institution=office
            )
        ],
        actor=system_actor(),
        over_establishment_reason="机构合并",
    )
    office_line.refresh_from_db()
    office_line.over_establishment_reason = ""
    later(office_line, "清理超编原因")
    office_head = builders.leadership_quota(office, "unit_head", 1)
    first, second = EstablishmentRecord.objects.filter(quota_line=office_line)
    builders.appoint(first.person, office_head, title="主任")
    builders.appoint(
        second.person, office_head, title="主任", over_quota_document=builders.document(office)
    )

    # 空壳机构: 主管局 has a quota and nobody; an abolished parent with a live child.
    builders.quota(world.supervisor, 4)
    gone = InstitutionFactory(full_name="示例县已撤销局", region=region)
    orgs_services.institution_abolish(
        institution=gone,
        document=builders.document(gone),
        abolished_on=day(3, 1),
        actor=system_actor(),
        reason="撤销",
    )
    InstitutionFactory(full_name="示例县遗留中心", region=region, parent=gone)

    # Reservations above vacancies: a permit for 2 on a line then cut to 1.
    centre = InstitutionFactory(full_name="示例县丙中心", region=region)
    centre_line = builders.quota(centre, 2)
    reserved = builders.permit(centre_line, count=2)
    # Rule 16 refuses every service path to it now; legacy data carries it.
    reserved.count = 3
    attribute(reserved, actor=system_actor(), reason="历史数据：核准数改为 3 名")
    reserved.save()

    # 岗位结构: two professionals on a line whose structure has one professional post.
    clinic = PublicInstitutionFactory(full_name="示例县丁中心", region=region)
    clinic_line = builders.quota(clinic, 4)
    builders.staff(clinic_line, 2, name_prefix="丁中心")
    post_structure_set(
        line=clinic_line,
        management=1,
        professional=1,
        worker=1,
        document=builders.document(clinic),
        actor=system_actor(),
        reason="核定岗位结构",
    )

    # 单位副职 above the ceiling of a 正科级 unit, raised without a document from above.
    deputies = builders.leadership_quota(office, "unit_deputy", 4)
    deputies.approved = 5
    later(deputies, "历史数据：单位副职核定数改为 5 名")

    # Out of the office's region: never shown to it.
    foreign_line = builders.quota(world.foreign, 3)
    (foreign,) = builders.staff(foreign_line, 1, name_prefix="外县")
    revoke_registration(foreign.person)

    # 身份确认 (rules 47, 48): 组织 confirms every registered civil servant but two: it rejects
    # one of 乙办, and 退休甲 is still to be confirmed.
    organization = make_user(Role.PARTNER, region=region, department=Department.ORGANIZATION)
    rows = list(confirmation_selectors.worklist(organization))
    rejected = next(row for row in rows if row.person.name == "乙办1")
    confirmation_services.confirm(
        records=[row for row in rows if row.person.name not in {"乙办1", "退休甲"}],
        actor=organization,
    )
    confirmation_services.reject(record=rejected, actor=organization, reason="未查到登记")

    expected = {
        ("identity_rejected", "乙办1"),
        ("identity_pending", "1 人"),
        ("mixed", "事业编制（全额拨款）"),
        ("civil_servant", revoked.person.name),
        ("leader_civil_servant", revoked.person.name),
        ("worker", worker.person.name),
        ("past_retirement", "退休甲"),
        ("expired_permit", expired.number),
        ("dual_identity", teacher.person.name),
        ("over_establishment", "行政编制"),
        ("over_leadership", "单位正职"),
        ("empty_unit", "示例县主管局"),
        ("empty_unit", "示例县丙中心"),
        ("abolished_parent", "示例县遗留中心"),
        ("over_committed", "行政编制"),
        ("reservations", reserved.number),
        ("post_structure", "事业编制（全额拨款）"),
        ("leadership_ceiling", "单位副职"),
    }
    return Scene(world, expected)
