"""编制结构 of a few of the demo county's public institutions, so the establishment page shows
管理/专技/工勤 posts beside their lines. SAMPLE DATA ONLY.

Each structure holds the people on the line now (per post category) and divides what is left
of the quota in force among the professional posts, so none of them is a breach; the one breach
is staged in ``sampledata.demo.breaches``. Loaded once: nothing is written when a line of the
county holds a structure already.
"""

import datetime

from django.db.models import Count, Q

from orgs.choices import InstitutionKind, Status
from orgs.models import ApprovalDocument, Region
from people.choices import PostCategory, RecordStatus
from staffing.choices import EstablishmentType
from staffing.models import QuotaLine
from staffing.post_structure import post_structure_set
from staffing.selectors import with_figures

from .orgs import COUNTY_CODE

REASON = "演示数据：核定岗位结构"
HOW_MANY = 6


def _people(category: str) -> Count:
    return Count(
        "records",
        filter=Q(records__status=RecordStatus.ACTIVE, records__post_category=category),
    )


def load_demo_structures(*, actor, today: datetime.date) -> int:
    """Give the largest public institutions' 事业编制 lines a structure; return how many."""
    region = Region.objects.get(code=COUNTY_CODE)
    lines = QuotaLine.objects.filter(
        institution__region=region,
        institution__status=Status.ACTIVE,
        institution__kind=InstitutionKind.PUBLIC_INSTITUTION,
        establishment_type=EstablishmentType.PUBLIC,
    )
    if lines.filter(management_posts__isnull=False).exists():
        return 0
    candidates = (
        with_figures(lines, on=today)
        .annotate(
            management=_people(PostCategory.MANAGEMENT),
            professional=_people(PostCategory.PROFESSIONAL),
            worker=_people(PostCategory.WORKER),
        )
        .filter(over=0, occupied__gt=0)
        .select_related("institution")
        .order_by("-in_force", "institution__sort_order", "pk")[:HOW_MANY]
    )
    made = 0
    for line in candidates:
        document = (
            ApprovalDocument.objects.filter(pk=line.institution.establishing_document_id).first()
            or ApprovalDocument.objects.filter(region=region).order_by("issued_on", "pk").first()
        )
        post_structure_set(
            line=line,
            management=line.management,
            professional=line.in_force - line.management - line.worker,
            worker=line.worker,
            document=document,
            actor=actor,
            reason=REASON,
        )
        made += 1
    return made
