"""The demo county's certificates, made through the services: three units hold an issued
certificate (one organ with a red cover, two public institutions with blue ones), the clerk's
school has changes after its issue waiting to be entered, and one unit's publicity is running with
an objection open. Idempotent: nothing is written once the county has a publicity."""

import datetime

from django.db import transaction
from django.utils import timezone

from certificates import rendering, services
from certificates.choices import PdfState
from certificates.models import Certificate, PdfJob, Publicity
from orgs import services as org_services
from orgs.models import Institution, Region
from sampledata.demo.orgs import COUNTY_CODE, DEMO_REASON
from staffing import services as staffing_services
from staffing.choices import AdjustmentKind, EstablishmentType, FundingForm

ISSUED = ("示例县第一中学", "示例县财政局", "示例县档案馆")
WITH_RESOLVED_OBJECTION = "示例县财政局"
REVIEWED = "示例县财政局"
WITH_CHANGES = "示例县第一中学"
RUNNING = "示例县实验小学"
COUNT_KEYS = ("publicities", "certificates")


def _counts(region: Region) -> dict[str, int]:
    return {
        "publicities": Publicity.objects.filter(institution__region=region).count(),
        "certificates": Certificate.objects.filter(region=region).count(),
    }


def load_demo_certificates(*, actor, today: datetime.date | None = None) -> dict:
    """Load the demo certificates; return how many publicities and certificates were created
    (zero when the county already has a publicity). Needs the orgs and people demo loaded."""
    region = Region.objects.filter(code=COUNTY_CODE).first()
    if region is None or Publicity.objects.filter(institution__region=region).exists():
        return dict.fromkeys(COUNT_KEYS, 0)
    today = today or timezone.localdate()
    before = _counts(region)
    with transaction.atomic():
        _load(region, actor, today)
    # The demo's PDFs are ready at once, without a task worker (one that runs later skips them).
    for job in PdfJob.objects.filter(certificate__region=region, state=PdfState.QUEUED).values_list(
        "pk", flat=True
    ):
        rendering.run_render(job)
    after = _counts(region)
    return {key: after[key] - before[key] for key in COUNT_KEYS}


def _unit(region: Region, name: str) -> Institution:
    return Institution.objects.get(region=region, full_name=name)


def _publicity(unit: Institution, actor, today: datetime.date, days: int):
    """A publicity the demo records as registered ``days`` ago and started that day: a publicity
    starts on the day it is registered (rule 20), so its registration is recorded on that day
    through the service's ``registered_at``, the keyword kept for loaders of past records."""
    registered_at = timezone.now() - datetime.timedelta(days=(timezone.localdate() - today).days)
    return services.publicity_start(
        institution=unit,
        actor=actor,
        started_on=today - datetime.timedelta(days=days),
        registered_at=registered_at - datetime.timedelta(days=days),
        reason=DEMO_REASON,
    )


def _load(region: Region, actor, today: datetime.date) -> None:
    ago = lambda days: today - datetime.timedelta(days=days)  # noqa: E731
    for name in ISSUED:
        unit = _unit(region, name)
        publicity = _publicity(unit, actor, today, 12)
        if name == WITH_RESOLVED_OBJECTION:
            objection = services.objection_record(
                publicity=publicity,
                actor=actor,
                raised_on=ago(9),
                raised_by="本单位职工",
                content="名单中一名借调人员的内设机构登记有误。",
                reason=DEMO_REASON,
            )
            services.objection_resolve(
                objection=objection,
                actor=actor,
                resolved_on=ago(7),
                resolution="经核实，该同志编制在本单位综合股，借调不改变编制关系，名单无误。",
                reason=DEMO_REASON,
            )
        certificate = services.certificate_issue(institution=unit, actor=actor, reason=DEMO_REASON)
        if name == REVIEWED:
            services.annual_review_record(
                certificate=certificate,
                actor=actor,
                result="passed",
                remarks="机构编制执行情况良好，实名制信息准确。",
                reason=DEMO_REASON,
            )
    _increase_after_issue(region, _unit(region, WITH_CHANGES), actor, today)
    running = _publicity(_unit(region, RUNNING), actor, today, 2)
    services.objection_record(
        publicity=running,
        actor=actor,
        raised_on=ago(1),
        content="名单中漏列一名今年暑期新入编的教师。",
        reason=DEMO_REASON,
    )


def _increase_after_issue(region: Region, unit: Institution, actor, today) -> None:
    """增加编制 after the school's certificate was issued (within the county's total control):
    its change pages have an entry due."""
    document = org_services.document_create(
        actor=actor,
        reason=DEMO_REASON,
        number=f"示编发〔{today.year}〕90号",
        title=f"关于为{unit.full_name}增加事业编制的批复",
        issuer="示例县机构编制委员会",
        issued_on=today,
        region=region,
        institutions=[unit],
    )
    staffing_services.adjustment_apply(
        region=region,
        kind=AdjustmentKind.INCREASE,
        summary="增加事业编制（新增高中教学班）",
        document=document,
        effective_on=today,
        lines=[staffing_services.LineChange(EstablishmentType.PUBLIC, 2, unit, FundingForm.FULL)],
        actor=actor,
    )
