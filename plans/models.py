"""年度用编进人计划 (rule 24): each year the units propose how many people they mean to bring in
on which quota line and how; the office sets the plan per unit line within the region's headroom
and issues it, one usage permit per approved line. Use is counted from the records entered on
those permits, never stored."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from bianzhi.access import Scoping
from bianzhi.history import tracked_history
from orgs.models import ApprovalDocument, Region
from staffing.models import QuotaLine, UsagePermit

from .choices import LineStatus, PlanMethod, PlanStatus

YEAR_OUT_OF_RANGE = "计划年度应在 2000 至 2100 年之间。"
LINE_OF_OTHER_REGION = "计划明细的单位不属于该计划的行政区划。"


class AnnualPlan(models.Model):
    """年度用编进人计划: one region's plan for one year; its lines are the units' places."""

    region = models.ForeignKey(
        Region, verbose_name="行政区划", on_delete=models.PROTECT, related_name="annual_plans"
    )
    year = models.PositiveSmallIntegerField("计划年度")
    status = models.CharField(
        "状态", max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT, editable=False
    )
    document = models.ForeignKey(
        ApprovalDocument,
        verbose_name="下达文件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    issued_on = models.DateField("下达日期", null=True, blank=True, editable=False)

    history = tracked_history()
    scoping = Scoping(region="region", institution=None)

    class Meta:
        verbose_name = "年度用编进人计划"
        verbose_name_plural = "年度用编进人计划"
        ordering = ["-year", "region__code"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="annual_plan_unique"),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="annual_plan_year_range",
                violation_error_message=YEAR_OUT_OF_RANGE,
            ),
        ]

    def __str__(self):
        return f"{self.region.name}{self.year}年用编进人计划"

    def get_absolute_url(self):
        return reverse("plans:plan_detail", args=[self.pk])


class PlanLine(models.Model):
    """计划明细: one unit's places on one quota line in a year's plan — proposed by the unit,
    approved (核定计划数) by the office, and once issued, the usage permit they are drawn from."""

    plan = models.ForeignKey(
        AnnualPlan, verbose_name="年度计划", on_delete=models.PROTECT, related_name="lines"
    )
    quota_line = models.ForeignKey(
        QuotaLine, verbose_name="编制", on_delete=models.PROTECT, related_name="plan_lines"
    )
    method = models.CharField("补充方式", max_length=12, choices=PlanMethod.choices)
    posts = models.CharField("拟补充岗位及条件", max_length=1000, blank=True)
    proposed = models.PositiveIntegerField("申报数")
    approved = models.PositiveIntegerField(
        "核定计划数", null=True, blank=True, help_text="编办核定的计划数；为空表示待核定"
    )
    request_item = models.OneToOneField(
        "people.ChangeRequestItem",
        verbose_name="申报明细",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_line",
        editable=False,
    )
    permit = models.OneToOneField(
        UsagePermit,
        verbose_name="用编通知单",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_line",
        editable=False,
    )

    history = tracked_history()
    scoping = Scoping(region="plan__region", institution="quota_line__institution")

    class Meta:
        verbose_name = "用编进人计划明细"
        verbose_name_plural = "用编进人计划明细"
        ordering = ["plan", "quota_line__institution__sort_order", "quota_line_id", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(proposed__gt=0), name="plan_line_proposed_positive"),
            models.CheckConstraint(
                condition=Q(permit__isnull=True) | Q(approved__gt=0),
                name="plan_line_permit_needs_approval",
            ),
        ]

    def __str__(self):
        return f"{self.plan.year}年 {self.quota_line}"

    def clean(self):
        if (
            self.plan_id
            and self.quota_line_id
            and self.quota_line.institution.region_id != self.plan.region_id
        ):
            raise ValidationError({"quota_line": LINE_OF_OTHER_REGION})

    @property
    def institution(self):
        return self.quota_line.institution

    @property
    def status(self) -> str:
        if self.permit_id:
            return LineStatus.ISSUED
        if self.approved is None:
            return LineStatus.PROPOSED
        return LineStatus.DECIDED if self.approved else LineStatus.DECLINED

    def get_status_display(self) -> str:
        return LineStatus(self.status).label
