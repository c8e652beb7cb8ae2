import django_tables2 as tables
from django.urls import reverse

from staffing.tables import NOWRAP, Number

from .models import ReclaimProposal


class ReclaimProposalTable(tables.Table):
    institution = tables.Column(
        accessor="quota_line__institution",
        linkify=lambda record: reverse("reclaims:proposal_detail", args=[record.pk]),
        verbose_name="单位",
        order_by="quota_line__institution__sort_order",
    )
    quota_line = tables.Column(
        accessor="quota_line__type_label",
        verbose_name="编制类型",
        order_by=("quota_line__establishment_type", "quota_line__funding_form"),
    )
    trigger = tables.Column(verbose_name="触发原因", attrs=NOWRAP)
    vacant_since = tables.DateColumn(format="Y-m-d", verbose_name="空编起始", attrs=NOWRAP)
    vacancy = Number(verbose_name="建议收回数")
    detected_on = tables.DateColumn(format="Y-m-d", verbose_name="发现日期", attrs=NOWRAP)
    state = tables.TemplateColumn(
        template_name="reclaims/includes/state.html", verbose_name="处理结果", order_by="state"
    )
    reclaimed = Number(verbose_name="收回数", default="—")
    document = tables.Column(
        accessor="adjustment__document__number",
        verbose_name="文号",
        default="—",
        attrs=NOWRAP,
    )
    decided_by = tables.Column(verbose_name="处理人", default="—")
    decided_on = tables.DateColumn(format="Y-m-d", verbose_name="处理日期", attrs=NOWRAP)
    keep_reason = tables.Column(verbose_name="保留理由", default="—")

    class Meta:
        model = ReclaimProposal
        fields = [
            "institution",
            "quota_line",
            "trigger",
            "vacant_since",
            "vacancy",
            "detected_on",
            "state",
            "reclaimed",
            "document",
            "decided_by",
            "decided_on",
            "keep_reason",
        ]
        empty_text = "没有空编收回建议"

    def render_decided_by(self, value):
        return user_name(value)


def user_name(user) -> str:
    return user.get_full_name() or user.username
