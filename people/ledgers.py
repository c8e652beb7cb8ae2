"""Ledgers of named personnel: 实名制人员花名册, 减少人员花名册 and 变动报送及时性台账 (domain.md §4);
退休预测台账 is in ``forecast_ledger``.

Rows are dicts from ``QuerySet.values()`` read with ``iterator(chunk_size=...)``: one query
however many rows (the timeliness ledger prefetches names: one more query per chunk). ID numbers
are masked unless the user may see them in full (rule 14).
"""

import itertools

from django.db.models import OuterRef, Subquery

from bianzhi import access, privacy
from bianzhi.excel.writer import A3, CODE, DATE, INTEGER, UNIT_WIDTH, Column, Tallies, column
from bianzhi.ledgers import CHUNK_SIZE, Ledger, Prepared, cn_date, parse_date, register
from orgs.ledgers import FakeRequest, LedgerFilters, query_dict
from staffing.choices import EstablishmentType, FundingForm
from staffing.occupancy import record_held_on

from . import (
    forecast_ledger,  # noqa: F401  (registers 退休预测台账)
    idcrypto,
    supervision,
)
from .choices import (
    Degree,
    Education,
    EndReason,
    EntryWay,
    PersonCategory,
    PoliticalStatus,
    PostCategory,
    RecordStatus,
    RequestKind,
    Sex,
)
from .filtersets import RosterFilterSet
from .labels import post_category_label
from .models import ChangeRequest, EstablishmentRecord, LeadershipAppointment
from .supervision import Period, Timeliness
from .supervision_tables import TimelinessLedgerTable
from .tables import RosterTable


def labels(choices) -> dict:
    return {value: str(label) for value, label in choices.choices}


SEX = labels(Sex)
POLITICAL = labels(PoliticalStatus)
EDUCATION = labels(Education)
DEGREE = labels(Degree)
POST = labels(PostCategory)
PERSON_CATEGORY = labels(PersonCategory)
ENTRY_WAY = labels(EntryWay)
END_REASON = labels(EndReason)
STATUS = labels(RecordStatus)
TYPE = labels(EstablishmentType)
FUNDING = labels(FundingForm)

ROSTER_FIELDS = (
    "pk",
    "quota_line__institution__full_name",
    "department__name",
    "person__name",
    "person__sex",
    "person__ethnicity",
    "person__native_place",
    "person__id_number_encrypted",
    "person__id_number_masked",
    "person__birth_date",
    "person__political_status",
    "person_category",
    "quota_line__establishment_type",
    "quota_line__funding_form",
    "post_category",
    "quota_line__institution__kind",
    "person__civil_servant_registered",
    "job_title",
    "entry_way",
    "entry_on",
    "entry_document__number",
    "permit__number",
    "person__work_started_on",
    "person__education",
    "person__degree",
    "person__professional_title",
    "notes",
    "status",
    "ended_on",
    "end_reason",
    "end_document__number",
    "end_destination",
)
ROSTER_ORDER = (
    "quota_line__institution__sort_order",
    "quota_line__institution__full_name",
    "person__name",
    "pk",
)


def serial_column() -> Column:
    return Column("序号", lambda row: row["serial"], kind=INTEGER, width=5, key="serial")


def id_policy(user) -> privacy.IdPolicy:
    """Rule 14 for an export: as the user may see numbers (None: masked)."""
    return privacy.MASKED if user is None else privacy.policy_for(user)


def id_number_column(user) -> Column:
    if id_policy(user).full:
        return Column(
            "身份证号",
            lambda row: idcrypto.decrypt(row["person__id_number_encrypted"]),
            kind=CODE,
            width=19,
        )
    return Column(
        "身份证号",
        lambda row: row["person__id_number_masked"],
        kind=CODE,
        width=19,
        key="id_number",
    )


def birth_column(user, **options) -> Column:
    """出生日期 in full beside full numbers; beside masked ones its year only (rule 14)."""
    if id_policy(user).full:
        return column("出生日期", "person__birth_date", kind=DATE, **options)
    return Column(
        privacy.BIRTH_YEAR_HEADER,
        lambda row: privacy.MASKED.birth(row["person__birth_date"]),
        kind=INTEGER,
        width=8,
        **options,
    )


def numbered(rows):
    for serial, row in enumerate(rows, start=1):
        row["serial"] = serial
        yield row


def current_post_since():
    """任现职时间: when the person took up the latest of the leadership posts they hold now."""
    current = LeadershipAppointment.objects.filter(
        person=OuterRef("person_id"), ended_on__isnull=True
    ).order_by("-started_on", "-pk")
    return Subquery(current.values("started_on")[:1])


def _label(mapping, field):
    return lambda row: mapping.get(row[field], row[field])


