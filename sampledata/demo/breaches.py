"""The breaches the demo county holds, so that 编制自查 (checks, rule 22) has something of every
kind to show. SAMPLE DATA ONLY.

Each is made through the services where they allow it. Where a service now refuses the breach
(the point of rules 16–18), it is made the way later events make it: a history-recorded save of
the row by the system actor with a reason that says so (never QuerySet.update()). Loaded once:
nothing is written when the 地方志编纂中心 below exists already.
"""

import datetime

from django.db import transaction
from django.db.models import F

from bianzhi.history import attribute
from orgs import services as org_services
from orgs.choices import Category, InstitutionKind, Level, PublicServiceClass, Status, System
from orgs.models import Institution, Region
from people.choices import PostCategory, RecordStatus
from people.models import EstablishmentRecord, LeadershipAppointment, Person
from people.services import appointment_start
from staffing import services as staffing_services
from staffing.choices import EstablishmentType, FundingForm
from staffing.leadership_ceilings import ceiling
from staffing.models import LeadershipQuota, QuotaLine
from staffing.post_structure import post_structure_set
from staffing.selectors import with_figures

from .orgs import COUNTY_CODE

REASON = "演示数据：自查示例"
LATER = "演示数据（模拟后续变化）："
MIXED_UNIT = "示例县地方志编纂中心"
RESERVED_UNIT = "示例县营商环境服务中心"
ABOLISHED_PARENT = "示例县城市建设指挥部"
ORPHAN = "示例县城市建设指挥部办公室"
# The active units staged here: they have quota but nobody, or nothing at all.
NEW_UNITS = (MIXED_UNIT, RESERVED_UNIT, ORPHAN)


def later(instance, why: str, *, actor) -> None:
    """Save ``instance`` as a later event would leave it, recorded in its history."""
    attribute(instance, actor=actor, reason=LATER + why)
    instance.save()


def load_demo_breaches(*, actor, today: datetime.date) -> int:
    """Make one breach of every standing check; return how many scenarios were staged (0 when
    loaded already)."""
    region = Region.objects.get(code=COUNTY_CODE)
    if Institution.objects.filter(region=region, full_name=MIXED_UNIT).exists():
        return 0
    with transaction.atomic():
        document = org_services.document_create(
            actor=actor,
            reason=REASON,
            number=f"示编办发〔{today.year}〕99号",
            title="关于机构编制事项的通知（演示）",
            issuer="示例县机构编制委员会办公室",
            issued_on=today - datetime.timedelta(days=120),
            region=region,
        )
        made = [
            mixed_and_empty(actor, region, document, today),
            reservations_above_vacancies(actor, region, document, today),
            abolished_parent(actor, region, document, today),
            revoked_registration(actor, region),
            worker_on_a_management_post(actor, region),
            dual_identity(actor, region, document, today),
            over_establishment_without_reason(actor, region, document, today),
            expired_permit(actor, region, today),
            post_structure_exceeded(actor, region, document),
            leadership_above_ceiling(actor, region),
        ]
    return sum(made)


def _public_unit(actor, region, name, document, order) -> Institution:
    return org_services.institution_create(
        actor=actor,
        reason=REASON,
        document=document,
        full_name=name,
        region=region,
        kind=InstitutionKind.PUBLIC_INSTITUTION,
        system=System.GOVERNMENT,
        category=Category.DIRECT_INSTITUTION,
        level=Level.DEPUTY_SECTION,
        public_service_class=PublicServiceClass.CLASS_ONE,
        sort_order=order,
    )


def _public_line(actor, institution, delta, document, effective_on, reason="") -> QuotaLine:
    staffing_services.adjustment_apply(
        region=institution.region,
        kind="initial" if delta > 0 else "other",
        summary=f"{institution.full_name}编制{'核定' if delta > 0 else '核减'}（演示）",
        document=document,
        effective_on=effective_on,
        lines=[
            staffing_services.LineChange(
                establishment_type=EstablishmentType.PUBLIC,
                delta=delta,
                institution=institution,
                funding_form=FundingForm.FULL,
            )
        ],
        actor=actor,
        over_establishment_reason=reason,
    )
    return QuotaLine.objects.get(
        institution=institution,
        establishment_type=EstablishmentType.PUBLIC,
        funding_form=FundingForm.FULL,
    )


