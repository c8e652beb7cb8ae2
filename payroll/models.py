"""工资统发核对 (rules 43–45): 财政's monthly payroll list compared with the registry on the last day
of the payroll month, and what the comparison found.

A run (核对批次) is a background job (it holds the upload until read, its progress and its
counts) and the record of the comparison; its findings are written in bulk and never edited
except for the problem recorded from them, which carries its own history in the 问题台账. Neither
is history-tracked: a run is not changed once done, and a finding is a result, not registry data.
"""

import calendar
import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from bianzhi.access import OFFICE_ROLES, Action, Role, Scoping
from orgs.models import Institution, Region
from oversight.models import Problem
from people.models import EstablishmentRecord, Person
from people.models.id_at_rest import IdNumberAtRest
from staffing.choices import EstablishmentType, FundingForm

from .choices import FindingKind, RunStatus

# The office and the partner departments (财政 uploads its own payroll); units never see it.
READERS = OFFICE_ROLES | {Role.PARTNER}
PAYROLL_ACCESS = {
    Action.VIEW: READERS,
    Action.ADD: READERS,
    Action.CHANGE: OFFICE_ROLES,  # recording problems (rule 30: the office records them)
    Action.ABOLISH: frozenset(),
    Action.EXPORT: READERS,
}


def month_end(month: datetime.date) -> datetime.date:
    """The comparison day of a payroll month (rule 44): its last day."""
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


class PayrollRun(models.Model):
    """核对批次: one payroll file of one month compared with the registry of a region (and the
    regions below it) on the month's last day."""

    OPEN_STATES = (RunStatus.QUEUED, RunStatus.RUNNING)
    STEPS = ("读取并校验工资表", "与实名制名册比对", "保存核对结果")

    region = models.ForeignKey(
        Region, verbose_name="核对区划", on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField("工资月份", help_text="该月 1 日")
    file_name = models.CharField("工资表文件", max_length=200)
    upload_path = models.CharField("上传文件位置", max_length=500, blank=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        "状态", max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    done = models.PositiveSmallIntegerField("已完成步骤", default=0)
    rows = models.PositiveIntegerField("工资表行数", default=0)
    registry_count = models.PositiveIntegerField("在编人数", default=0)
    finding_count = models.PositiveIntegerField("不符条数", default=0)
    counts = models.JSONField("各类不符条数", default=dict, blank=True)
    result = models.JSONField("文件校验结果", default=dict, blank=True)
    error = models.TextField("错误信息", blank=True)
    created_at = models.DateTimeField("上传时间", default=timezone.now)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    seconds = models.FloatField("用时（秒）", null=True, blank=True)

    scoping = Scoping(region="region", institution=None)
    access_rules = PAYROLL_ACCESS

    class Meta:
        verbose_name = "工资统发核对批次"
        verbose_name_plural = "工资统发核对批次"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["region", "month"])]

    def __str__(self):
        return f"{self.region} {self.month:%Y年%m月}工资统发核对"

    def get_absolute_url(self):
        return reverse("payroll:run_detail", args=[self.pk])

    @property
    def day(self) -> datetime.date:
        return month_end(self.month)

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)

    @property
    def percent(self) -> int:
        return 100 if self.status == RunStatus.DONE else self.done * 100 // len(self.STEPS)

    @property
    def step(self) -> str:
        return self.STEPS[min(self.done, len(self.STEPS) - 1)]

    def kind_counts(self) -> list[tuple[str, str, int]]:
        """(kind, label, count) for every kind of rule 43, in their order."""
        return [(kind.value, kind.label, self.counts.get(kind.value, 0)) for kind in FindingKind]


class PayrollFinding(IdNumberAtRest):
    """核对结果: one disagreement between a payroll row and the registry (rule 43). The payroll's
    side is as the file gave it; the registry's side is the record held on the comparison day
    (or, for 出编后仍发放, the record that ended before the month)."""

    run = models.ForeignKey(
        PayrollRun, verbose_name="核对批次", on_delete=models.CASCADE, related_name="findings"
    )
    kind = models.CharField("不符类型", max_length=20, choices=FindingKind.choices)
    row_number = models.PositiveIntegerField("工资表行号", null=True, blank=True)
    id_number_index = models.CharField("身份证号索引", max_length=64, editable=False, db_index=True)
    name = models.CharField("姓名", max_length=50)
    paid_unit = models.CharField("发放单位", max_length=200, blank=True)
    paid_category = models.CharField("工资表编制类型", max_length=30, blank=True)
    paid_funding = models.CharField("工资表经费形式", max_length=30, blank=True)
    amount = models.DecimalField("发放金额", max_digits=12, decimal_places=2, null=True, blank=True)
    paid_institution = models.ForeignKey(
        Institution,
        verbose_name="发放单位（系统）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    person = models.ForeignKey(
        Person,
        verbose_name="人员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    record = models.ForeignKey(
        EstablishmentRecord,
        verbose_name="占编记录",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name="在编单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    establishment_type = models.CharField(
        "在编编制类型", max_length=20, choices=EstablishmentType.choices, blank=True
    )
    funding_form = models.CharField(
        "在编经费形式", max_length=10, choices=FundingForm.choices, blank=True
    )
    ended_on = models.DateField("出编或退休时间", null=True, blank=True)
    detail = models.CharField("说明", max_length=300)
    problem = models.ForeignKey(
        Problem,
        verbose_name="登记的问题",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    scoping = Scoping(region="run__region", institution=None)
    access_rules = PAYROLL_ACCESS

    class Meta:
        verbose_name = "工资统发核对结果"
        verbose_name_plural = "工资统发核对结果"
        ordering = ["run", "kind", "row_number", "pk"]
        indexes = [models.Index(fields=["run", "kind"])]

    def __str__(self):
        return f"{self.name}（{self.get_kind_display()}）"

    def get_absolute_url(self):
        return reverse("payroll:finding_detail", args=[self.pk])

    @property
    def problem_institution(self) -> Institution | None:
        """The unit a problem is recorded against: the unit of record, else the paying unit."""
        if self.kind in (FindingKind.NOT_IN_REGISTRY, FindingKind.OTHER_UNIT):
            return self.paid_institution or self.institution
        return self.institution or self.paid_institution
