"""问题台账 (rules 30–33): a problem the office found in a unit, from any source, tracked until
the office signs its rectification off (销号)."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from bianzhi.access import Role, Scoping
from bianzhi.history import tracked_history
from orgs.models import Institution

from .choices import AWAITING_UNIT, ProblemSource, ProblemStatus

DEADLINE_BEFORE_RECORDED = "整改期限不能早于登记日期。"
SELF_CHECK_NEEDS_CHECK = "自查发现的问题须记录检查项目和对象。"
CLOSED_NEEDS_VERIFIER = "已销号的问题须记录销号人和销号日期。"


class Problem(models.Model):
    """问题: one problem found in a unit (``institution``) — by the 自查 page, an inspection, an
    assessment, a case, an audit or 巡视, a follow-up or the payroll comparison — with the rule
    or finding, what the unit must do (``requirement``), the unit that must do it
    (``responsible_institution``, which reports through its clerk) and by when (``deadline``).

    Life cycle (rule 30): 待整改 → the unit reports (已报整改, with evidence attached) → the
    office signs it off (已销号) or sends it back (退回重改) to report again. Past the deadline
    while the unit has still to act it is overdue (rule 31). A 自查 problem remembers the check
    and the subject, so a breach the registry no longer shows is 数据已消除待销号 (rule 33).
    """

    institution = models.ForeignKey(
        Institution, verbose_name="问题单位", on_delete=models.PROTECT, related_name="problems"
    )
    responsible_institution = models.ForeignKey(
        Institution,
        verbose_name="责任单位",
        on_delete=models.PROTECT,
        related_name="responsible_problems",
        help_text="负责整改并报送整改情况的单位",
    )
    source = models.CharField("问题来源", max_length=12, choices=ProblemSource.choices)
    finding = models.TextField("问题描述")
    rule_numbers = models.JSONField("违反规则", default=list, blank=True)
    requirement = models.TextField("整改要求")
    deadline = models.DateField("整改期限")
    status = models.CharField(
        "整改状态", max_length=10, choices=ProblemStatus.choices, default=ProblemStatus.OPEN
    )
    recorded_on = models.DateField("登记日期")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Where it came from: a case, an evaluation, a follow-up… (any model; generic relation).
    origin_type = models.ForeignKey(
        ContentType,
        verbose_name="来源对象类型",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    origin_id = models.PositiveBigIntegerField("来源对象编号", null=True, blank=True)
    origin = GenericForeignKey("origin_type", "origin_id")
    # 自查: the check (checks.registry code) and the subject of the breach it was made from.
    check_code = models.CharField("自查项目", max_length=50, blank=True)
    check_subject = models.CharField("自查对象", max_length=200, blank=True)
    # The unit's report (整改情况) and the office's verification (销号 or 退回).
    rectification = models.TextField("整改情况", blank=True)
    reported_on = models.DateField("报送日期", null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报送人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verification = models.TextField(
        "核查意见", blank=True, help_text="销号意见或退回理由（最近一次）"
    )
    verified_on = models.DateField("核查日期", null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="核查人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_on = models.DateField("销号日期", null=True, blank=True)
    returned_count = models.PositiveSmallIntegerField("退回次数", default=0)

    history = tracked_history()
    scoping = Scoping(region="institution__region", institution="responsible_institution")
    # Every role reads the problems of its scope; only the office records and verifies them.
    access_rules = {
        "view": frozenset(Role),
        "add": frozenset({Role.OFFICE_ADMIN, Role.OFFICE_STAFF}),
        "change": frozenset({Role.OFFICE_ADMIN, Role.OFFICE_STAFF}),
        "abolish": frozenset(),
        "export": frozenset({Role.OFFICE_ADMIN, Role.OFFICE_STAFF, Role.PARTNER}),
    }

    class Meta:
        verbose_name = "问题"
        verbose_name_plural = "问题台账"
        ordering = ["-recorded_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["check_code", "check_subject", "institution"],
                condition=Q(source=ProblemSource.SELF_CHECK) & ~Q(status=ProblemStatus.CLOSED),
                name="problem_one_open_per_breach",
                violation_error_message="该自查问题已登记在问题台账中，尚未销号。",
            ),
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("recorded_on")),
                name="problem_deadline_not_before_recorded",
                violation_error_message=DEADLINE_BEFORE_RECORDED,
            ),
        ]
        indexes = [
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["origin_type", "origin_id"]),
        ]

    def __str__(self):
        return f"{self.institution.full_name}：{self.short_finding}"

    def get_absolute_url(self):
        return reverse("oversight:problem_detail", args=[self.pk])

    @property
    def short_finding(self) -> str:
        first = self.finding.strip().splitlines()[0] if self.finding.strip() else ""
        return first if len(first) <= 30 else first[:29] + "…"

    @property
    def rule_label(self) -> str:
        return "规则 " + "、".join(str(n) for n in self.rule_numbers) if self.rule_numbers else ""

    def is_overdue(self, today: datetime.date) -> bool:
        """Rule 31: the deadline has passed and the unit has still to report."""
        return self.status in AWAITING_UNIT and self.deadline < today

    def days_overdue(self, today: datetime.date) -> int:
        return (today - self.deadline).days if self.is_overdue(today) else 0

    @property
    def reported_late(self) -> bool:
        return self.reported_on is not None and self.reported_on > self.deadline

    def clean(self):
        if self.source == ProblemSource.SELF_CHECK and not (self.check_code and self.check_subject):
            raise ValidationError(SELF_CHECK_NEEDS_CHECK)
        if self.status == ProblemStatus.CLOSED and not (self.verified_by_id and self.closed_on):
            raise ValidationError(CLOSED_NEEDS_VERIFIER)