@register
class RosterLedger(Ledger):
    """实名制人员花名册: the list page's records, with every column of domain.md §4. With a
    cut-off date, the records in establishment on that day (the people's own details are as
    they stand now)."""

    kind = "roster"
    title = "实名制人员花名册"
    id_numbers = True
    table_class = RosterTable
    list_url_name = "people:person_list"
    frozen_columns = 4
    totals_label = "合计：{count} 人"
    paper = A3
    empty_text = "无符合条件的在编人员"

    def columns(self, user, params=None) -> list[Column]:
        columns = [
            serial_column(),
            column(
                "单位", "quota_line__institution__full_name", width=UNIT_WIDTH, key="institution"
            ),
            column("内设机构", "department__name", width=8, key="department"),
            column("姓名", "person__name", width=8, key="name"),
            Column("性别", _label(SEX, "person__sex"), width=4, key="sex"),
            column("民族", "person__ethnicity", width=5),
            column("籍贯", "person__native_place", width=8),
            id_number_column(user),
            birth_column(user, key="birth_date"),
            Column("政治面貌", _label(POLITICAL, "person__political_status"), width=7),
            Column(
                "人员类别",
                _label(PERSON_CATEGORY, "person_category"),
                width=7,
                key="person_category",
            ),
            Column(
                "编制类型",
                _label(TYPE, "quota_line__establishment_type"),
                width=8,
                key="establishment_type",
            ),
            Column("经费形式", _label(FUNDING, "quota_line__funding_form"), width=7),
            Column(
                "岗位类别",
                lambda row: post_category_label(
                    row["post_category"], row["quota_line__institution__kind"]
                ),
                width=8,
                key="post_category",
            ),
            Column(
                "公务员登记",
                lambda row: "是" if row["person__civil_servant_registered"] else "否",
                width=5,
                key="civil_servant_registered",
            ),
            column("职务", "job_title", width=8),
            column("任现职时间", "post_since", kind=DATE),
            Column("进入方式", _label(ENTRY_WAY, "entry_way"), width=7),
            column("入编时间", "entry_on", kind=DATE),
            column("入编文号", "entry_document__number", kind=CODE, width=9),
            column("用编通知单编号", "permit__number", kind=CODE, width=15),
            column("参加工作时间", "person__work_started_on", kind=DATE),
            Column("学历", _label(EDUCATION, "person__education"), width=6),
            Column("学位", _label(DEGREE, "person__degree"), width=5),
            column("职称", "person__professional_title", width=7),
            column("备注", "notes", width=7),
        ]
        if params is None or not self.active_only(params):
            columns += [
                Column("状态", _label(STATUS, "status"), width=6, key="status"),
                column("出编时间", "ended_on", kind=DATE),
                Column("出编原因", _label(END_REASON, "end_reason"), width=9, key="end_reason"),
            ]
        return columns

    def active_only(self, params) -> bool:
        return params.get("status", RecordStatus.ACTIVE) == RecordStatus.ACTIVE or bool(
            params.get("as_of")
        )

    def records(self, user, params, filters: LedgerFilters):
        data = dict(params)
        if filters.as_of_given:
            # In establishment on that day, whatever the record's status today.
            data["status"] = ""
        filterset = RosterFilterSet(
            data,
            queryset=access.restrict(EstablishmentRecord.objects.all(), user),
            request=FakeRequest(user),
        )
        records = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        records = filters.apply_scoped(records)
        if filters.as_of_given:
            records = records.filter(record_held_on(filters.as_of))
        return records

    def prepare(self, user, params) -> Prepared:
        params = query_dict(params)
        filters = LedgerFilters.parse(user, params)
        records = self.records(user, params, filters).order_by(*ROSTER_ORDER)
        query = records.annotate(post_since=current_post_since()).values(
            *ROSTER_FIELDS, "post_since"
        )
        rows = query.iterator(chunk_size=CHUNK_SIZE)
        return Prepared(filters.subtitle(user), numbered(rows), count=records.count(), query=query)


