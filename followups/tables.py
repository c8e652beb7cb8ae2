import django_tables2 as tables
from django.urls import reverse

from staffing.tables import NOWRAP

from .models import FollowUp, Research


class FollowUpTable(tables.Table):
    institution = tables.Column(
        linkify=lambda record: reverse("followups:followup_detail", args=[record.pk]),
        verbose_name="单位",
        accessor="institution__full_name",
        order_by="institution__sort_order",
    )
    matter_kind = tables.Column(verbose_name="事项类别", attrs=NOWRAP)
    matter = tables.Column(verbose_name="批复事项")
    approved_on = tables.DateColumn(format="Y-m-d", verbose_name="批复日期", attrs=NOWRAP)
    stage = tables.Column(verbose_name="问效节点", attrs=NOWRAP)
    due_on = tables.DateColumn(format="Y-m-d", verbose_name="应问效日期", attrs=NOWRAP)
    status = tables.TemplateColumn(
        template_name="followups/includes/status.html", verbose_name="问效状态", order_by="status"
    )
    total = tables.Column(verbose_name="综合得分", default="—", attrs=NOWRAP)
    proposal = tables.TemplateColumn(
        template_name="followups/includes/proposal_cell.html",
        verbose_name="处理意见",
        order_by="proposal__state",
    )

    class Meta:
        model = FollowUp
        fields = [
            "institution",
            "matter_kind",
            "matter",
            "approved_on",
            "stage",
            "due_on",
            "status",
            "total",
            "proposal",
        ]
        empty_text = "没有跟踪问效事项"


class ResearchTable(tables.Table):
    institution = tables.Column(
        linkify=lambda record: reverse("followups:research_detail", args=[record.pk]),
        verbose_name="单位",
        accessor="institution__full_name",
        order_by="institution__sort_order",
    )
    subject = tables.Column(verbose_name="拟办事项")
    matter = tables.Column(verbose_name="对应事项", empty_values=(), orderable=False)
    recorded_on = tables.DateColumn(format="Y-m-d", verbose_name="调研日期", attrs=NOWRAP)
    recorded_by = tables.Column(verbose_name="记录人")

    class Meta:
        model = Research
        fields = ["institution", "subject", "matter", "recorded_on", "recorded_by"]
        empty_text = "没有八问调研记录"

    def render_matter(self, record):
        if record.adjustment_id:
            return f"编制调整 {record.adjustment.document.number}"
        if record.change_request_id:
            return f"变动申报 {record.change_request.number}"
        return "—"

    def render_recorded_by(self, value):
        return user_name(value)


def user_name(user) -> str:
    return user.get_full_name() or user.username
