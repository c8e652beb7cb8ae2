from urllib.parse import urlencode

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from bianzhi import privacy
from staffing.choices import EstablishmentType

from .choices import RequestOrigin
from .labels import post_category_label
from .models import ChangeRequest, EstablishmentRecord
from .selectors import timeliness

NOWRAP = {"td": {"class": "text-nowrap"}}

# Shown only when the roster includes people who have left (status filter not 在编).
ENDED_COLUMNS = ("status", "ended_on", "end_reason")


class RosterTable(tables.Table):
    """实名制花名册: one row per establishment record. ID numbers are always masked here, whatever
    the role (rule 14); the full number is only on the person's own page."""

    name = tables.Column(
        accessor="person__name",
        verbose_name="姓名",
        linkify=lambda record: record.person.get_absolute_url(),
        order_by=("person__name", "pk"),
        attrs=NOWRAP,
    )
    sex = tables.Column(accessor="person__sex", verbose_name="性别", orderable=False, attrs=NOWRAP)
    id_number = tables.Column(
        accessor="person__masked_id_number", verbose_name="身份证号", orderable=False, attrs=NOWRAP
    )
    # Beside a masked number the birth date is its year only (rule 14: digits 7–14 are the date).
    birth_date = tables.Column(
        accessor="person__birth_date", verbose_name="出生日期", orderable=False, attrs=NOWRAP
    )
    institution = tables.Column(
        linkify=lambda record: reverse(
            "staffing:institution_establishment", args=[record.quota_line.institution_id]
        ),
        accessor="quota_line__institution__full_name",
        verbose_name="单位",
        order_by=(
            "quota_line__institution__sort_order",
            "quota_line__institution__full_name",
            "person__name",
            "pk",
        ),
    )
    # A department's name is one unit's (办公室 is in thousands): by unit, then department.
    department = tables.Column(
        accessor="department__name",
        verbose_name="内设机构",
        order_by=(
            "quota_line__institution__sort_order",
            "quota_line__institution__full_name",
            "department__name",
            "person__name",
            "pk",
        ),
    )
    establishment_type = tables.Column(
        accessor="quota_line__type_label",
        verbose_name="编制类型",
        order_by=(
            "quota_line__establishment_type",
            "quota_line__funding_form",
            "quota_line_id",
            "pk",
        ),
    )
    # The sorts offered are those an index serves on a city's 188,000 rows (issue 21).
    post_category = tables.Column(verbose_name="岗位类别", orderable=False)
    person_category = tables.Column(verbose_name="人员类别", orderable=False)
    job_title = tables.Column(verbose_name="职务", orderable=False)
    entry_on = tables.DateColumn(
        format="Y-m-d", verbose_name="入编时间", order_by=("entry_on", "pk"), attrs=NOWRAP
    )
    status = tables.Column(verbose_name="状态", orderable=False, attrs=NOWRAP)
    ended_on = tables.DateColumn(
        format="Y-m-d", verbose_name="出编时间", orderable=False, attrs=NOWRAP
    )
    end_reason = tables.Column(verbose_name="出编原因", orderable=False)

    class Meta:
        model = EstablishmentRecord
        fields = [
            "name",
            "sex",
            "id_number",
            "birth_date",
            "institution",
            "department",
            "establishment_type",
            "post_category",
            "person_category",
            "job_title",
            "entry_on",
            "status",
            "ended_on",
            "end_reason",
        ]
        # The office's usual order: by unit, then name; the pk keeps pages stable.
        order_by = ("institution",)

    def render_birth_date(self, value):
        return privacy.MASKED.birth_text(value)

    def render_post_category(self, value, record):
        # Organ and 参公 staff are civil servants, not on 管理岗位 (labels only).
        return post_category_label(record.post_category, record.quota_line.institution.kind)


STATE_BADGES = {
    "draft": "text-bg-secondary",
    "submitted": "text-bg-primary",
    "reviewed": "text-bg-info",
    "approved": "text-bg-success",
    "returned": "text-bg-warning",
}


