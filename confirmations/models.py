"""身份确认 (rules 47–48): a partner department's confirmation of the identity status the office
recorded for a person in establishment: 组织 confirms 公务员登记, 人社 confirms 事业单位聘用."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from bianzhi.access import OFFICE_ROLES, Action, Role, Scoping
from bianzhi.history import tracked_history
from people.models import EstablishmentRecord

from .choices import ConfirmationState, StatusKind

REJECTION_NEEDS_REASON = "退回须填写理由（规则 47）。"


class IdentityConfirmation(models.Model):
    """The confirmation of one status of one establishment record (the person's placement it was
    confirmed for). A record without one is 待确认; a new record (entry, transfer) starts
    unconfirmed, and a change of the status or the placement puts it back to 待确认."""

    record = models.ForeignKey(
        EstablishmentRecord,
        verbose_name="占编记录",
        on_delete=models.PROTECT,
        related_name="confirmations",
    )
    kind = models.CharField("身份状态", max_length=16, choices=StatusKind.choices)
    state = models.CharField(
        "确认状态",
        max_length=10,
        choices=ConfirmationState.choices,
        default=ConfirmationState.PENDING,
    )
    reason = models.CharField("理由", max_length=200, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("确认时间", null=True, blank=True)

    history = tracked_history()
    scoping = Scoping(
        region="record__quota_line__institution__region",
        institution="record__quota_line__institution",
    )
    access_rules = {
        Action.VIEW: OFFICE_ROLES | {Role.PARTNER},
        Action.ADD: frozenset({Role.PARTNER}),
        Action.CHANGE: frozenset({Role.PARTNER}),
        Action.ABOLISH: frozenset(),
        Action.EXPORT: OFFICE_ROLES | {Role.PARTNER},
    }

    class Meta:
        verbose_name = "身份确认"
        verbose_name_plural = "身份确认"
        constraints = [
            models.UniqueConstraint(
                fields=["record", "kind"], name="one_confirmation_per_record_and_kind"
            ),
            models.CheckConstraint(
                condition=~Q(state=ConfirmationState.REJECTED) | ~Q(reason=""),
                name="rejected_confirmation_has_reason",
                violation_error_message=REJECTION_NEEDS_REASON,
            ),
        ]

    def __str__(self):
        return f"{self.record.person} · {self.get_kind_display()} · {self.get_state_display()}"

    def get_absolute_url(self):
        return self.record.person.get_absolute_url()
