"""The demo county's change requests (变动申报) of 示例县第一中学, one in every state, made by the
demo clerk, reviewer and office staff through the workflow services, with dates relative to
today so that on-time, late and pending reports show as such on any day."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from orgs.choices import Status
from orgs.models import ApprovalDocument, Institution
from people import services
from people.choices import (
    EndReason,
    EntryWay,
    PostCategory,
    RecordStatus,
    RequestKind,
    RequestOrigin,
)
from people.idnumbers import check_character
from people.models import ChangeRequest, EstablishmentRecord
from sampledata.demo.orgs import COUNTY_CODE
from staffing.choices import PermitStatus
from staffing.models import UsagePermit

SCHOOL = "示例县第一中学"


def _days_ago(today: datetime.date, days: int) -> datetime.date:
    return today - datetime.timedelta(days=days)


def _new_teacher_id(serial: int) -> str:
    first17 = f"99012119990{serial}0{serial}12{serial}"
    return first17 + check_character(first17)


class _Requests:
    def __init__(self, today: datetime.date):
        User = get_user_model()
        self.today = today
        self.school = Institution.objects.get(
            region__code=COUNTY_CODE, full_name=SCHOOL, status=Status.ACTIVE
        )
        self.clerk = User.objects.get(username="clerk")
        self.reviewer = User.objects.get(username="reviewer")
        self.staff = User.objects.get(username="staff")
        self.records = list(
            EstablishmentRecord.objects.filter(
                quota_line__institution=self.school, status=RecordStatus.ACTIVE
            )
            .select_related("person", "quota_line")
            .order_by("entry_on", "pk")
        )
        self.taken: set[int] = set()

    def _record(self) -> EstablishmentRecord:
        record = next(r for r in self.records if r.pk not in self.taken)
        self.taken.add(record.pk)
        return record

    def _draft(self, kind, occurred_days_ago, reason, evidence=""):
        return services.request_create(
            institution=self.school,
            kind=kind,
            occurred_on=_days_ago(self.today, occurred_days_ago),
            reason=reason,
            evidence=evidence,
            actor=self.clerk,
        )

    def _exit(self, occurred_days_ago, end_reason, reason, evidence=""):
        request = self._draft(RequestKind.EXIT, occurred_days_ago, reason, evidence)
        services.item_add(
            request=request,
            actor=self.clerk,
            record=self._record(),
            data={"end_reason": end_reason},
        )
        return request

    def _correction(self, occurred_days_ago, job_title, reason):
        request = self._draft(RequestKind.CORRECTION, occurred_days_ago, reason, "学校任职通知")
        record = self._record()
        services.item_add(
            request=request,
            actor=self.clerk,
            person=record.person,
            record=record,
            data={"record": {"job_title": job_title}},
        )
        return request

    def _submit(self, request, submitted_days_ago, *, review=True):
        on = _days_ago(self.today, submitted_days_ago)
        services.request_submit(request=request, actor=self.clerk, on=on)
        if review:
            services.request_review(request=request, actor=self.reviewer, comment="情况属实，同意")

    def _summer_intake(self):
        """A batch: two new teachers on the school's open recruitment permit, awaiting the
        office."""
        permit = (
            UsagePermit.objects.filter(
                quota_line__institution=self.school,
                status=PermitStatus.OPEN,
                purpose="examination",
            )
            .order_by("issued_on")
            .first()
        )
        if permit is None or permit.count - permit.records.count() < 2:
            return
        request = self._draft(RequestKind.ENTRY, 12, "2026 年公开招聘教师入编（暑期批次）")
        for serial, name in ((1, "韩东"), (2, "林晓雯")):
            services.item_add(
                request=request,
                actor=self.clerk,
                data={
                    "quota_line": permit.quota_line_id,
                    "permit": permit.pk,
                    "post_category": PostCategory.PROFESSIONAL,
                    "entry_way": EntryWay.PUBLIC_RECRUITMENT,
                    "job_title": "教师",
                    "new_person": {
                        "id_number": _new_teacher_id(serial),
                        "name": name,
                        "education": "bachelor",
                    },
                },
                person_name=name,
            )
        self._submit(request, 5)

    def run(self) -> None:
        approved = self._exit(160, EndReason.RESIGNATION, "教师个人申请辞职", "辞职批复")
        self._submit(approved, 150)
        services.request_approve(
            request=approved,
            actor=self.staff,
            document=ApprovalDocument.objects.filter(region__code=COUNTY_CODE).first(),
            comment="同意",
        )
        late = self._exit(75, EndReason.CONTRACT_END, "聘用合同期满不再续聘", "解聘通知书")
        self._submit(late, 20, review=False)
        returned = self._exit(18, EndReason.RETIREMENT, "教师退休")
        services.request_update(
            request=returned, actor=self.clerk, changes={"evidence": "退休审批表（待补）"}
        )
        self._submit(returned, 10)
        services.request_return(
            request=returned, actor=self.staff, reason="请补充人社部门的退休审批文件编号"
        )
        waiting = self._correction(25, "教研组长", "职务变化更正")
        self._submit(waiting, 8)
        self._summer_intake()
        self._correction(6, "年级主任", "职务变化更正")
        # A draft made by mistake: discarded, kept with its events (已作废).
        mistaken = self._correction(4, "年级主任", "误建的重复草稿")
        services.request_discard(request=mistaken, actor=self.clerk)


def load_demo_requests(*, today: datetime.date | None = None) -> int:
    """The school's requests in every state, made once; return how many were created."""
    existing = ChangeRequest.objects.filter(
        institution__region__code=COUNTY_CODE, origin=RequestOrigin.UNIT
    )
    if existing.exists():
        return 0
    with transaction.atomic():
        _Requests(today or timezone.localdate()).run()
    return existing.count()
