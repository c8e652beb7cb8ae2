"""机构编制事项跟踪问效 (seed 004, rules 40–42): follow-ups of approved matters, the 处理意见
a low score proposes, and the 八问 research recorded before approval."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from assessments.models import Evaluation
from bianzhi.access import Scoping
from bianzhi.history import tracked_history
from orgs.models import Institution
from people.models import ChangeRequest
from staffing.models import Adjustment

from .choices import FollowUpStatus, MatterKind, ProposalKind, ProposalState, Stage

DISMISS_NEEDS_REASON = "不予采纳须说明理由。"
ACCEPTED_NEEDS_ADJUSTMENT = "已采纳的处理意见须关联编制调整。"
ADJUSTMENT_MATTER_NEEDS_ADJUSTMENT = "编制调整事项的问效须关联该编制调整。"
RESEARCH_ONE_MATTER = "一份调研论证只能对应一项编制调整或一件变动申报。"


class FollowUp(models.Model):
    """跟踪问效: one approved matter (an adjustment or a new unit) of one institution, followed
    up 6 months or 1 year after its approval (rule 40). Scored on the 问效 scheme; a total below
    the pass mark proposes 撤并 or 核减 (rule 41)."""

    matter_kind = models.CharField("事项类别", max_length=12, choices=MatterKind.choices)
    adjustment = models.ForeignKey(
        Adjustment,
        verbose_name="编制调整",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    institution = models.ForeignKey(
        Institution, verbose_name="单位", on_delete=models.PROTECT, related_name="follow_ups"
    )
    matter = models.CharField("批复事项", max_length=250)
    approved_on = models.DateField("批复日期")
    stage = models.CharField("问效节点", max_length=10, choices=Stage.choices)
    due_on = models.DateField("应问效日期")
    status = models.CharField(
        "问效状态", max_length=10, choices=FollowUpStatus.choices, default=FollowUpStatus.DUE
    )
    evaluation = models.OneToOneField(
        Evaluation,
        verbose_name="问效评分",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_up",
    )
    total = models.DecimalField("综合得分", max_digits=5, decimal_places=1, null=True, blank=True)
    concluded_on = models.DateField("问效日期", null=True, blank=True)
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="问效人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = tracked_history()
    scoping = Scoping(region="institution__region", institution="institution")

    class Meta:
        verbose_name = "跟踪问效"
        verbose_name_plural = "跟踪问效"
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["adjustment", "institution", "stage"],
                condition=Q(matter_kind=MatterKind.ADJUSTMENT),
                name="followup_once_per_adjustment_stage",
                violation_error_message="该编制调整已安排此节点的跟踪问效。",
            ),
            models.UniqueConstraint(
                fields=["institution", "stage"],
                condition=Q(matter_kind=MatterKind.NEW_UNIT),
                name="followup_once_per_new_unit_stage",
                violation_error_message="该新设机构已安排此节点的跟踪问效。",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self):
        return f"{self.institution.full_name} · {self.get_stage_display()}问效"

    def get_absolute_url(self):
        return reverse("followups:followup_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status != FollowUpStatus.DONE

    def clean(self):
        if self.matter_kind == MatterKind.ADJUSTMENT and not self.adjustment_id:
            raise ValidationError(ADJUSTMENT_MATTER_NEEDS_ADJUSTMENT)


class Proposal(models.Model):
    """问效处理意见: a follow-up totalling below the pass mark proposes 机构撤并 or 核减编制
    (rule 41); the office accepts it into an adjustment or dismisses it with a reason."""

    follow_up = models.OneToOneField(
        FollowUp, verbose_name="跟踪问效", on_delete=models.PROTECT, related_name="proposal"
    )
    kind = models.CharField("处理意见", max_length=8, choices=ProposalKind.choices)
    grounds = models.CharField("提出理由", max_length=250)
    proposed_on = models.DateField("提出日期")
    state = models.CharField(
        "处理结果", max_length=10, choices=ProposalState.choices, default=ProposalState.PENDING
    )
    adjustment = models.ForeignKey(
        Adjustment,
        verbose_name="编制调整",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followup_proposals",
    )
    dismiss_reason = models.CharField("不予采纳理由", max_length=250, blank=True)
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
    scoping = Scoping(region="follow_up__institution__region", institution="follow_up__institution")

    class Meta:
        verbose_name = "问效处理意见"
        verbose_name_plural = "问效处理意见"
        ordering = ["-proposed_on", "-pk"]

    def __str__(self):
        return f"{self.follow_up.institution.full_name} · {self.get_kind_display()}"

    def get_absolute_url(self):
        return self.follow_up.get_absolute_url()

    @property
    def is_pending(self) -> bool:
        return self.state == ProposalState.PENDING

    def clean(self):
        if self.state == ProposalState.DISMISSED and not self.dismiss_reason.strip():
            raise ValidationError({"dismiss_reason": DISMISS_NEEDS_REASON})
        if self.state == ProposalState.ACCEPTED and not self.adjustment_id:
            raise ValidationError(ACCEPTED_NEEDS_ADJUSTMENT)


class Research(models.Model):
    """调研论证（八问）: what the office found out about a matter before approving it — the
    institution's present state, its history, the policy basis, the supporting measures, the
    expected effect and the management afterwards (seed 004's 八问工作法, rule 42) — kept so the
    follow-up can compare what was expected with what happened."""

    institution = models.ForeignKey(
        Institution, verbose_name="单位", on_delete=models.PROTECT, related_name="researches"
    )
    subject = models.CharField("拟办事项", max_length=200)
    adjustment = models.ForeignKey(
        Adjustment,
        verbose_name="编制调整",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="researches",
    )
    change_request = models.ForeignKey(
        ChangeRequest,
        verbose_name="变动申报",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="researches",
    )
    current_state = models.TextField("机构现状", help_text="职责任务、内设机构、编制和人员现状")
    history_notes = models.TextField("历史沿革", help_text="机构设立、调整的历次批复")
    policy_basis = models.TextField("政策依据", help_text="所依据的法规、政策和上级文件")
    supporting_measures = models.TextField("配套措施", help_text="人员、经费、场地等配套安排")
    expected_effect = models.TextField("效果预测", help_text="预期成效及可能的正负效应")
    aftercare = models.TextField("后续管理", help_text="批复后如何跟踪、何时问效")
    opinion = models.TextField("研判意见", blank=True)
    recorded_on = models.DateField("调研日期")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT, related_name="+"
    )

    history = tracked_history()
    scoping = Scoping(region="institution__region", institution="institution")

    ASPECTS = (
        "current_state",
        "history_notes",
        "policy_basis",
        "supporting_measures",
        "expected_effect",
        "aftercare",
    )

    class Meta:
        verbose_name = "调研论证（八问）"
        verbose_name_plural = "调研论证（八问）"
        ordering = ["-recorded_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(adjustment__isnull=True) | Q(change_request__isnull=True),
                name="research_one_matter",
                violation_error_message=RESEARCH_ONE_MATTER,
            )
        ]

    def __str__(self):
        return f"{self.institution.full_name} · {self.subject}"

    def get_absolute_url(self):
        return reverse("followups:research_detail", args=[self.pk])

    def aspects(self) -> list[tuple[str, str]]:
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name)) for name in self.ASPECTS
        ]
