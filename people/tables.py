import django_tables2 as tables

from .models import EstablishmentRecord

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
    sex = tables.Column(accessor="person__sex", verbose_name="性别", attrs=NOWRAP)
    id_number = tables.Column(
        accessor="person__masked_id_number", verbose_name="身份证号", orderable=False, attrs=NOWRAP
    )
    birth_date = tables.DateColumn(
        accessor="person__birth_date", format="Y-m-d", verbose_name="出生日期", attrs=NOWRAP
    )
    institution = tables.TemplateColumn(
        template_name="people/includes/institution_cell.html",
        accessor="quota_line__institution__full_name",
        verbose_name="单位",
        order_by=(
            "quota_line__institution__sort_order",
            "quota_line__institution__full_name",
            "person__name",
            "pk",
        ),
    )
    department = tables.Column(accessor="department__name", verbose_name="内设机构")
    establishment_type = tables.Column(
        accessor="quota_line__type_label",
        verbose_name="编制类型",
        order_by=("quota_line__establishment_type", "quota_line__funding_form"),
    )
    post_category = tables.Column(verbose_name="岗位类别")
    person_category = tables.Column(verbose_name="人员类别")
    job_title = tables.Column(verbose_name="职务")
    entry_on = tables.DateColumn(format="Y-m-d", verbose_name="入编时间", attrs=NOWRAP)
    status = tables.Column(verbose_name="状态", attrs=NOWRAP)
    ended_on = tables.DateColumn(format="Y-m-d", verbose_name="出编时间", attrs=NOWRAP)
    end_reason = tables.Column(verbose_name="出编原因")

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
