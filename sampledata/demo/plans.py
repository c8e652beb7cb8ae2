"""The demo county's 用编进人计划 (rule 24): last year's plan, issued and largely used; this
year's, proposed by several units (the demo school through its clerk's request), set by the
office, issued with a document and half used; and the school's proposal for next year awaiting
the office. Dates are relative to today, so the plan is "this year's" on any day."""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from bianzhi.history import save_tracked
from orgs import services as org_services
from orgs.choices import Status
from orgs.models import Institution, Region
from people import services as people_services
from people.choices import EntryWay, RequestKind
from people.idnumbers import check_character
from plans import services
from plans.choices import PERMIT_PURPOSE, PlanMethod, PlanStatus
from plans.models import AnnualPlan, PlanLine
from sampledata.demo.orgs import COUNTY_CODE
from staffing.choices import EstablishmentType
from staffing.models import QuotaLine
from staffing.selectors import line_figures, with_figures
from staffing.services import permit_issue

SCHOOL = "示例县第一中学"
OFFICE = "示例县机构编制委员会办公室"


@dataclass(frozen=True)
class Proposal:
    unit: str
    establishment_type: str
    proposed: int
    approved: int
    method: str
    posts: str
    entered: int  # people already entered on the plan's permit


THIS_YEAR = (
    Proposal(
        SCHOOL,
        EstablishmentType.PUBLIC,
        4,
        3,
        PlanMethod.EXAMINATION,
        "高中语文、数学、英语教师各 1 名，本科及以上，具有相应教师资格",
        2,
    ),
    Proposal(
        "示例县人民医院",
        EstablishmentType.PUBLIC,
        5,
        4,
        PlanMethod.EXAMINATION,
        "临床医师 3 名（执业医师）、护理 1 名",
        2,
    ),
    Proposal(
        "示例县市场监督管理局",
        EstablishmentType.ADMINISTRATIVE,
        2,
        2,
        PlanMethod.EXAMINATION,
        "基层市场监管所综合执法岗 2 名（公务员考录）",
        1,
    ),
    Proposal(
        "示例县东山乡中心学校",
        EstablishmentType.PUBLIC,
        2,
        2,
        PlanMethod.PLACEMENT,
        "公费师范毕业生安置 2 名",
        1,
    ),
    Proposal(
        "示例县疾病预防控制中心",
        EstablishmentType.PUBLIC,
        2,
        1,
        PlanMethod.TALENT,
        "公共卫生与预防医学硕士研究生 1 名",
        0,
    ),
    Proposal(
        "示例县供销合作社联合社",
        EstablishmentType.PUBLIC,
        1,
        0,
        PlanMethod.SELECTION,
        "财务人员 1 名（自收自支单位，暂不安排）",
        0,
    ),
)
LAST_YEAR = (
    Proposal(
        SCHOOL, EstablishmentType.PUBLIC, 3, 2, PlanMethod.EXAMINATION, "初中数学教师 2 名", 2
    ),
    Proposal(
        "示例县实验小学",
        EstablishmentType.PUBLIC,
        2,
        2,
        PlanMethod.PLACEMENT,
        "公费师范毕业生安置 2 名",
        1,
    ),
    Proposal(
        "示例县发展和改革局",
        EstablishmentType.ADMINISTRATIVE,
        1,
        1,
        PlanMethod.SELECTION,
        "综合科室 1 名（从乡镇选调）",
        1,
    ),
)
# The new people's ID numbers: 990121, a birth date, a serial from here (no demo person uses it).
FIRST_SERIAL = 901
ENTRY_WAYS = {
    PlanMethod.PLACEMENT: EntryWay.VETERAN,
    PlanMethod.TALENT: EntryWay.TALENT,
    PlanMethod.SELECTION: EntryWay.TRANSFER_IN,
}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ("晓", "子涵", "思远", "雨桐", "浩然", "欣怡", "一鸣", "佳琪", "宇轩", "梦瑶")


