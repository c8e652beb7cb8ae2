import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from bianzhi import privacy

from .choices import FILED_STATUS_LABELS
from .models import FiledStaffRecord, Hospital
from .selectors import figures_of, headroom, use_rate_text

NUMBER = {"td": {"class": "text-end text-nowrap"}, "th": {"class": "text-end text-nowrap"}}
NOWRAP = {"td": {"class": "text-nowrap"}}


def _number(verbose_name, accessor=None, **kwargs):
    return tables.Column(verbose_name=verbose_name, accessor=accessor, attrs=NUMBER, **kwargs)


class HospitalTable(tables.Table):
    """公立医院 with their figures (rule 29); the rows are ``selectors.with_figures`` and the
    standard is computed from them with the table's ``book`` (``standard.RatioBook``)."""

    name = tables.Column(
        accessor="institution__full_name",
        verbose_name="医院",
        linkify=lambda record: record.get_absolute_url(),
        order_by=("institution__sort_order", "institution__full_name"),
    )
    category = tables.Column(verbose_name="类别", attrs=NOWRAP)
    year = _number("数据年度", "fig_year")
    approved_beds = _number("编制床位", "fig_approved_beds")
    open_beds = _number("开放床位", "fig_open_beds")
    bed_use_rate = _number("床位使用率(%)", "fig_bed_use_rate")
    outpatient_visits = _number("年门急诊人次", "fig_outpatient_visits")
    standard = _number("测算标准", empty_values=(), orderable=False)
    control_total = _number("人员控制总量")
    control_document = tables.Column(verbose_name="备案文号", attrs=NOWRAP)
    quota_approved = _number("编制核定")
    quota_occupied = _number("编制实有")
    filed_occupied = _number("备案制实有")
    headroom = _number("总量内空额", empty_values=(), orderable=False)

    class Meta:
        model = Hospital
        fields = []
        sequence = (
            "name",
            "category",
            "year",
            "approved_beds",
            "open_beds",
            "bed_use_rate",
            "outpatient_visits",
            "standard",
            "control_total",
            "control_document",
            "quota_approved",
            "quota_occupied",
            "filed_occupied",
            "headroom",
        )
        order_by = ("name",)

    def __init__(self, *args, book, **kwargs):
        super().__init__(*args, **kwargs)
        self.book = book

    def render_standard(self, record):
        standard = self.book.standard(
            record.institution.region_id, record.category, figures_of(record)
        )
        return "—" if standard is None else standard.total

    def render_bed_use_rate(self, value):
        return use_rate_text(value)

    def render_headroom(self, record):
        value = headroom(record.control_total, record.quota_occupied, record.filed_occupied)
        if value is None:
            return "—"
        if value < 0:
            return format_html('<span class="text-danger fw-semibold">{}</span>', value)
        return value


class FiledStaffTable(tables.Table):
    """备案制人员花名册: ID numbers masked for every role, birth as its year (rule 14)."""

    name = tables.Column(
        accessor="person__name",
        verbose_name="姓名",
        order_by=("person__name", "pk"),
        attrs=NOWRAP,
    )
    sex = tables.Column(accessor="person__sex", verbose_name="性别", attrs=NOWRAP)
    id_number = tables.Column(
        accessor="person__masked_id_number", verbose_name="身份证号", orderable=False, attrs=NOWRAP
    )
    birth_date = tables.Column(accessor="person__birth_date", verbose_name="出生年份", attrs=NOWRAP)
    hospital = tables.Column(
        accessor="hospital__institution__full_name",
        verbose_name="医院",
        linkify=lambda record: record.hospital.get_absolute_url(),
        order_by=("hospital__institution__full_name", "person__name"),
    )
    post_category = tables.Column(verbose_name="岗位类别", attrs=NOWRAP)
    job_title = tables.Column(verbose_name="岗位（职务）")
    entry_on = tables.DateColumn(format="Y-m-d", verbose_name="备案入职时间", attrs=NOWRAP)
    status = tables.Column(verbose_name="状态", attrs=NOWRAP)
    ended_on = tables.DateColumn(format="Y-m-d", verbose_name="终止日期", attrs=NOWRAP)
    end_reason = tables.Column(verbose_name="终止原因", attrs=NOWRAP)
    actions = tables.Column(
        verbose_name="", empty_values=(), orderable=False, exclude_from_export=True
    )

    class Meta:
        model = FiledStaffRecord
        fields = []
        sequence = (
            "name",
            "sex",
            "id_number",
            "birth_date",
            "hospital",
            "post_category",
            "job_title",
            "entry_on",
            "status",
            "ended_on",
            "end_reason",
            "actions",
        )
        order_by = ("hospital",)

    def __init__(self, *args, can_end=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.can_end = can_end

    def render_sex(self, record):
        return record.person.get_sex_display()

    def render_status(self, record):
        return FILED_STATUS_LABELS.get(record.status, record.status)

    def render_birth_date(self, value):
        return privacy.MASKED.birth_text(value)

    def render_actions(self, record):
        if not (self.can_end and record.active):
            return ""
        url = reverse("hospitals:filedstaff_end", args=[record.pk])
        return format_html('<a class="btn btn-outline-danger btn-sm" href="{}">终止备案</a>', url)
