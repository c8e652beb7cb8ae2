"""变动申报: what a unit reports to the office, and nothing in the registry changes until the
office approves it (domain.md §2, rule 9)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from bianzhi.access import OFFICE_ROLES, Action, Role, Scoping
from bianzhi.history import tracked_history
from orgs.models import ApprovalDocument, Institution
from staffing.models import UsagePermit

from .. import idcrypto
from ..choices import (
    EDITABLE_STATES,
    PENDING_STATES,
    ROSTER_ITEM_KIND_CHOICES,
    RequestAction,
    RequestKind,
    RequestOrigin,
    RequestState,
)
from .id_at_rest import IdNumberAtRest
from .personnel import EstablishmentRecord, LeadershipAppointment, Person

SUBMITTED_NEEDS_DATE = "已报送的申报须有报送日期。"


class ChangeRequest(models.Model):
    """变动申报: one change of a unit's establishment or personnel, reported within the deadline
    (rule 9) and applied only when the office approves it, in one transaction.

    Several people may share one request (a batch, e.g. a school's summer intake): its items.
    """

    institution = models.ForeignKey(
        Institution,
        verbose_name="申报单位",
        on_delete=models.PROTECT,
        related_name="change_requests",
    )
    kind = models.CharField("申报类型", max_length=15, choices=RequestKind.choices)
    origin = models.CharField(
        "来源",
        max_length=10,
        choices=RequestOrigin.choices,
        default=RequestOrigin.UNIT,
        editable=False,
    )
    state = models.CharField(
        "状态",
        max_length=10,
        choices=RequestState.choices,
        default=RequestState.DRAFT,
        editable=False,
    )
    occurred_on = models.DateField("发生日期", help_text="变动实际发生的日期，报送期限由此起算")
    due_on = models.DateField("应报日期", editable=False)
    submitted_on = models.DateField("报送日期", null=True, blank=True, editable=False)
    reason = models.TextField("申报事由", max_length=1000)
    evidence = models.TextField(
        "证明材料",
        max_length=1000,
        blank=True,
        help_text="如退休审批表、调令、辞职批复、任免文件等",
    )
    evidence_number = models.CharField("证明材料文号", max_length=100, blank=True)
    investigation = models.TextField(
        "编办调研情况", max_length=2000, blank=True, help_text="用编申请：编办调研核实的情况"
    )
    preliminary_opinion = models.TextField(
        "编办初步意见", max_length=1000, blank=True, help_text="用编申请：提交编委审批前的意见"
    )
    document = models.ForeignKey(
        ApprovalDocument,
        verbose_name="核准文件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="change_requests",
        editable=False,
    )
    return_reason = models.TextField("退回原因", blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="经办人",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField("创建时间", default=timezone.now, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="核准人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    decided_at = models.DateTimeField("核准时间", null=True, blank=True, editable=False)

    history = tracked_history()
    scoping = Scoping(region="institution__region", institution="institution")
    access_rules = {
        Action.ADD: frozenset({Role.CLERK}),
        Action.CHANGE: OFFICE_ROLES | {Role.REVIEWER, Role.CLERK},
    }

    class Meta:
        verbose_name = "变动申报"
        verbose_name_plural = "变动申报"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=[RequestState.DRAFT, RequestState.DISCARDED])
                | Q(submitted_on__isnull=False),
                name="submitted_request_has_date",
                violation_error_message=SUBMITTED_NEEDS_DATE,
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("occurred_on")),
                name="request_due_after_occurrence",
            ),
        ]
        indexes = [
            models.Index(fields=["institution", "state"]),
            models.Index(fields=["state", "due_on"]),
            # The list's order (newest first) read from the index (issue 21).
            models.Index(fields=["created_at", "id"], name="request_list_order"),
        ]

    def __str__(self):
        return f"{self.number} {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("people:request_detail", args=[self.pk])

    @property
    def number(self) -> str:
        """申报编号, e.g. 2026-00042."""
        return f"{timezone.localtime(self.created_at):%Y}-{self.pk:05d}"

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def is_pending(self) -> bool:
        return self.state in PENDING_STATES

    @property
    def is_late(self) -> bool:
        """迟报: submitted after the due date (rule 9)."""
        return self.submitted_on is not None and self.submitted_on > self.due_on

    def is_overdue(self, today=None) -> bool:
        """逾期未报: not submitted yet and past the due date (rule 9)."""
        today = today or timezone.localdate()
        return self.submitted_on is None and today > self.due_on

    def days_late(self, today=None) -> int:
        """逾期天数: days past the due date at submission, or until today if not submitted."""
        reported = self.submitted_on or today or timezone.localdate()
        return max((reported - self.due_on).days, 0)


class ChangeRequestItem(IdNumberAtRest):
    """One person's change within a request; ``data`` holds the proposed values (pks, ISO dates)
    that the approval hands to the registry's services."""

    request = models.ForeignKey(
        ChangeRequest, verbose_name="变动申报", on_delete=models.CASCADE, related_name="items"
    )
    person = models.ForeignKey(
        Person,
        verbose_name="人员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="request_items",
    )
    record = models.ForeignKey(
        EstablishmentRecord,
        verbose_name="占编记录",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="request_items",
        help_text="出编、调动、信息更正所针对的在编记录",
    )
    appointment = models.ForeignKey(
        LeadershipAppointment,
        verbose_name="任职",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="request_items",
        help_text="免职所针对的任职",
    )
    person_name = models.CharField("姓名", max_length=50, blank=True)
    id_number_index = models.CharField("身份证号索引", max_length=64, editable=False, db_index=True)
    data = models.JSONField("申报内容", default=dict, blank=True)
    kind = models.CharField(
        "变动类型",
        max_length=15,
        choices=ROSTER_ITEM_KIND_CHOICES,
        blank=True,
        help_text="花名册批量变动中本条的类型；其他申报为空，按申报类型办理",
    )
    result_record = models.ForeignKey(
        EstablishmentRecord,
        verbose_name="形成的占编记录",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="result_items",
        editable=False,
    )
    result_appointment = models.ForeignKey(
        LeadershipAppointment,
        verbose_name="形成的任职",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="result_items",
        editable=False,
    )
    result_permit = models.ForeignKey(
        UsagePermit,
        verbose_name="核发的用编通知单",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="request_items",
        editable=False,
    )

    history = tracked_history()
    scoping = Scoping(region="request__institution__region", institution="request__institution")
    history_decrypted_fields = {
        **IdNumberAtRest.history_decrypted_fields,
        "data": ("data", idcrypto.open_data),
    }

    class Meta:
        verbose_name = "申报明细"
        verbose_name_plural = "申报明细"
        ordering = ["request_id", "pk"]

    def __str__(self):
        return self.person_name or f"{self.request} #{self.pk}"

    def save(self, *args, **kwargs):
        self.data = idcrypto.seal_data(self.data)
        super().save(*args, **kwargs)

    @property
    def effective_kind(self) -> str:
        """The kind this item is applied, checked and shown as: its own in a roster batch,
        otherwise its request's."""
        return self.kind or self.request.kind


class ChangeRequestEvent(models.Model):
    """One transition of a request: who, when, from which state to which, and why. Append-only:
    the request's own audit trail."""

    request = models.ForeignKey(
        ChangeRequest, verbose_name="变动申报", on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField("操作", max_length=10, choices=RequestAction.choices)
    from_state = models.CharField("原状态", max_length=10, choices=RequestState.choices, blank=True)
    to_state = models.CharField("新状态", max_length=10, choices=RequestState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("时间", default=timezone.now)
    comment = models.TextField("意见", blank=True)

    scoping = Scoping(region="request__institution__region", institution="request__institution")

    class Meta:
        verbose_name = "申报流转记录"
        verbose_name_plural = "申报流转记录"
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.request} {self.get_action_display()}"