class RequestTable(tables.Table):
    """变动申报 list: one row per request, people and timeliness from the row's own annotations
    (``people.selectors.requests_listed``), so no query per row."""

    number = tables.Column(
        accessor="pk",
        verbose_name="编号",
        linkify=lambda record: record.get_absolute_url(),
        order_by=("created_at", "pk"),
        attrs=NOWRAP,
    )
    institution = tables.Column(
        accessor="institution__full_name",
        verbose_name="单位",
        order_by=("institution__sort_order", "institution__full_name", "pk"),
    )
    kind = tables.Column(verbose_name="类型", attrs=NOWRAP)
    people = tables.Column(
        accessor="first_person", verbose_name="人员", orderable=False, default="—"
    )
    occurred_on = tables.DateColumn(format="Y-m-d", verbose_name="发生日期", attrs=NOWRAP)
    due_on = tables.DateColumn(format="Y-m-d", verbose_name="应报日期", attrs=NOWRAP)
    submitted_on = tables.DateColumn(format="Y-m-d", verbose_name="报送日期", attrs=NOWRAP)
    state = tables.Column(verbose_name="状态", attrs=NOWRAP)
    timeliness = tables.Column(
        accessor="due_on", verbose_name="及时性", orderable=False, attrs=NOWRAP
    )

    class Meta:
        model = ChangeRequest
        fields = [
            "number",
            "institution",
            "kind",
            "people",
            "occurred_on",
            "due_on",
            "submitted_on",
            "state",
            "timeliness",
        ]
        order_by = ("-number",)
        empty_text = "没有符合条件的变动申报。"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()

    def render_number(self, record):
        return record.number

    def render_kind(self, value, record):
        if record.origin == RequestOrigin.EXPECTED:
            return format_html('{} <span class="badge text-bg-light border">预警</span>', value)
        return value

    def render_people(self, value, record):
        if record.item_count > 1:
            return f"{value} 等 {record.item_count} 人"
        return value

    def render_state(self, value, record):
        return format_html(
            '<span class="badge {}">{}</span>', STATE_BADGES.get(record.state, ""), value
        )

    def render_timeliness(self, record):
        status = timeliness(record, self.today)
        return format_html('<span class="badge {}">{}</span>', status.css, status.label)


NUMBER = {"td": {"class": "text-end text-nowrap"}, "th": {"class": "text-end text-nowrap"}}
TYPE_LABELS = dict(EstablishmentType.choices)


def roster_url(row) -> str:
    """The unit's people of that type on the roster."""
    query = urlencode(
        {"institution": row["institution_id"], "establishment_type": row["establishment_type"]}
    )
    return f"{reverse('people:person_list')}?{query}"


class RetirementForecastTable(tables.Table):
    """退休预测: one row per unit and establishment type (rows of
    ``retirement_forecast.by_unit``); the year columns are headed by the years given."""

    institution = tables.Column(
        accessor="institution_name",
        verbose_name="单位",
        linkify=lambda record: roster_url(record),
        order_by=("institution_name", "institution_id", "establishment_type"),
    )
    region = tables.Column(accessor="region_name", verbose_name="行政区划", attrs=NOWRAP)
    establishment_type = tables.Column(verbose_name="编制类型", attrs=NOWRAP)
    y0 = tables.Column(verbose_name="今年", attrs=NUMBER)
    y1 = tables.Column(verbose_name="第二年", attrs=NUMBER)
    y2 = tables.Column(verbose_name="第三年", attrs=NUMBER)
    y3 = tables.Column(verbose_name="第四年", attrs=NUMBER)
    y4 = tables.Column(verbose_name="第五年", attrs=NUMBER)
    total = tables.Column(verbose_name="五年合计", attrs=NUMBER)
    past = tables.Column(verbose_name="已过退休时间", attrs=NUMBER)

    class Meta:
        empty_text = "今后五年没有到达退休时间的在编人员。"

    def __init__(self, *args, year_labels=(), **kwargs):
        super().__init__(*args, **kwargs)
        for index, label in enumerate(year_labels):
            self.columns[f"y{index}"].column.verbose_name = label

    def render_establishment_type(self, value):
        return TYPE_LABELS.get(value, value)
