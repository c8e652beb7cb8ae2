"""空编收回 in the demo county (rule 25). SAMPLE DATA ONLY.

The exits the people loader registers have already proposed their vacancies (people's record-end
hook). Here: those proposals are brought up to date (the permits and entries issued after the
exits), the standing vacancy of the archives is found as the daily scan would find it, and the
office decides two proposals: it reclaims part of one into the pool and keeps another for the
school's recruitment. The other standing vacancies are left for the daily scan or the page's
button to find. Loaded once: nothing is written when a decided proposal exists.
"""

import datetime

from django.db import transaction

from orgs import services as org_services
from orgs.models import Institution, Region
from reclaims.choices import DECIDED_STATES, ReclaimState
from reclaims.detection import reclaims_scan
from reclaims.models import ReclaimProposal
from reclaims.services import proposal_accept, proposal_keep
from staffing.choices import EstablishmentType
from staffing.models import QuotaLine

from .orgs import COUNTY_CODE

REASON = "演示数据：空编收回"
STANDING_UNIT = "示例县档案馆"
RECLAIMED_UNIT = "示例县发展和改革局"
KEPT_UNIT = "示例县城关镇中心学校"
KEEP_REASON = "该校空编已列入本年度中小学教师公开招聘计划，暂予保留"


def _pending_of(region, name: str, establishment_type: str) -> ReclaimProposal | None:
    return ReclaimProposal.objects.filter(
        quota_line__institution__region=region,
        quota_line__institution__full_name=name,
        quota_line__establishment_type=establishment_type,
        state=ReclaimState.PENDING,
    ).first()


def load_demo_reclaims(*, actor, today: datetime.date) -> int:
    """Return how many proposals the demo county holds (0 when loaded already)."""
    region = Region.objects.get(code=COUNTY_CODE)
    proposals = ReclaimProposal.objects.filter(quota_line__institution__region=region)
    if proposals.filter(state__in=DECIDED_STATES).exists():
        return 0
    with transaction.atomic():
        reclaims_scan(
            today=today,
            actor=actor,
            lines=QuotaLine.objects.filter(
                pk__in=proposals.filter(state=ReclaimState.PENDING).values("quota_line")
            ),
        )
        archives = Institution.objects.get(region=region, full_name=STANDING_UNIT)
        reclaims_scan(today=today, actor=actor, lines=archives.quota_lines.all())
        reclaimed = _pending_of(region, RECLAIMED_UNIT, EstablishmentType.ADMINISTRATIVE)
        if reclaimed is not None:
            document = org_services.document_create(
                actor=actor,
                reason=REASON,
                number=f"示编发〔{today.year}〕87号",
                title="关于收回部分单位空余编制的通知（演示）",
                issuer="示例县机构编制委员会",
                issued_on=today - datetime.timedelta(days=3),
                region=region,
                institutions=[reclaimed.quota_line.institution],
            )
            proposal_accept(
                proposal=reclaimed,
                count=max(reclaimed.vacancy // 2, 1),
                document=document,
                effective_on=today - datetime.timedelta(days=1),
                actor=actor,
            )
        kept = _pending_of(region, KEPT_UNIT, EstablishmentType.PUBLIC)
        if kept is not None:
            proposal_keep(proposal=kept, reason=KEEP_REASON, actor=actor)
    return proposals.count()
