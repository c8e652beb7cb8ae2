"""违规案件 (12310 举报): a report of a breach of establishment discipline, from intake to the
feedback to the reporter (rule 34), with the reporter's identity kept confidential (rule 35)."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from bianzhi import access
from bianzhi.access import Scoping
from bianzhi.history import tracked_history
from orgs.models import Institution, Region

from .choices import CaseState, Category, Channel, Conclusion, FeedbackMethod, Measure

CLOSED_NEEDS_FEEDBACK = (
    "案件须记录调查结论和向举报人的反馈（反馈日期、方式）后才能办结（规则 34）。"
)
REFERRAL_NEEDS_SOURCE = "上级或有关部门转办的举报，须写明转办单位。"
DUE_BEFORE_RECEIVED = "办理期限不能早于受理日期。"

# The office's own, never a unit's: a report may be about the unit itself.
OFFICE_ONLY = {
    access.Action.VIEW: access.OFFICE_ROLES,
    access.Action.ADD: access.OFFICE_ROLES,
    access.Action.CHANGE: access.OFFICE_ROLES,
    access.Action.ABOLISH: frozenset(),
    access.Action.EXPORT: access.OFFICE_ROLES,
}


class Case(models.Model):
    """违规案件: one report (举报) received by the office — by 12310 phone, letter, online or
    referral — assigned to a handler (承办人), investigated (查根源、查过程、查现状), concluded
    with findings, responsible persons and measures, and closed only once the feedback to the
    reporter is recorded (rule 34: 举报必查、事后反馈). It is due ``CASE_DAYS`` after intake.

    The reporter's name and contact are stored encrypted (``cases.reporter``) and shown only to
    the office admin and the case's handler (rule 35); lists, ledgers, history and the admin site
    never show them.
    """

    region = models.ForeignKey(
        Region, verbose_name="行政区划", on_delete=models.PROTECT, related_name="cases"
    )
    year = models.PositiveIntegerField("年度")
    serial = models.PositiveIntegerField("序号")
    number = models.CharField("案件编号", max_length=40)
    received_on = models.DateField("受理日期")
    channel = models.CharField("举报渠道", max_length=12, choices=Channel.choices)
    referred_by = models.CharField("转办单位", max_length=100, blank=True)
    # Rule 35: ciphertext only (people.idcrypto's keys); read through cases.reporter.
    reporter_name_encrypted = models.TextField("举报人", blank=True, editable=False)
    reporter_contact_encrypted = models.TextField("举报人联系方式", blank=True, editable=False)
    institution = models.ForeignKey(
        Institution,
        verbose_name="被举报单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    category = models.CharField("违规类型", max_length=20, choices=Category.choices)
    summary = models.CharField("举报事项", max_length=200)
    content = models.TextField("举报内容")
    due_on = models.DateField("办理期限")
    state = models.CharField(
        "办理状态", max_length=14, choices=CaseState.choices, default=CaseState.RECEIVED
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_cases",
    )
    assigned_on = models.DateField("分办日期", null=True, blank=True)
    root_cause = models.TextField("查根源", blank=True)
    process = models.TextField("查过程", blank=True)
    current_state = models.TextField("查现状", blank=True)
    conclusion = models.CharField("调查结论", max_length=10, choices=Conclusion.choices, blank=True)
    findings = models.TextField("查处结果", blank=True)
    concluded_on = models.DateField("查结日期", null=True, blank=True)
    feedback_on = models.DateField("反馈日期", null=True, blank=True)
    feedback_method = models.CharField(
        "反馈方式", max_length=10, choices=FeedbackMethod.choices, blank=True
    )
    feedback_note = models.CharField("反馈情况", max_length=300, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)

    history = tracked_history()
    # The ciphertexts mean nothing to a reader and the contact is nobody's business there.
    history_hidden_fields = frozenset({"reporter_name_encrypted", "reporter_contact_encrypted"})
    scoping = Scoping(region="region", institution=None)
    access_rules = OFFICE_ONLY

    class Meta:
        verbose_name = "违规案件"
        verbose_name_plural = "违规案件"
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "serial"],
                name="case_serial_unique",
                violation_error_message="本年度已有该序号的案件。",
            ),
            models.CheckConstraint(
                condition=~Q(state=CaseState.CLOSED)
                | (
                    Q(feedback_on__isnull=False)
                    & ~Q(feedback_method="")
                    & Q(concluded_on__isnull=False)
                ),
                name="case_closed_has_feedback",
                violation_error_message=CLOSED_NEEDS_FEEDBACK,
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("received_on")),
                name="case_due_after_received",
                violation_error_message=DUE_BEFORE_RECEIVED,
            ),
        ]
        indexes = [models.Index(fields=["state", "due_on"])]

    def __str__(self):
        return f"{self.number} {self.summary}"

    def get_absolute_url(self):
        return reverse("cases:case_detail", args=[self.pk])

    def clean(self):
        if self.channel == Channel.REFERRAL and not self.referred_by.strip():
            raise ValidationError({"referred_by": REFERRAL_NEEDS_SOURCE})

    @property
    def is_open(self) -> bool:
        return self.state != CaseState.CLOSED

    def days_overdue(self, today: datetime.date | None = None) -> int:
        """Days past the deadline: of an open case until today, of a closed one at closing."""
        end = self.closed_on if self.closed_on else (today or timezone.localdate())
        return max((end - self.due_on).days, 0)


class ResponsiblePerson(models.Model):
    """责任人员及处理措施: who was found responsible in a case and what was done (seed 004:
    严肃查处相关责任人员)."""

    case = models.ForeignKey(
        Case, verbose_name="案件", on_delete=models.CASCADE, related_name="responsible"
    )
    name = models.CharField("姓名", max_length=50)
    post = models.CharField("单位及职务", max_length=100)
    measure = models.CharField("处理措施", max_length=16, choices=Measure.choices)
    detail = models.CharField("处理情况", max_length=300, blank=True)

    history = tracked_history()
    scoping = Scoping(region="case__region", institution=None)
    access_rules = OFFICE_ONLY

    class Meta:
        verbose_name = "责任人员"
        verbose_name_plural = "责任人员"
        ordering = ["pk"]

    def __str__(self):
        return f"{self.name}（{self.post}）"

    def get_absolute_url(self):
        return self.case.get_absolute_url()
