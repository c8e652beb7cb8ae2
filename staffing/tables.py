import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from .models import Adjustment, LeadershipQuota, UsagePermit

NUMBER = {"td": {"class": "text-end"}, "th": {"class": "text-end"}}
NOWRAP = {"td": {"class": "text-nowrap"}}


def establishment_url(institution_id) -> str:
    return reverse("staffing:institution_establishment", args=[institution_id])


class Number(tables.Column):
    """A count, right-aligned and plain (no thousands separator)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", NUMBER)
        super().__init__(*args, **kwargs)


class Flagged(Number):
    """A count shown in a colour when it is not zero (超编/超配 red, 空编 green)."""

    def __init__(self, *args, css: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.css = css

    def render(self, value):
        if not value:
            return "0"
        return format_html('<span class="{} fw-semibold">{}</span>', self.css, value)


class AdjustmentTable(tables.Table):
    effective_on = tables.DateColumn(format="Y-m-d", verbose_name="生效日期", attrs=NOWRAP)
    state = tables.Column(
        accessor="state_label",
        verbose_name="状态",
        orderable=False,
        attrs=NOWRAP,
        exclude_from_export=True,
    )
    document = tables.Column(
        linkify=True, verbose_name="文号", order_by="document__number", attrs=NOWRAP
    )
    summary = tables.Column(linkify=lambda record: record.get_absolute_url(), verbose_name="事项")
    kind = tables.Column(verbose_name="类别", attrs=NOWRAP)

    push_down = tables.Column(verbose_name="编制下沉", attrs=NOWRAP)

    def render_push_down(self, value, record):
        return format_html(
            '<span class="badge text-bg-success">{}</span>', record.get_push_down_display()
        )

    def render_state(self, record):
        if record.is_scheduled:
            return format_html('<span class="badge text-bg-warning">{}</span>', record.state_label)
        return record.state_label

    lines = tables.TemplateColumn(
        template_name="staffing/includes/adjustment_lines_cell.html",
        verbose_name="明细（调整前 → 调整后）",
        orderable=False,
    )

    class Meta:
        model = Adjustment
        fields = ["effective_on", "state", "document", "summary", "kind", "push_down", "lines"]
        order_by = ("-effective_on",)


class PermitTable(tables.Table):
    number = tables.Column(linkify=True, verbose_name="通知单编号", attrs=NOWRAP)
    institution = tables.Column(
        accessor="quota_line__institution",
        linkify=lambda record: establishment_url(record.quota_line.institution_id),
        verbose_name="单位",
        order_by="quota_line__institution__sort_order",
    )
    quota_line = tables.Column(
        accessor="quota_line__type_label",
        verbose_name="编制类型",
        order_by=("quota_line__establishment_type", "quota_line__funding_form"),
    )
    count = Number(verbose_name="核准数")
    used = Number(verbose_name="已使用")
    remaining = tables.TemplateColumn(
        template_name="staffing/includes/permit_remaining_cell.html",
        verbose_name="剩余",
        attrs=NUMBER,
        order_by="remaining",
    )
    purpose = tables.Column(verbose_name="用途")
    issued_on = tables.DateColumn(format="Y-m-d", verbose_name="核准日期", attrs=NOWRAP)
    expires_on = tables.DateColumn(format="Y-m-d", verbose_name="有效期至", attrs=NOWRAP)
    status = tables.TemplateColumn(
        template_name="staffing/includes/permit_status.html",
        verbose_name="状态",
        order_by="status",
    )

    class Meta:
        model = UsagePermit
        fields = [
            "number",
            "institution",
            "quota_line",
            "count",
            "used",
            "remaining",
            "purpose",
            "issued_on",
            "expires_on",
            "status",
        ]


class LeadershipTable(tables.Table):
    institution = tables.Column(
        linkify=lambda record: establishment_url(record.institution_id) + "#leadership",
        verbose_name="机构",
        order_by=("institution__sort_order", "institution__full_name"),
    )
    department = tables.Column(verbose_name="内设机构", default="—", order_by="department__name")
    post = tables.Column(accessor="post_label", verbose_name="职务类别", order_by="post_kind")
    approved = Number(verbose_name="核定")
    filled = Number(verbose_name="实配")
    shortfall = Flagged(verbose_name="缺配", css="text-success")
    excess = Flagged(verbose_name="超配", css="text-danger")
    document = tables.Column(linkify=True, verbose_name="依据文件", order_by="document__number")
    actions = tables.TemplateColumn(
        template_name="staffing/includes/leadership_actions_cell.html",
        verbose_name="",
        orderable=False,
    )

    class Meta:
        model = LeadershipQuota
        fields = [
            "institution",
            "department",
            "post",
            "approved",
            "filled",
            "shortfall",
            "excess",
            "document",
            "actions",
        ]
        order_by = ("institution",)


class PushDownTable(tables.Table):
    """编制下沉统计: one row per township, year and mode (``staffing.push_down.PushDownRow``)."""

    township = tables.Column(verbose_name="乡镇（街道）")
    year = tables.Column(verbose_name="年度", attrs=NOWRAP)
    mode = tables.Column(accessor="mode_label", verbose_name="下沉方式", attrs=NOWRAP)
    quota = Number(verbose_name="下沉编制数")
    adjustments = Number(verbose_name="划转事项数")

    class Meta:
        orderable = False
        empty_text = "没有编制下沉记录。"

    def render_township(self, value, record):
        return format_html('<a href="{}">{}</a>', establishment_url(record.township_id), value)
