"""公立医院人员控制总量台账 and 备案制人员花名册 (rule 29): the list pages' tables as ledgers.
A constant number of queries whatever the number of hospitals or people."""

from bianzhi import access
from bianzhi.excel.writer import CODE, DATE, INTEGER, UNIT_WIDTH, Column, column
from bianzhi.ledgers import CHUNK_SIZE, Ledger, Prepared, register
from orgs.ledgers import FakeRequest, LedgerFilters, query_dict
from people.choices import EndReason, PostCategory
from people.ledgers import birth_column, id_number_column, numbered, serial_column

from .choices import FILED_STATUS_LABELS, HospitalCategory
from .filtersets import FiledStaffFilterSet, HospitalFilterSet
from .models import FiledStaffRecord, Hospital
from .selectors import figures_of, headroom, use_rate_text, with_figures
from .standard import RatioBook
from .tables import FiledStaffTable, HospitalTable


def _labels(choices) -> dict:
    return {value: str(label) for value, label in choices.choices}


CATEGORY = _labels(HospitalCategory)
POST = _labels(PostCategory)
END_REASON = _labels(EndReason)


def _label(mapping, field):
    return lambda row: mapping.get(row[field], row[field]) if row[field] else ""


def _count(header, field, key, **options) -> Column:
    return Column(header, lambda row: row[field], kind=INTEGER, key=key, **options)


def _filtered(filterset_class, queryset, user, params):
    filterset = filterset_class(params, queryset=queryset, request=FakeRequest(user))
    return filterset.qs if filterset.is_valid() else queryset.none()


@register
class HospitalControlLedger(Ledger):
    kind = "hospital_control"
    title = "公立医院人员控制总量台账"
    table_class = HospitalTable
    list_url_name = "hospitals:hospital_list"
    frozen_columns = 2
    empty_text = "无纳入备案管理的公立医院"

    def columns(self, user, params=None) -> list[Column]:
        return [
            serial_column(),
            column("医院", "institution__full_name", width=UNIT_WIDTH, key="name"),
            Column("类别", _label(CATEGORY, "category"), width=12, key="category"),
            _count("数据年度", "fig_year", "year", width=8),
            _count("编制床位", "fig_approved_beds", "approved_beds", total=True),
            _count("开放床位", "fig_open_beds", "open_beds", total=True),
            Column(
                "床位使用率(%)",
                lambda row: use_rate_text(row["fig_bed_use_rate"]),
                width=9,
                key="bed_use_rate",
            ),
            _count(
                "年门急诊人次", "fig_outpatient_visits", "outpatient_visits", width=11, total=True
            ),
            _count("测算标准", "standard", "standard", total=True),
            _count("人员控制总量", "control_total", "control_total", width=12, total=True),
            Column(
                "备案文号",
                lambda row: row["control_document"] or "",
                kind=CODE,
                width=18,
                key="control_document",
            ),
            _count("编制核定", "quota_approved", "quota_approved", total=True),
            _count("编制实有", "quota_occupied", "quota_occupied", total=True),
            _count("备案制实有", "filed_occupied", "filed_occupied", width=10, total=True),
            _count("总量内空额", "headroom", "headroom", width=10, total=True),
        ]

    def prepare(self, user, params) -> Prepared:
        params = query_dict(params)
        filters = LedgerFilters.parse(user, params)
        hospitals = _filtered(
            HospitalFilterSet, access.restrict(Hospital.objects.all(), user), user, params
        )
        hospitals = filters.apply_scoped(hospitals).order_by(
            "institution__region__code", "institution__sort_order", "institution__full_name", "pk"
        )
        rows = list(
            with_figures(hospitals, on=filters.as_of).values(
                "institution__full_name",
                "institution__region_id",
                "category",
                "fig_year",
                "fig_approved_beds",
                "fig_open_beds",
                "fig_bed_use_rate",
                "fig_outpatient_visits",
                "control_total",
                "control_document",
                "quota_approved",
                "quota_occupied",
                "filed_occupied",
            )
        )
        book = RatioBook({row["institution__region_id"] for row in rows})
        for row in rows:
            standard = book.standard(
                row["institution__region_id"], row["category"], figures_of(row)
            )
            row["standard"] = standard.total if standard else None
            row["headroom"] = headroom(
                row["control_total"], row["quota_occupied"], row["filed_occupied"]
            )
        return Prepared(filters.subtitle(user), numbered(iter(rows)), count=len(rows))


@register
class FiledStaffLedger(Ledger):
    kind = "filed_staff"
    title = "备案制人员花名册"
    table_class = FiledStaffTable
    list_url_name = "hospitals:filedstaff_list"
    frozen_columns = 3
    id_numbers = True
    empty_text = "无备案制人员"

    def columns(self, user, params=None) -> list[Column]:
        return [
            serial_column(),
            column("姓名", "person__name", width=10, key="name"),
            Column(
                "性别",
                lambda row: {"M": "男", "F": "女"}.get(row["person__sex"], ""),
                width=5,
                key="sex",
            ),
            id_number_column(user),
            birth_column(user, key="birth_date"),
            column("医院", "hospital__institution__full_name", width=UNIT_WIDTH, key="hospital"),
            Column("岗位类别", _label(POST, "post_category"), width=12, key="post_category"),
            column("岗位（职务）", "job_title", width=12, key="job_title"),
            column("备案入职时间", "entry_on", kind=DATE, key="entry_on"),
            Column("状态", _label(FILED_STATUS_LABELS, "status"), width=7, key="status"),
            column("终止日期", "ended_on", kind=DATE, key="ended_on"),
            Column("终止原因", _label(END_REASON, "end_reason"), width=9, key="end_reason"),
        ]

    def prepare(self, user, params) -> Prepared:
        params = query_dict(params)
        filters = LedgerFilters.parse(user, params)
        records = _filtered(
            FiledStaffFilterSet,
            access.restrict(FiledStaffRecord.objects.all(), user),
            user,
            params,
        )
        records = filters.apply_scoped(records).order_by(
            "hospital__institution__full_name", "person__name", "pk"
        )
        rows = records.values(
            "person__name",
            "person__sex",
            "person__id_number_encrypted",
            "person__id_number_masked",
            "person__birth_date",
            "hospital__institution__full_name",
            "post_category",
            "job_title",
            "entry_on",
            "status",
            "ended_on",
            "end_reason",
        ).iterator(chunk_size=CHUNK_SIZE)
        return Prepared(filters.subtitle(user), numbered(rows), count=records.count())
