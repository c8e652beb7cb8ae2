"""The demo county's pools with a purpose (rule 26) and its talent special quota (rule 27): a
急需紧缺人才周转池 set up out of the 统筹编制 pool, a loan of it to the county hospital (人走编回,
due next year) and one to another unit past its due date, a 行政编制储备 of administrative quota
saved by a reform, and a 高层次人才专项编制 in the over-established 农业技术推广中心 with the doctor
who holds it (seed 004's 农科院)."""

import datetime

from django.db import transaction

from orgs import services as org_services
from orgs.models import ApprovalDocument, Region
from people import services as people_services
from people.idnumbers import check_character
from people.rules import registered_id_numbers
from sampledata.demo.orgs import COUNTY_CODE, DEMO_REASON
from sampledata.demo.staffing import COUNTY_OFFICE
from staffing import services
from staffing.choices import AdjustmentKind, EstablishmentType, PoolPurpose
from staffing.models import PoolBalance, PoolLoan, QuotaLine
from staffing.pools import loan_lend
from staffing.selectors import line_figures
from staffing.services import LineChange
from staffing.special_quotas import special_permit_issue, special_quota_grant

PUBLIC = EstablishmentType.PUBLIC
ADMIN = EstablishmentType.ADMINISTRATIVE
TALENT_POOL = 4
RESERVE = 2
OVER_UNIT = "示例县农业科学研究院", "示例县农业技术推广中心"
LOAN_UNITS = ("示例县人民医院", "示例县疾病预防控制中心", "示例县中医医院")
HOLDER = ("周明远", "1988-03-12")


def _document(region, actor, number, title, issued_on, institutions=()) -> ApprovalDocument:
    return org_services.document_create(
        actor=actor,
        reason=DEMO_REASON,
        number=number,
        title=title,
        issuer=COUNTY_OFFICE,
        issued_on=issued_on,
        region=region,
        institutions=list(institutions),
    )


def _lendable_line(region, names, taken=frozenset()) -> QuotaLine | None:
    """A public-institution line of one of ``names`` (in that order) that is not over-established,
    else the first such line in the county."""
    lines = QuotaLine.objects.filter(
        institution__region=region, establishment_type=PUBLIC, approved__gt=0
    ).select_related("institution")
    preferred = [line for name in names for line in lines if line.institution.full_name == name]
    for line in [*preferred, *lines.order_by("institution__sort_order", "pk")]:
        usable = line.institution.is_active and line.institution.full_name not in taken
        if usable and line_figures(line).available >= 0:
            return line
    return None


def _over_line(region) -> QuotaLine | None:
    lines = QuotaLine.objects.filter(
        institution__region=region, establishment_type=PUBLIC
    ).select_related("institution")
    for name in OVER_UNIT:
        for line in lines.filter(institution__full_name=name):
            if line_figures(line).over > 0:
                return line
    return next((line for line in lines if line_figures(line).over > 0), None)


def _move(region, actor, document, establishment_type, count, into, summary):
    services.adjustment_apply(
        region=region,
        # Not a 周转池调配 to a unit: quota moves between the county's own pools.
        kind=AdjustmentKind.OTHER,
        summary=summary,
        document=document,
        effective_on=document.issued_on,
        lines=[
            LineChange(establishment_type, -count, pool_purpose=PoolPurpose.GENERAL),
            LineChange(establishment_type, count, pool_purpose=into),
        ],
        actor=actor,
    )


def _holder_fields(region) -> dict:
    name, born = HOLDER
    for serial in range(100):
        first17 = f"{region.code}{born.replace('-', '')}{serial:02d}1"
        id_number = first17 + check_character(first17)
        if not registered_id_numbers([id_number]):
            return {"id_number": id_number, "name": name}
    raise ValueError("no free demo ID number")


def load_demo_pools(*, actor, today: datetime.date) -> dict:
    """Load the pools, loans and the special quota once; return what was created."""
    region = Region.objects.filter(code=COUNTY_CODE).first()
    if region is None or PoolLoan.objects.filter(pool__region=region).exists():
        return {}
    with transaction.atomic():
        return _load(region, actor, today)