def mixed_and_empty(actor, region, document, today) -> int:
    """混编 and 空壳机构: a new public institution with 事业编制 and nobody yet, whose kind was
    then recorded as 党政机关 (rule 17 now refuses that change)."""
    unit = _public_unit(actor, region, MIXED_UNIT, document, 9001)
    _public_line(actor, unit, 2, document, today - datetime.timedelta(days=90))
    unit.kind = InstitutionKind.PARTY_GOVERNMENT
    unit.public_service_class = ""
    later(unit, "单位类型变更为党政机关", actor=actor)
    return 1


def reservations_above_vacancies(actor, region, document, today) -> int:
    """A permit for both slots of a line, its count later raised past them by hand, as legacy
    data carries (rule 16 refuses every path to it through the services now)."""
    unit = _public_unit(actor, region, RESERVED_UNIT, document, 9002)
    line = _public_line(actor, unit, 2, document, today - datetime.timedelta(days=90))
    permit = staffing_services.permit_issue(
        quota_line=line,
        count=2,
        purpose="examination",
        issued_on=today - datetime.timedelta(days=60),
        expires_on=today + datetime.timedelta(days=120),
        actor=actor,
    )
    permit.count = 3
    later(permit, "用编通知单核准数改为 3 名（未经编制核查）", actor=actor)
    return 1


def abolished_parent(actor, region, document, today) -> int:
    """A headquarters abolished while its office was left under it (rule 8 refuses that now)."""
    common = {
        "region": region,
        "kind": InstitutionKind.PARTY_GOVERNMENT,
        "system": System.GOVERNMENT,
        "category": Category.COORDINATION_OFFICE,
        "level": Level.SECTION,
    }
    parent = org_services.institution_create(
        actor=actor,
        reason=REASON,
        document=document,
        full_name=ABOLISHED_PARENT,
        sort_order=9003,
        **common,
    )
    child = org_services.institution_create(
        actor=actor,
        reason=REASON,
        document=document,
        full_name=ORPHAN,
        sort_order=9004,
        **common,
    )
    org_services.institution_abolish(
        institution=parent,
        document=document,
        abolished_on=today - datetime.timedelta(days=20),
        actor=actor,
        reason=REASON,
    )
    child.parent = parent
    later(child, "挂靠已撤销的指挥部", actor=actor)
    return 1


def _first_organ_leader(region) -> LeadershipAppointment:
    return (
        LeadershipAppointment.objects.filter(
            ended_on__isnull=True,
            quota__institution__region=region,
            quota__institution__kind=InstitutionKind.PARTY_GOVERNMENT,
            quota__post_kind="unit_deputy",
            person__records__status=RecordStatus.ACTIVE,
            person__records__quota_line__institution=F("quota__institution"),
        )
        .select_related("person")
        .order_by("quota__institution__sort_order", "pk")
        .first()
    )


def revoked_registration(actor, region) -> int:
    """An organ's deputy head whose civil-servant registration was revoked (rule 12 now refuses
    it while the post is held): 规则 6 and 18."""
    appointment = _first_organ_leader(region)
    person = appointment.person
    person.civil_servant_registered = False
    later(person, "撤销公务员登记", actor=actor)
    return 1


def worker_on_a_management_post(actor, region) -> int:
    """An organ's worker later recorded on a management post (rule 6)."""
    record = (
        EstablishmentRecord.objects.filter(
            status=RecordStatus.ACTIVE,
            quota_line__institution__region=region,
            quota_line__establishment_type=EstablishmentType.ORGAN_WORKER,
            post_category=PostCategory.WORKER,
            person__appointments__isnull=True,
        )
        .order_by("quota_line__institution__sort_order", "pk")
        .first()
    )
    record.post_category = PostCategory.MANAGEMENT
    later(record, "岗位类别变更为管理岗位", actor=actor)
    return 1


