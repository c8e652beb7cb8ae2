import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from staffing.tables import NOWRAP

from .choices import ConfirmationState, StatusKind

STATE_BADGES = {
    ConfirmationState.PENDING: "text-bg-warning",
    ConfirmationState.CONFIRMED: "text-bg-success",
    ConfirmationState.REJECTED: "text-bg-danger",
}


def state_badge(state: str) -> str:
    return format_html(
        '<span class="badge {}">{}</span>',
        STATE_BADGES.get(state, "text-bg-secondary"),
        ConfirmationState(state).label,
    )


class WorklistTable(tables.Table):
    """身份确认 worklist rows: active establishment records with their confirmation annotated
    (confirmations.selectors.with_confirmation)."""

    select = tables.CheckBoxColumn(
        accessor="pk",
        attrs={
            "input": {"name": "records", "form": "bulk-confirm"},
            "th__input": {"data-bz-check-all": "records", "aria-label": "全选本页"},
        },
        verbose_name="选择",
        orderable=False,
    )
    person = tables.Column(
        accessor="person__name",
        verbose_name="姓名",
        linkify=lambda record: record.person.get_absolute_url(),
        order_by=("person__name", "pk"),
    )
    institution = tables.Column(
        accessor="quota_line__institution__full_name",
        verbose_name="单位",
        order_by=("quota_line__institution__sort_order", "quota_line__institution_id"),
    )
    quota_line = tables.Column(
        accessor="quota_line__type_label",
        verbose_name="编制类型",
        order_by=("quota_line__establishment_type", "quota_line__funding_form"),
    )
    post_category = tables.Column(verbose_name="岗位类别", attrs=NOWRAP)
    status_kind = tables.Column(verbose_name="身份状态", attrs=NOWRAP)
    confirmation_state = tables.Column(verbose_name="确认状态", attrs=NOWRAP)
    confirmation_by = tables.Column(verbose_name="确认人", default="—")
    confirmation_at = tables.DateTimeColumn(
        format="Y-m-d H:i", verbose_name="确认时间", default="—", attrs=NOWRAP
    )
    confirmation_reason = tables.Column(verbose_name="退回理由", default="—")
    actions = tables.Column(accessor="pk", verbose_name="", orderable=False)

    class Meta:
        fields = [
            "select",
            "person",
            "institution",
            "quota_line",
            "post_category",
            "status_kind",
            "confirmation_state",
            "confirmation_by",
            "confirmation_at",
            "confirmation_reason",
            "actions",
        ]
        empty_text = "没有需要确认身份的人员"

    def render_post_category(self, record):
        return record.post_label

    def render_status_kind(self, value):
        return StatusKind(value).label

    def render_confirmation_state(self, value):
        return state_badge(value)

    def render_actions(self, record):
        return format_html(
            '<a class="btn btn-sm btn-outline-success text-nowrap" href="{}?records={}">确认</a> '
            '<a class="btn btn-sm btn-outline-danger text-nowrap" href="{}">退回</a>',
            reverse("confirmations:confirm"),
            record.pk,
            reverse("confirmations:reject", args=[record.pk]),
        )
