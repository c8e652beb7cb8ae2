import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from .models import Certificate, Publicity

NOWRAP = {"td": {"class": "text-nowrap"}}
STATUS_CLASS = {
    "valid": "text-bg-success",
    "replaced": "text-bg-secondary",
    "withdrawn": "text-bg-dark",
}


class CertificateTable(tables.Table):
    number = tables.Column(linkify=True, verbose_name="证书编号", attrs=NOWRAP)
    institution = tables.Column(
        accessor="institution__full_name",
        verbose_name="单位",
        order_by=("institution__sort_order", "institution__full_name"),
    )
    kind = tables.Column(accessor="institution__kind", verbose_name="单位类型", orderable=False)
    edition = tables.Column(verbose_name="版次")
    issued_on = tables.DateColumn(format="Y-m-d", verbose_name="发证日期", attrs=NOWRAP)
    status = tables.Column(verbose_name="状态")
    has_changes = tables.Column(verbose_name="变更", orderable=False, empty_values=())

    class Meta:
        model = Certificate
        fields = ["number", "institution", "kind", "edition", "issued_on", "status", "has_changes"]

    def render_kind(self, record):
        return record.institution.kind_label

    def render_edition(self, value):
        return f"第{value}版"

    def render_status(self, record):
        return format_html(
            '<span class="badge {}">{}</span>',
            STATUS_CLASS.get(record.status, ""),
            record.get_status_display(),
        )

    def render_has_changes(self, record):
        if getattr(record, "has_changes", False):
            return format_html('<span class="badge text-bg-warning">{}</span>', "有待换发的变更")
        return "—"


class PublicityTable(tables.Table):
    institution = tables.Column(
        accessor="institution__full_name",
        verbose_name="单位",
        linkify=lambda record: record.get_absolute_url(),
        order_by=("institution__sort_order", "institution__full_name"),
    )
    started_on = tables.DateColumn(format="Y-m-d", verbose_name="公示开始", attrs=NOWRAP)
    ends_on = tables.DateColumn(format="Y-m-d", verbose_name="公示结束", attrs=NOWRAP)
    state = tables.Column(verbose_name="状态", empty_values=(), orderable=False)
    open_objections = tables.Column(verbose_name="未处理异议", attrs={"td": {"class": "text-end"}})
    objection_count = tables.Column(verbose_name="异议总数", attrs={"td": {"class": "text-end"}})

    class Meta:
        model = Publicity
        fields = [
            "institution",
            "started_on",
            "ends_on",
            "state",
            "open_objections",
            "objection_count",
        ]

    def render_state(self, record):
        label = record.state_label(timezone.localdate())
        css = {"公示中": "text-bg-primary", "已终止": "text-bg-danger"}.get(
            label, "text-bg-secondary"
        )
        return format_html('<span class="badge {}">{}</span>', css, label)

    def render_open_objections(self, value):
        if value:
            return format_html('<span class="badge text-bg-danger">{}</span>', value)
        return "0"


class ReadyToIssueTable(tables.Table):
    """可发证: one row per unit, its ended publicity and the 发证 button (``issue_url`` None for
    roles that do not issue)."""

    institution = tables.Column(
        accessor="institution__full_name",
        verbose_name="单位",
        order_by=("institution__sort_order", "institution__full_name"),
    )
    kind = tables.Column(accessor="institution__kind", verbose_name="单位类型", orderable=False)
    period = tables.Column(
        verbose_name="公示期", empty_values=(), order_by=("ends_on",), attrs=NOWRAP
    )
    objection_count = tables.Column(
        verbose_name="异议（均已处理）", attrs={"td": {"class": "text-end"}}
    )
    changed_since = tables.Column(verbose_name="公示后变动", orderable=False)
    actions = tables.Column(verbose_name="操作", empty_values=(), orderable=False, attrs=NOWRAP)

    class Meta:
        model = Publicity
        fields = ["institution", "kind", "period", "objection_count", "changed_since", "actions"]

    def __init__(self, *args, issue_url=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.issue_url = issue_url

    def render_institution(self, record):
        return format_html(
            '<a href="{}">{}</a>',
            record.institution.get_absolute_url(),
            record.institution.full_name,
        )

    def render_kind(self, record):
        return record.institution.kind_label

    def render_period(self, record):
        return format_html(
            '<a href="{}">{} 至 {}</a>',
            record.get_absolute_url(),
            f"{record.started_on:%Y-%m-%d}",
            f"{record.ends_on:%Y-%m-%d}",
        )

    def render_changed_since(self, record):
        if record.changed_since:
            return format_html(
                '<span class="badge text-bg-warning" title="{}">{}</span>',
                "公示后有已核准的变动申报；发证时将逐人核对名册，名册有变化须重新公示（规则 20）",
                "有已核准变动，发证时核对",
            )
        return "无"

    def render_actions(self, record):
        links = [
            format_html(
                '<a class="btn btn-sm btn-outline-secondary" href="{}">公示</a>',
                record.get_absolute_url(),
            )
        ]
        if self.issue_url:
            links.append(
                format_html(
                    '<a class="btn btn-sm btn-primary" href="{}?institution={}">'
                    '<i class="bi bi-award"></i> 发证</a>',
                    self.issue_url,
                    record.institution_id,
                )
            )
        return format_html_join(" ", "{}", ((link,) for link in links))
