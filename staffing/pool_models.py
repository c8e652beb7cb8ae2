"""Slots lent out of the region's pools (rules 26 and 27): borrowings (借用) from the
急需紧缺人才周转池, talent special quotas (高层次人才专项编制), and the returns that bring their slots
back to the pool. Outstanding and in-force counts are computed from the returns
(``staffing.pool_figures``), never kept as counters."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from bianzhi.access import Scoping
from bianzhi.history import tracked_history
from orgs.models import ApprovalDocument

from .choices import SlotReturnCause
from .models import Adjustment, PoolBalance, QuotaLine, UsagePermit

LOAN_NEEDS_RETURN_RULE = (
    "借用编制须约定归还条件：人走编回、到期归还（填写到期日），或二者兼有（规则 26）。"
)
LOAN_DUE_BEFORE_LENT = "到期日不能早于借出日期。"
RETURN_NEEDS_ONE_SOURCE = "归还记录须对应一笔借用或一项人才专项编制。"


class PoolLoan(models.Model):
    """周转池借用: slots of the 急需紧缺人才周转池 lent to a unit's quota line (rule 26).

    The slots join the unit's 核定 (by the lending adjustment) and come back to the pool by a
    周转池归还 adjustment: when the holder leaves (人走编回: the records entered on ``permit``),
    and/or on the due date. ``permit`` is the usage permit issued on the loan.
    """

    pool = models.ForeignKey(
        PoolBalance, verbose_name="周转池", on_delete=models.PROTECT, related_name="loans"
    )
    quota_line = models.ForeignKey(
        QuotaLine, verbose_name="借入编制", on_delete=models.PROTECT, related_name="loans"
    )
    count = models.PositiveIntegerField("借出数")
    document = models.ForeignKey(
        ApprovalDocument, verbose_name="批准文件", on_delete=models.PROTECT, related_name="+"
    )
    lent_on = models.DateField("借出日期")
    returns_on_leave = models.BooleanField(
        "人走编回", default=True, help_text="使用借用编制的人员出编或调出时，编制回到周转池"
    )
    due_on = models.DateField("到期日", null=True, blank=True, help_text="到期未还的编制收回周转池")
    purpose = models.CharField("用途", max_length=200, help_text="如引进的人才、岗位")
    adjustment = models.OneToOneField(
        Adjustment,
        verbose_name="借出调整",
        on_delete=models.PROTECT,
        related_name="loan",
        editable=False,
    )
    permit = models.OneToOneField(
        UsagePermit,
        verbose_name="用编通知单",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="loan",
        editable=False,
    )
    lent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="经办人", on_delete=models.PROTECT, related_name="+"
    )

    history = tracked_history()
    scoping = Scoping(region="pool__region", institution="quota_line__institution")

    class Meta:
        verbose_name = "周转池借用"
        verbose_name_plural = "周转池借用"
        ordering = ["-lent_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(count__gt=0), name="pool_loan_count_positive"),
            models.CheckConstraint(
                condition=Q(returns_on_leave=True) | Q(due_on__isnull=False),
                name="pool_loan_has_return_rule",
                violation_error_message=LOAN_NEEDS_RETURN_RULE,
            ),
            models.CheckConstraint(
                condition=Q(due_on__isnull=True) | Q(due_on__gte=models.F("lent_on")),
                name="pool_loan_due_after_lent",
                violation_error_message=LOAN_DUE_BEFORE_LENT,
            ),
        ]

    def __str__(self):
        return f"{self.quota_line} 借用 {self.count} 名（{self.lent_on:%Y-%m-%d}）"

    def get_absolute_url(self):
        return reverse("staffing:pool_detail", args=[self.pool_id])

    @property
    def return_rule(self) -> str:
        """归还条件 in words."""
        rules = []
        if self.returns_on_leave:
            rules.append("人走编回")
        if self.due_on:
            rules.append(f"{self.due_on:%Y-%m-%d} 到期归还")
        return "，".join(rules)


class SpecialQuota(models.Model):
    """高层次人才专项编制 (rule 27): slots approved by a document for a named talent purpose on a
    unit's quota line, even a full or over-established one (专编专用).

    They are not part of the line's 核定: only permits issued on the special quota may use them,
    and their holders are counted apart (专项编制 实有), so the line's 超编 stays visible. They come
    out of ``source`` (a pool of the region) and go back to it when a holder leaves (人走编收).
    """

    quota_line = models.ForeignKey(
        QuotaLine, verbose_name="编制", on_delete=models.PROTECT, related_name="special_quotas"
    )
    source = models.ForeignKey(
        PoolBalance,
        verbose_name="来源周转池",
        on_delete=models.PROTECT,
        related_name="special_quotas",
    )
    talent = models.CharField("引进人才及领域", max_length=200, help_text="如“小麦育种博士”")
    count = models.PositiveIntegerField("核定专项编制数")
    document = models.ForeignKey(
        ApprovalDocument, verbose_name="批准文件", on_delete=models.PROTECT, related_name="+"
    )
    approved_on = models.DateField("核定日期")
    adjustment = models.OneToOneField(
        Adjustment,
        verbose_name="核定调整",
        on_delete=models.PROTECT,
        related_name="special_quota",
        editable=False,
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="经办人", on_delete=models.PROTECT, related_name="+"
    )

    history = tracked_history()
    scoping = Scoping(
        region="quota_line__institution__region", institution="quota_line__institution"
    )

    class Meta:
        verbose_name = "高层次人才专项编制"
        verbose_name_plural = "高层次人才专项编制"
        ordering = ["-approved_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(count__gt=0), name="special_quota_count_positive"),
        ]

    def __str__(self):
        return f"{self.quota_line} 人才专项编制 {self.count} 名（{self.talent}）"

    def get_absolute_url(self):
        return reverse("staffing:special_quota_list") + f"?q={self.quota_line.institution}"


class SlotReturn(models.Model):
    """编制归还: slots of a borrowing or of a talent special quota back in their pool, by the
    adjustment that moved them (rules 26, 27)."""

    loan = models.ForeignKey(
        PoolLoan,
        verbose_name="借用",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="returns",
    )
    special_quota = models.ForeignKey(
        SpecialQuota,
        verbose_name="人才专项编制",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="returns",
    )
    count = models.PositiveIntegerField("归还数")
    cause = models.CharField("归还原因", max_length=12, choices=SlotReturnCause.choices)
    returned_on = models.DateField("归还日期")
    holder = models.CharField("离开人员", max_length=100, blank=True)
    adjustment = models.OneToOneField(
        Adjustment,
        verbose_name="归还调整",
        on_delete=models.PROTECT,
        related_name="slot_return",
    )

    history = tracked_history()
    scoping = Scoping(region="adjustment__region", institution=None)

    class Meta:
        verbose_name = "编制归还"
        verbose_name_plural = "编制归还"
        ordering = ["-returned_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(count__gt=0), name="slot_return_count_positive"),
            models.CheckConstraint(
                condition=Q(loan__isnull=False, special_quota__isnull=True)
                | Q(loan__isnull=True, special_quota__isnull=False),
                name="slot_return_one_source",
                violation_error_message=RETURN_NEEDS_ONE_SOURCE,
            ),
        ]

    def __str__(self):
        return f"{self.get_cause_display()} {self.count} 名（{self.returned_on:%Y-%m-%d}）"

    def clean(self):
        if (self.loan_id is None) == (self.special_quota_id is None):
            raise ValidationError(RETURN_NEEDS_ONE_SOURCE)
