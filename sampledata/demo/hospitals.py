"""公立医院人员控制总量备案 in the demo county (rule 29): its two hospitals under 备案管理, their
beds, bed use and outpatient visits of the last two years, a filed control total each (the
中医医院's above the standard, with its reason) and a few 备案制 people, one of whom has left.
SAMPLE DATA ONLY. Loaded once: nothing is written when a hospital of the county is registered.
"""

import datetime
from decimal import Decimal

from django.db import transaction

from hospitals import services
from hospitals.choices import HospitalCategory
from hospitals.models import Hospital
from orgs import services as org_services
from orgs.models import Institution, Region
from people.choices import EndReason, PostCategory
from people.idnumbers import check_character
from people.models import Person

from .orgs import COUNTY_CODE

REASON = "演示数据：公立医院人员控制总量备案"
# (unit, category, figures two years back, last year's, control total, over-standard reason)
HOSPITALS = (
    (
        "示例县人民医院",
        HospitalCategory.GENERAL,
        (500, 520, Decimal("91.30"), 398000),
        (500, 540, Decimal("93.60"), 421000),
        742,
        "",
    ),
    (
        "示例县中医医院",
        HospitalCategory.TCM,
        (300, 260, Decimal("76.50"), 162000),
        (300, 280, Decimal("78.20"), 178000),
        360,
        "承担县域中医医疗中心建设任务，新开设康复、治未病科室",
    ),
)
# (unit, name, male, birth, post, job title, days since entry)
FILED_PEOPLE = (
    (
        "示例县人民医院",
        "周雨桐",
        False,
        datetime.date(1996, 3, 8),
        PostCategory.PROFESSIONAL,
        "护士",
        400,
    ),
    (
        "示例县人民医院",
        "马浩然",
        True,
        datetime.date(1993, 11, 21),
        PostCategory.PROFESSIONAL,
        "住院医师",
        380,
    ),
    (
        "示例县人民医院",
        "唐思琪",
        False,
        datetime.date(1998, 6, 2),
        PostCategory.PROFESSIONAL,
        "护士",
        300,
    ),
    (
        "示例县人民医院",
        "韩立新",
        True,
        datetime.date(1989, 1, 17),
        PostCategory.PROFESSIONAL,
        "主治医师",
        250,
    ),
    (
        "示例县人民医院",
        "冯晓燕",
        False,
        datetime.date(1991, 9, 30),
        PostCategory.MANAGEMENT,
        "医务科干事",
        200,
    ),
    (
        "示例县人民医院",
        "曹志远",
        True,
        datetime.date(1995, 4, 12),
        PostCategory.WORKER,
        "设备维修",
        150,
    ),
    (
        "示例县中医医院",
        "邓雅婷",
        False,
        datetime.date(1997, 2, 14),
        PostCategory.PROFESSIONAL,
        "中医师",
        320,
    ),
    (
        "示例县中医医院",
        "彭家豪",
        True,
        datetime.date(1994, 8, 5),
        PostCategory.PROFESSIONAL,
        "康复治疗师",
        210,
    ),
    (
        "示例县中医医院",
        "蒋文静",
        False,
        datetime.date(1999, 12, 1),
        PostCategory.PROFESSIONAL,
        "护士",
        120,
    ),
)
# Who has left again (resigned), to show an ended 备案制 record.
LEFT = "唐思琪"


def _id_number(serial: int, birth: datetime.date, male: bool) -> str:
    """A valid number of the demo county, in a sequence range the people maker leaves alone."""
    for sequence in range(900 + serial * 4, 1000):
        if sequence % 2 == (1 if male else 0):
            first17 = f"{COUNTY_CODE}{birth:%Y%m%d}{sequence}"
            number = first17 + check_character(first17)
            if not Person.objects.by_id_number(number).exists():
                return number
    raise RuntimeError("no free demo ID number")


def load_demo_hospitals(*, actor, today: datetime.date) -> dict:
    """Register the hospitals and their figures, filings and 备案制 people; return the counts."""
    region = Region.objects.get(code=COUNTY_CODE)
    if Hospital.objects.filter(institution__region=region).exists():
        return {}
    counts = {"hospitals": 0, "control_totals": 0, "filed_staff": 0}
    with transaction.atomic():
        filed_on = today - datetime.timedelta(days=420)
        hospitals = {}
        for name, category, older, last, total, over_reason in HOSPITALS:
            institution = Institution.objects.get(region=region, full_name=name)
            hospital = services.hospital_register(
                institution=institution,
                category=category,
                actor=actor,
                reason=REASON,
                registered_on=filed_on,
            )
            hospitals[name] = hospital
            counts["hospitals"] += 1
            for years_back, figures in ((2, older), (1, last)):
                approved, open_beds, use, visits = figures
                services.figures_record(
                    hospital=hospital,
                    year=today.year - years_back,
                    approved_beds=approved,
                    open_beds=open_beds,
                    bed_use_rate=use,
                    outpatient_visits=visits,
                    actor=actor,
                    reason=REASON,
                )
            number = len(hospitals)
            document = org_services.document_create(
                actor=actor,
                reason=REASON,
                number=f"示编办备〔{today.year - 1}〕{number}号",
                title=f"关于{name}人员控制总量备案的通知",
                issuer="示例县机构编制委员会办公室",
                issued_on=datetime.date(today.year - 1, 3, 1 + number),
                region=region,
                institutions=[institution],
            )
            services.control_total_file(
                hospital=hospital,
                total=total,
                document=document,
                filed_on=document.issued_on,
                over_standard_reason=over_reason,
                actor=actor,
                reason=REASON,
            )
            counts["control_totals"] += 1
        for serial, (unit, name, male, birth, post, title, days) in enumerate(FILED_PEOPLE):
            record = services.filed_staff_register(
                hospital=hospitals[unit],
                new_person={"id_number": _id_number(serial, birth, male), "name": name},
                post_category=post,
                job_title=title,
                entry_on=today - datetime.timedelta(days=days),
                actor=actor,
                reason=REASON,
            )
            counts["filed_staff"] += 1
            if name == LEFT:
                services.filed_staff_end(
                    record=record,
                    ended_on=today - datetime.timedelta(days=30),
                    end_reason=EndReason.RESIGNATION,
                    actor=actor,
                    reason="演示数据：辞职，终止备案",
                )
    return counts
