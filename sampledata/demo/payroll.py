"""工资统发核对 in the demo county (rules 43–45). SAMPLE DATA ONLY.

Last month's payroll as 财政 would send it, made from the registry on that month's last day with
a few deliberate mismatches of every kind (two people left out, two names nobody registered, two
paid by another unit, two under another funding form, two paid after their exit), uploaded by the
demo partner and compared as the task worker compares it; the office records the 在编但未发放
findings as problems. Loaded once: nothing is written when the county has a run.
"""

import csv
import datetime
import io

from django.contrib.auth import get_user_model
from django.db import transaction

from orgs.models import Institution, Region
from payroll import jobs
from payroll.choices import FindingKind
from payroll.models import PayrollRun, month_end
from payroll.services import default_requirement, kind_problems_record
from people.idnumbers import check_character
from people.models import EstablishmentRecord
from staffing.choices import EstablishmentType, FundingForm
from staffing.occupancy import record_held_on

from .orgs import COUNTY_CODE

HEADERS = ["姓名", "身份证号", "单位", "编制类型", "经费形式", "发放金额"]
CATEGORY_TEXT = {
    EstablishmentType.ADMINISTRATIVE: "行政编制",
    EstablishmentType.POLITICAL_LEGAL: "政法专项编制",
    EstablishmentType.ORGAN_WORKER: "机关工勤编制",
    EstablishmentType.PUBLIC: "事业编制",
}
FUNDING_TEXT = {
    FundingForm.FULL: "全额拨款",
    FundingForm.PARTIAL: "差额拨款",
    FundingForm.SELF: "自收自支",
}
GHOSTS = [("吴空饷", "19850312"), ("郑挂名", "19900721")]


def _ghost_number(code: str, birth: str, serial: int) -> str:
    first17 = f"{code}{birth}{serial:03d}"
    return first17 + check_character(first17)


def _row(record, unit_name=None, category=None, funding=None) -> list:
    line = record.quota_line
    return [
        record.person.name,
        record.person.id_number,
        unit_name or line.institution.full_name,
        category or CATEGORY_TEXT[line.establishment_type],
        FUNDING_TEXT.get(funding or line.funding_form, ""),
        f"{5200 + record.pk % 9 * 350}.00",
    ]


def demo_payroll(region, month: datetime.date) -> bytes:
    """The payroll CSV of ``month`` for ``region``, with the demo's mismatches."""
    day = month_end(month)
    held = list(
        EstablishmentRecord.objects.filter(
            record_held_on(day), quota_line__institution__region=region
        )
        .select_related("person", "quota_line__institution")
        .order_by("pk")
    )
    # Spread over the county: every few records one is left out, one moved, one re-funded.
    step = max(len(held) // 7, 1)
    picked = [record.pk for record in held[step // 2 :: step]]
    left_out, moved = set(picked[0:2]), set(picked[2:4])
    public = [
        r.pk
        for r in held
        if r.quota_line.establishment_type == EstablishmentType.PUBLIC and r.pk not in picked[:4]
    ]
    funding = set(public[len(public) // 3 :][:2])
    others = list(Institution.objects.filter(region=region).order_by("pk")[:2])
    rows = []
    for record in held:
        if record.pk in left_out:
            continue
        if record.pk in moved:
            unit = next(i for i in others if i != record.quota_line.institution)
            rows.append(_row(record, unit_name=unit.full_name))
        elif record.pk in funding:
            other = (
                FundingForm.PARTIAL
                if record.quota_line.funding_form != FundingForm.PARTIAL
                else FundingForm.FULL
            )
            rows.append(_row(record, funding=other))
        else:
            rows.append(_row(record))
    exited = (
        EstablishmentRecord.objects.filter(
            quota_line__institution__region=region, ended_on__lt=month
        )
        .exclude(person__in=[r.person_id for r in held])
        .select_related("person", "quota_line__institution")
        .order_by("-ended_on", "pk")[:2]
    )
    rows.extend(_row(record) for record in exited)
    unit = held[0].quota_line.institution.full_name
    for serial, (name, birth) in enumerate(GHOSTS, start=101):
        rows.append(
            [name, _ghost_number(region.code, birth, serial), unit, "行政编制", "", "4800.00"]
        )
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return text.getvalue().encode("utf-8-sig")


def load_demo_payroll(*, actor, today: datetime.date) -> int:
    """Return the findings of the demo run (0 when loaded already)."""
    region = Region.objects.get(code=COUNTY_CODE)
    if PayrollRun.objects.filter(region=region).exists():
        return 0
    users = get_user_model().objects
    partner = users.filter(username="partner").first() or actor
    staff = users.filter(username="staff").first()
    month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    with transaction.atomic():
        run = PayrollRun.objects.create(
            region=region, month=month, user=partner, file_name=f"{month:%Y年%m月}工资统发名单.csv"
        )
        jobs.execute(run, io.BytesIO(demo_payroll(region, month)))
        if staff is not None:
            kind_problems_record(
                run=run,
                kind=FindingKind.NOT_PAID,
                requirement=default_requirement(FindingKind.NOT_PAID),
                deadline=today + datetime.timedelta(days=30),
                actor=staff,
            )
    return run.finding_count