class _Plans:
    def __init__(self, *, actor, today: datetime.date):
        User = get_user_model()
        self.actor = actor
        self.today = today
        self.region = Region.objects.get(code=COUNTY_CODE)
        self.staff = User.objects.get(username="staff")
        self.clerk = User.objects.get(username="clerk")
        self.reviewer = User.objects.get(username="reviewer")
        self.serial = FIRST_SERIAL
        self.counts = {"plans": 0, "plan_lines": 0, "permits": 0, "people": 0, "records": 0}

    def unit(self, name: str) -> Institution:
        return Institution.objects.get(region=self.region, full_name=name, status=Status.ACTIVE)

    def quota_line(self, proposal: Proposal) -> QuotaLine:
        """The unit's line of the type with the most room."""
        return (
            with_figures(
                QuotaLine.objects.filter(
                    institution=self.unit(proposal.unit),
                    establishment_type=proposal.establishment_type,
                ),
                on=self.today,
            )
            .order_by("-available", "pk")
            .first()
        )

    def document(self, year: int, serial: int, issued_on: datetime.date):
        return org_services.document_create(
            actor=self.actor,
            reason="演示数据",
            number=f"示编发〔{year}〕{serial}号",
            title=f"关于下达{year}年度用编进人计划的通知",
            issuer=OFFICE,
            issued_on=issued_on,
            region=self.region,
            institutions=[],
        )

    # --- people entered on a plan permit ----------------------------------------------------

    def new_person(self, male: bool):
        birth = datetime.date(self.today.year - 26, 1 + self.serial % 12, 1 + self.serial % 27)
        serial = self.serial * 10 % 1000 + (1 if male else 2)
        self.serial += 1
        first17 = f"{COUNTY_CODE}{birth:%Y%m%d}{serial:03d}"
        name = SURNAMES[self.serial % len(SURNAMES)] + GIVEN[self.serial % len(GIVEN)]
        self.counts["people"] += 1
        return people_services.person_register(
            actor=self.actor,
            region=self.region,
            id_number=first17 + check_character(first17),
            name=name,
            education="master" if self.serial % 3 == 0 else "bachelor",
            civil_servant_registered=True,
        )

    def enter(self, line: PlanLine, count: int, entry_on: datetime.date) -> None:
        quota_line = line.quota_line
        public = quota_line.establishment_type == EstablishmentType.PUBLIC
        exam_way = EntryWay.PUBLIC_RECRUITMENT if public else EntryWay.CIVIL_SERVICE_EXAM
        for index in range(count):
            people_services.entry_register(
                person=self.new_person(male=index % 2 == 0),
                quota_line=quota_line,
                permit=line.permit,
                post_category="professional" if public else "management",
                entry_way=ENTRY_WAYS.get(line.method, exam_way),
                entry_on=entry_on,
                job_title="",
                actor=self.actor,
                reason="按用编进人计划入编",
            )
            self.counts["records"] += 1

    # --- last year: written as it stood, permits back-dated ---------------------------------

    def last_year(self) -> None:
        year = self.today.year - 1
        issued_on = datetime.date(year, 3, 10)
        document = self.document(year, 8, issued_on)
        plan = AnnualPlan(
            region=self.region,
            year=year,
            status=PlanStatus.ISSUED,
            document=document,
            issued_on=issued_on,
        )
        save_tracked(plan, actor=self.actor, reason=f"建立{year}年用编进人计划（演示数据）")
        self.counts["plans"] += 1
        expires_on = datetime.date(year, 12, 31)
        for proposal in LAST_YEAR:
            quota_line = self.quota_line(proposal)
            # The demo's people are placed relative to the day it is loaded: on some days a line
            # had less room on last year's issue day than the plan asked for (rule 2).
            room = line_figures(
                quota_line, on=issued_on, until=expires_on, approved_from=self.today
            ).available
            approved = min(proposal.approved, max(room, 0))
            line = PlanLine(
                plan=plan,
                quota_line=quota_line,
                method=proposal.method,
                posts=proposal.posts,
                proposed=proposal.proposed,
                approved=approved,
            )
            if not approved:
                save_tracked(line, actor=self.actor, reason=f"{year}年用编进人计划不予安排")
                self.counts["plan_lines"] += 1
                continue
            line.permit = permit_issue(
                quota_line=line.quota_line,
                count=approved,
                purpose=PERMIT_PURPOSE[proposal.method],
                issued_on=issued_on,
                expires_on=expires_on,
                document=document,
                notes=f"{year}年用编进人计划",
                actor=self.actor,
                notify_unit=False,
            )
            self.counts["permits"] += 1
            save_tracked(
                line, actor=self.actor, reason=f"下达{year}年用编进人计划", document=document
            )
            self.counts["plan_lines"] += 1
            self.enter(line, min(proposal.entered, approved), datetime.date(year, 9, 1))

    # --- this year: through the services, the school's through its clerk's request -------------

    def school_request(self, proposal: Proposal, year: int, *, approve: bool):
        request = people_services.request_create(
            institution=self.unit(SCHOOL),
            kind=RequestKind.PLAN,
            occurred_on=self.today,
            reason=f"{year}年度用编进人计划申报：学生增加，教师退休较多",
            actor=self.clerk,
        )
        people_services.item_add(
            request=request,
            actor=self.clerk,
            data={
                "year": year,
                "quota_line": self.quota_line(proposal).pk,
                "count": proposal.proposed,
                "posts": proposal.posts,
                "method": proposal.method,
            },
        )
        people_services.request_submit(request=request, actor=self.clerk)
        people_services.request_review(
            request=request, actor=self.reviewer, comment="情况属实，同意报编办"
        )
        if approve:
            people_services.request_note(
                request=request,
                actor=self.staff,
                investigation="核实：该校本年度退休教师较多，学生数增加",
                preliminary_opinion="同意纳入年度计划，核定 3 名",
            )
            people_services.request_approve(
                request=request, actor=self.staff, comment="纳入年度用编进人计划"
            )
            return request.items.get().plan_line
        return None

    def this_year(self) -> None:
        year = self.today.year
        lines = []
        for proposal in THIS_YEAR:
            if proposal.unit == SCHOOL:
                line = self.school_request(proposal, year, approve=True)
            else:
                line = services.plan_line_propose(
                    quota_line=self.quota_line(proposal),
                    year=year,
                    count=proposal.proposed,
                    method=proposal.method,
                    posts=proposal.posts,
                    actor=self.staff,
                )
            # As last year's: no more than the line has room for on the day the demo is loaded.
            approved = min(proposal.approved, max(line_figures(line.quota_line).available, 0))
            services.plan_line_set(
                line=line, approved=approved, actor=self.staff, reason="编委会研究核定"
            )
            lines.append((line, proposal))
        self.counts["plans"] += 1
        self.counts["plan_lines"] += len(lines)
        plan = lines[0][0].plan
        document = self.document(year, 5, self.today)
        issued = services.plan_issue(plan=plan, document=document, actor=self.staff)
        self.counts["permits"] += len(issued)
        for line, proposal in lines:
            line.refresh_from_db()
            if proposal.entered and line.approved:
                self.enter(line, min(proposal.entered, line.approved), self.today)
        # Next year's proposal of the school, awaiting the office.
        self.school_request(THIS_YEAR[0], year + 1, approve=False)

    def run(self) -> dict[str, int]:
        self.last_year()
        self.this_year()
        return self.counts


def load_demo_plans(*, actor, today: datetime.date) -> dict[str, int]:
    """The county's plans of last year and this year, made once; what was created."""
    if AnnualPlan.objects.filter(region__code=COUNTY_CODE).exists():
        return {}
    with transaction.atomic():
        return _Plans(actor=actor, today=today).run()