@register
class LeaversLedger(Ledger):
    """减少人员花名册: people whose record ended, with the reason and document; by default those
    who left this year up to the cut-off date (``since`` moves the start)."""

    kind = "leavers"
    title = "减少人员花名册"
    id_numbers = True
    list_url_name = "people:person_list"
    frozen_columns = 3
    totals_label = "合计：{count} 人"
    paper = A3
    empty_text = "本期无减少人员"

    def columns(self, user, params=None) -> list[Column]:
        return [
            serial_column(),
            column("单位", "quota_line__institution__full_name", width=UNIT_WIDTH),
            column("姓名", "person__name", width=10),
            Column("性别", _label(SEX, "person__sex"), width=6),
            id_number_column(user),
            birth_column(user),
            Column("编制类型", _label(TYPE, "quota_line__establishment_type"), width=14),
            Column("经费形式", _label(FUNDING, "quota_line__funding_form"), width=10),
            Column("岗位类别", _label(POST, "post_category"), width=10),
            column("职务", "job_title", width=14),
            column("入编时间", "entry_on", kind=DATE, width=12),
            column("出编时间", "ended_on", kind=DATE, width=12),
            Column("减少原因", _label(END_REASON, "end_reason"), width=10),
            column("出编文号", "end_document__number", kind=CODE, width=22),
            column("去向", "end_destination", width=20),
            column("备注", "notes", width=16),
        ]

    def prepare(self, user, params) -> Prepared:
        params = query_dict(params)
        filters = LedgerFilters.parse(user, params)
        since = parse_date(params.get("since")) or filters.as_of.replace(month=1, day=1)
        records = access.restrict(EstablishmentRecord.objects.all(), user, access.Action.VIEW)
        records = filters.apply_scoped(records).filter(
            status=RecordStatus.ENDED, ended_on__gte=since, ended_on__lte=filters.as_of
        )
        if params.get("institution", "").isdigit():
            records = records.filter(quota_line__institution_id=int(params["institution"]))
        records = records.order_by(*ROSTER_ORDER)
        rows = records.values(*ROSTER_FIELDS).iterator(chunk_size=CHUNK_SIZE)
        extra = f"期间：{cn_date(since)} 至 {cn_date(filters.as_of)}"
        return Prepared(filters.subtitle(user, extra), numbered(rows), count=records.count())


@register
class TimelinessLedger(Ledger):
    """变动报送及时性台账: the reports of the period (due dates from ``start`` to ``end``, by
    default this year to the cut-off date), judged as of the cut-off date, with the columns and
    values of the 报送及时性督查 page's table."""

    kind = "timeliness"
    title = "变动报送及时性台账"
    table_class = TimelinessLedgerTable
    list_url_name = "people:supervision"
    frozen_columns = 2
    empty_text = "本期无应报送的变动"

    def totals_text(self, tallies: Tallies) -> str:
        """按时/迟报/逾期 counts and the on-time rate over those judged (people.supervision)."""
        found = tallies.values["状态"]
        on_time, late, overdue = (
            found[status.label]
            for status in (Timeliness.ON_TIME, Timeliness.LATE, Timeliness.OVERDUE)
        )
        judged = on_time + late + overdue
        rate = f"{on_time / judged * 100:.1f}%" if judged else "—"
        return (
            f"合计：{tallies.count} 件　　按时 {on_time} 件　　迟报 {late} 件　　"
            f"逾期 {overdue} 件　　及时率 {rate}"
        )

    def columns(self, user, params=None) -> list[Column]:
        kinds = labels(RequestKind)
        return [
            Column("序号", lambda row: row[0], kind=INTEGER, width=6, key="rank"),
            Column(
                "单位",
                lambda row: row[1].institution.full_name,
                width=UNIT_WIDTH,
                key="institution",
            ),
            Column("变动类型", lambda row: kinds.get(row[1].kind), width=10, key="kind"),
            Column(
                "姓名",
                lambda row: "、".join(supervision.person_names(row[1])),
                width=20,
                key="names",
            ),
            Column("发生日期", lambda row: row[1].occurred_on, kind=DATE, key="occurred_on"),
            Column("报送日期", lambda row: row[1].submitted_on, kind=DATE, key="submitted_on"),
            Column("应报日期", lambda row: row[1].due_on, kind=DATE, key="due_on"),
            Column(
                "逾期天数",
                lambda row: row[1].days_late(row[2]),
                kind=INTEGER,
                width=10,
                key="days_late",
            ),
            Column(
                "状态",
                lambda row: Timeliness(row[1].timeliness).label,
                width=10,
                key="timeliness",
                tally=True,
            ),
        ]

    def prepare(self, user, params) -> Prepared:
        params = query_dict(params)
        filters = LedgerFilters.parse(user, params)
        today = filters.as_of
        default = Period.year_to_date(today)
        period = Period(
            parse_date(params.get("start")) or default.start,
            parse_date(params.get("end")) or default.end,
        )
        requests = access.restrict(ChangeRequest.objects.all(), user, access.Action.VIEW)
        requests = filters.apply_scoped(requests)
        requests = supervision.of_units_named(requests, (params.get("q") or "").strip())
        tab = params.get("tab", "all")
        statuses = {"overdue": [Timeliness.OVERDUE], "late": [Timeliness.LATE]}.get(tab, [])
        institution_id = params.get("institution", "")
        rows = supervision.ledger(
            requests,
            period=period,
            today=today,
            timeliness=statuses,
            institution_id=int(institution_id) if institution_id.isdigit() else None,
        )
        numbered_rows = (
            (serial, request, today)
            for serial, request in zip(
                itertools.count(1), rows.iterator(chunk_size=CHUNK_SIZE), strict=False
            )
        )
        extra = f"应报日期：{cn_date(period.start)} 至 {cn_date(period.end)}"
        return Prepared(filters.subtitle(user, extra), numbered_rows, count=rows.count())
