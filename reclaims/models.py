"""空编收回建议 (rule 25): a vacancy the system proposes reclaiming into the region's pool, and
the office's decision on it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from bianzhi.access import Scoping
from bianzhi.history import tracked_history
from staffing.models import Adjustment, QuotaLine

from .choices import ReclaimState, ReclaimTrigger, ScanState

KEEP_NEEDS_REASON = "保留空编须说明理由。"
RECLAIMED_NEEDS_ADJUSTMENT = "已收回的建议须关联空编收回的编制调整。"


class ReclaimProposal(models.Model):
    """空编收回建议: an available vacancy (H − A − R) of one quota line, proposed for reclaiming
    into the region's pool (统筹编制) after an exit or as a standing vacancy (rule 25).

    At most one is pending per line; a rescan updates its count (``vacancy``) or, once the
    vacancy is filled or reserved, closes it as 已消除. The office reclaims (a 空编收回
    adjustment, ``adjustment``) or keeps it with a reason.
    """

    quota_line = models.ForeignKey(
        QuotaLine,
        verbose_name="编制",
        on_delete=models.PROTECT,
        related_name="reclaim_proposals",
    )
    trigger = models.CharField("触发原因", max_length=12, choices=ReclaimTrigger.choices)
    vacancy = models.PositiveIntegerField("建议收回数")
    vacant_since = models.DateField(
        "空编起始", null=True, blank=True, help_text="最近一次形成该空编的出编或增编日期"
    )
    detected_on = models.DateField("发现日期")
    state = models.CharField(
        "处理结果", max_length=12, choices=ReclaimState.choices, default=ReclaimState.PENDING
    )
    reclaimed = models.PositiveIntegerField("收回数", null=True, blank=True)
    adjustment = models.ForeignKey(
        Adjustment,
        verbose_name="编制调整",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reclaim_proposals",
    )
    keep_reason = models.CharField("保留理由", max_length=200, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="处理人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_on = models.DateField("处理日期", null=True, blank=True)

    history = tracked_history()
    scoping = Scoping(
        region="quota_line__institution__region", institution="quota_line__institution"
    )

    class Meta:
        verbose_name = "空编收回建议"
        verbose_name_plural = "空编收回建议"
        ordering = ["-detected_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["quota_line"],
                condition=Q(state=ReclaimState.PENDING),
                name="reclaim_one_pending_per_line",
                violation_error_message="该编制已有待处理的空编收回建议。",
            ),
            models.CheckConstraint(condition=Q(vacancy__gt=0), name="reclaim_vacancy_positive"),
        ]
        indexes = [models.Index(fields=["state", "decided_on"])]

    def __str__(self):
        return f"{self.quota_line.institution.full_name} · {self.quota_line.type_label}空编收回建议"

    def get_absolute_url(self):
        return reverse("reclaims:proposal_detail", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.state == ReclaimState.PENDING

    def clean(self):
        if self.state == ReclaimState.KEPT and not self.keep_reason.strip():
            raise ValidationError({"keep_reason": KEEP_NEEDS_REASON})
        if self.state == ReclaimState.RECLAIMED and not self.adjustment_id:
            raise ValidationError(RECLAIMED_NEEDS_ADJUSTMENT)


class ScanJob(models.Model):
    """检查空编 run by the office from the proposals page, in the task worker: a city's scan
    takes seconds. Its page shows the steps done and the outcome. Not domain data (no history:
    the proposals it writes carry theirs)."""

    OPEN_STATES = (ScanState.QUEUED, ScanState.RUNNING)
    STEPS = ("统计各编制可用空编", "核对并写入收回建议")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发起人", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        "状态", max_length=10, choices=ScanState.choices, default=ScanState.QUEUED
    )
    done = models.PositiveSmallIntegerField("已完成步骤", default=0)
    created = models.PositiveIntegerField("新增建议", default=0)
    updated = models.PositiveIntegerField("更新建议", default=0)
    lapsed = models.PositiveIntegerField("空编已消除", default=0)
    error = models.TextField("错误信息", blank=True)
    created_at = models.DateTimeField("提交时间", default=timezone.now)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "检查空编任务"
        verbose_name_plural = "检查空编任务"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"检查空编（{self.get_status_display()}）"

    def get_absolute_url(self):
        return reverse("reclaims:scan_job", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (ScanState.DONE, ScanState.FAILED)

    @property
    def percent(self) -> int:
        return 100 if self.status == ScanState.DONE else self.done * 100 // len(self.STEPS)

    @property
    def step(self) -> str:
        return self.STEPS[min(self.done, len(self.STEPS) - 1)]