def dual_identity(actor, region, document, today) -> int:
    """双重身份 (rule 18): a registered staff member of one organ appointed, not counting against
    the quota (by document), to a post of another."""
    quota = (
        LeadershipQuota.objects.filter(
            institution__region=region,
            institution__status=Status.ACTIVE,
            institution__kind=InstitutionKind.PARTY_GOVERNMENT,
            post_kind="unit_deputy",
        )
        .order_by("institution__sort_order", "pk")
        .first()
    )
    person = (
        Person.objects.filter(
            region=region,
            civil_servant_registered=True,
            appointments__isnull=True,
            records__status=RecordStatus.ACTIVE,
            records__post_category=PostCategory.MANAGEMENT,
            records__quota_line__institution__kind=InstitutionKind.PARTY_GOVERNMENT,
        )
        .exclude(records__quota_line__institution=quota.institution)
        .order_by("pk")
        .first()
    )
    appointment_start(
        person=person,
        quota=quota,
        title=f"{quota.post_label}（兼任）",
        started_on=today - datetime.timedelta(days=45),
        document=document,
        actor=actor,
        counts_against_quota=False,
        exemption_document=document,
        dual_identity_document=document,
        reason=REASON,
    )
    return 1


def over_establishment_without_reason(actor, region, document, today) -> int:
    """A full line cut by one with a reason, the reason later lost (rule 4)."""
    full = (
        with_figures(
            QuotaLine.objects.filter(
                institution__region=region,
                institution__status=Status.ACTIVE,
                establishment_type=EstablishmentType.PUBLIC,
                over_establishment_reason="",
            ),
            on=today,
        )
        .filter(vacancy=0, over=0, reserved=0, approved__gt=2)
        .order_by("institution__sort_order", "pk")
        .first()
    )
    staffing_services.adjustment_apply(
        region=region,
        kind="other",
        summary=f"{full.institution.full_name}编制核减（演示）",
        document=document,
        effective_on=today - datetime.timedelta(days=10),
        lines=[
            staffing_services.LineChange(
                establishment_type=full.establishment_type,
                delta=-1,
                institution=full.institution,
                funding_form=full.funding_form,
            )
        ],
        actor=actor,
        over_establishment_reason="职能调整",
    )
    line = QuotaLine.objects.get(pk=full.pk)
    line.over_establishment_reason = ""
    later(line, "超编原因未录入", actor=actor)
    return 1


def expired_permit(actor, region, today) -> int:
    """A permit whose validity ended last month, never closed (permits_expire not run)."""
    line = (
        with_figures(
            QuotaLine.objects.filter(
                institution__region=region,
                institution__status=Status.ACTIVE,
                institution__kind=InstitutionKind.PUBLIC_INSTITUTION,
            ),
            on=today - datetime.timedelta(days=90),
            until=today - datetime.timedelta(days=30),
        )
        .filter(available__gt=0)
        .order_by("institution__sort_order", "pk")
        .first()
    )
    staffing_services.permit_issue(
        quota_line=line,
        count=1,
        purpose="examination",
        issued_on=today - datetime.timedelta(days=90),
        expires_on=today - datetime.timedelta(days=30),
        actor=actor,
    )
    return 1


def post_structure_exceeded(actor, region, document) -> int:
    """A structure re-approved with one management post fewer than the people on them (the
    service allows it; the check lists it until the people's post categories follow)."""
    line = (
        QuotaLine.objects.filter(
            institution__region=region,
            management_posts__gt=0,
            records__status=RecordStatus.ACTIVE,
            records__post_category=PostCategory.MANAGEMENT,
        )
        .order_by("institution__sort_order", "pk")
        .first()
    )
    # One fewer than the people on management posts today, whatever the clean structure was.
    managers = line.records.filter(
        status=RecordStatus.ACTIVE, post_category=PostCategory.MANAGEMENT
    ).count()
    post_structure_set(
        line=line,
        management=managers - 1,
        professional=line.professional_posts + line.management_posts - managers + 1,
        worker=line.worker_posts,
        document=document,
        actor=actor,
        reason=REASON,
    )
    return 1


def leadership_above_ceiling(actor, region) -> int:
    """A unit's deputies raised past its level's ceiling without a document from above, as
    legacy data carries (the service refuses it now)."""
    quota = (
        LeadershipQuota.objects.filter(
            institution__region=region,
            institution__status=Status.ACTIVE,
            institution__kind=InstitutionKind.PUBLIC_INSTITUTION,
            post_kind="unit_deputy",
        )
        .select_related("institution")
        .order_by("institution__sort_order", "pk")
        .first()
    )
    quota.approved = ceiling(quota.post_kind, quota.institution.level) + 1
    later(quota, f"单位副职核定数改为 {quota.approved} 名（未经上级批准）", actor=actor)
    return 1
