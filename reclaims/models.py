"""空编收回建议 (rule 25): a vacancy the system proposes reclaiming into the region's pool, and
the office's decision on it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from bianzhi.access import Scoping
from bianzhi.history import tracked_history
from staffing.models import Adjustment, QuotaLine

from .choices import ReclaimState, ReclaimTrigger

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