def _load(region, actor, today) -> dict:
    start = today - datetime.timedelta(days=240)
    setup = _document(
        region,
        actor,
        "示编发〔人才池〕1号",
        "关于设立急需紧缺人才用编周转池和行政编制储备的通知",
        start,
    )
    _move(
        region,
        actor,
        setup,
        PUBLIC,
        TALENT_POOL,
        PoolPurpose.TALENT,
        f"从统筹编制划出事业编制 {TALENT_POOL} 名，设立急需紧缺人才用编周转池",
    )
    _move(
        region,
        actor,
        setup,
        ADMIN,
        RESERVE,
        PoolPurpose.ADMINISTRATIVE_RESERVE,
        f"机构改革精简收回的行政编制 {RESERVE} 名纳入行政编制储备，实行专项管理",
    )
    talent = PoolBalance.objects.get(region=region, establishment_type=PUBLIC, purpose="talent")
    counts = {"pools": 2, "loans": 0, "special_quotas": 0}
    first = _lendable_line(region, LOAN_UNITS)
    if first is not None:
        lent_on = today - datetime.timedelta(days=60)
        document = _document(
            region,
            actor,
            "示编发〔人才池〕2号",
            f"关于{first.institution.full_name}借用急需紧缺人才周转池编制的批复",
            lent_on,
            [first.institution],
        )
        loan_lend(
            pool=talent,
            institution=first.institution,
            funding_form=first.funding_form,
            count=2,
            purpose="引进急需紧缺医疗卫生人才（心血管、重症医学）",
            document=document,
            lent_on=lent_on,
            returns_on_leave=True,
            due_on=today + datetime.timedelta(days=300),
            actor=actor,
        )
        counts["loans"] += 1
    taken = {first.institution.full_name} if first else set()
    second = _lendable_line(region, [name for name in LOAN_UNITS if name not in taken], taken)
    if second is not None:
        lent_on = start + datetime.timedelta(days=10)
        document = _document(
            region,
            actor,
            "示编发〔人才池〕3号",
            f"关于{second.institution.full_name}阶段性借用人才周转池编制的批复",
            lent_on,
            [second.institution],
        )
        loan_lend(
            pool=talent,
            institution=second.institution,
            funding_form=second.funding_form,
            count=1,
            purpose="疫情防控阶段性急需检验人才",
            document=document,
            lent_on=lent_on,
            returns_on_leave=False,
            due_on=today - datetime.timedelta(days=20),
            permit_expires_on=lent_on + datetime.timedelta(days=90),
            actor=actor,
        )
        counts["loans"] += 1
    over = _over_line(region)
    if over is not None:
        approved_on = today - datetime.timedelta(days=120)
        document = _document(
            region,
            actor,
            "示编发〔人才专编〕1号",
            f"关于核定{over.institution.full_name}高层次人才专项编制的批复",
            approved_on,
            [over.institution],
        )
        general = PoolBalance.objects.get(
            region=region, establishment_type=PUBLIC, purpose="general"
        )
        special = special_quota_grant(
            quota_line=over,
            source=general,
            count=2,
            talent="小麦、果树育种与栽培领域博士",
            document=document,
            approved_on=approved_on,
            actor=actor,
        )
        permit = special_permit_issue(
            special_quota=special,
            count=1,
            issued_on=approved_on + datetime.timedelta(days=5),
            expires_on=today + datetime.timedelta(days=180),
            document=document,
            actor=actor,
        )
        people_services.person_enter(
            person=None,
            new_person=_holder_fields(region),
            quota_line=over,
            permit=permit,
            post_category="professional",
            entry_way="talent",
            entry_on=approved_on + datetime.timedelta(days=30),
            job_title="小麦育种研究员",
            actor=actor,
            reason=DEMO_REASON,
        )
        counts["special_quotas"] += 1
    return counts
