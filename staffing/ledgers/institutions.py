"""机构编制台账: one row per institution; per establishment type — 事业编制 per funding form
(全额拨款 / 差额拨款 / 自收自支), each its own quota line — 核定 / 实有 / 空编 / 超编, then a 合计
block whose 空编 and 超编 are the sums of the blocks' (rule 1: a surplus of one type never fills
a vacancy of another); 领导职数 as 单位 and 内设机构 × 正职 / 副职, 核定 and 实配, with 缺配 and
超配; 内设机构数. The units come by 系统类别 (党委, 人大, 政府, … in the order of
``orgs.choices.System``), each system's units followed by its 小计 row, then the 合计.

A constant number of grouped queries whatever the number of institutions. 核定 is the quota in
force on the cut-off date (today without one): the sum of the adjustments effective by then
(every quota is set by adjustments, rule 4; a scheduled one counts from its day, rule 15). With a
cut-off date 实有 is the records in establishment that day; leadership and departments are as
they stand now.
"""

from collections import defaultdict

from django.db.models import Case, Count, Q, Sum, Value, When

from bianzhi import access
from bianzhi.excel.writer import A3, INTEGER, UNIT_WIDTH, Column, Subtotals, column
from bianzhi.ledgers import Ledger, Prepared, register
from orgs.choices import Level, Sector, Status, System, kind_label
from orgs.filtersets import InstitutionFilterSet
from orgs.ledgers import FakeRequest, LedgerFilters, query_dict
from orgs.models import Institution, InternalDepartment
from orgs.tables import InstitutionTable

from .. import occupancy
from ..choices import EstablishmentType, FundingForm, PostKind
from ..models import AdjustmentLine, LeadershipQuota, QuotaLine
from ..pool_figures import special_institution_figures
from .common import FUNDING, label, labels, numbered, serial_column
from .holders import leadership_figures

LEVEL = labels(Level)
SYSTEM = labels(System)
SECTOR = labels(Sector)
STATUS = labels(Status)
FIGURES = (("approved", "核定"), ("occupied", "实有"), ("vacancy", "空编"), ("over", "超编"))
# The blocks of figures: (establishment type, funding form) and the group header; 事业编制 is
# one quota line per funding form.
BLOCKS = [
    ((kind.value, form), str(kind.label) if not form else f"{kind.label}（{FUNDING[form]}）")
    for kind in EstablishmentType
    for form in (FundingForm.values if kind == EstablishmentType.PUBLIC else [""])
]
TOTAL = "total"
# 领导职数: (post kind, header) under the unit's and the departments' groups.
LEADERSHIP_GROUPS = (
    ("领导职数（单位）", ((PostKind.UNIT_HEAD, "正职"), (PostKind.UNIT_DEPUTY, "副职"))),
    (
        "领导职数（内设机构）",
        ((PostKind.DEPARTMENT_HEAD, "正职"), (PostKind.DEPARTMENT_DEPUTY, "副职")),
    ),
)
EMPTY = {"approved": 0, "occupied": 0}
SYSTEM_ORDER = Case(
    *(When(system=system, then=Value(index)) for index, system in enumerate(System)),
    default=Value(len(System)),
)


def _figure(block, figure: str):
    return lambda row: row["figures"][block][figure]


def _count_column(header, value, key, group=None, width=6) -> Column:
    return Column(header, value, kind=INTEGER, width=width, group=group, total=True, key=key)


def _leadership_columns() -> list[Column]:
    columns = []
    for group, posts in LEADERSHIP_GROUPS:
        for kind, post in posts:
            for figure, header in (("approved", "核定"), ("filled", "实配")):
                columns.append(
                    _count_column(
                        f"{post}{header}",
                        lambda row, kind=kind, figure=figure: row["leaders"][figure].get(kind, 0),
                        f"leaders_{kind}_{figure}",
                        group,
                        width=7,
                    )
                )
    columns += [
        _count_column("合计核定", lambda row: row["leaders_approved"], "leaders_approved", width=8),
        _count_column("合计实配", lambda row: row["leaders_filled"], "leaders_filled", width=8),
        _count_column("缺配", lambda row: row["leaders_gaps"][0], "leaders_shortfall"),
        _count_column("超配", lambda row: row["leaders_gaps"][1], "leaders_excess"),
    ]
    return columns


@register
class InstitutionsLedger(Ledger):
    kind = "institutions"
    title = "机构编制台账"
    table_class = InstitutionTable
    list_url_name = "orgs:institution_list"
    frozen_columns = 2
    paper = A3
    empty_text = "无符合条件的机构"
    subtotals = Subtotals(group=label(SYSTEM, "system"), label="{group}系统小计")

    def columns(self, user, params=None) -> list[Column]:
        columns = [
            serial_column(),
            column("单位", "full_name", width=UNIT_WIDTH),
            column("主管部门", "parent__full_name", width=16, key="parent"),
            column("行政区划", "region__name", width=10, key="region"),
            Column(
                "单位类型", lambda row: kind_label(row["kind"], row["system"]), width=14, key="kind"
            ),
            Column("系统类别", label(SYSTEM, "system"), width=10, key="system"),
            Column("规格", label(LEVEL, "level"), width=8, key="level"),
            Column("领域", label(SECTOR, "sector"), width=8, key="sector"),
            Column("经费形式", lambda row: row["funding"], width=12),
        ]
        for block, group in [*BLOCKS, ((TOTAL, ""), "合计")]:
            for figure, header in FIGURES:
                key = "_".join(part for part in (*block, figure) if part)
                columns.append(
                    _count_column(header, _figure(block, figure), key, group=group, width=5)
                )
        columns += _leadership_columns()
        columns += [
            _count_column("内设机构数", lambda row: row["departments"], "departments", width=8),
            Column("状态", label(STATUS, "status"), width=6, key="status"),
        ]
        # 高层次人才专项编制 (rule 27: 专编), last and apart from the blocks: it never fills their
        # 空编 nor hides their 超编.
        columns += [
            _count_column("专编核定", lambda row: row["special"], "special", width=10),
            _count_column(
                "专编实有", lambda row: row["special_holders"], "special_holders", width=10
            ),
        ]
        return columns

    def prepare(self, user, params) -> Prepared:
        params = query_dict(params)
        filters = LedgerFilters.parse(user, params)
        filterset = InstitutionFilterSet(
            params,
            queryset=access.restrict(Institution.objects.all(), user),
            request=FakeRequest(user),
        )
        institutions = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        institutions = filters.apply_scoped(institutions).order_by(
            SYSTEM_ORDER, "region__code", "sort_order", "full_name", "pk"
        )
        figures = _figures(institutions, filters.as_of, filters.as_of_given)
        leaders = leadership_figures(LeadershipQuota.objects.filter(institution__in=institutions))
        specials = special_institution_figures(institutions, filters.as_of)
        departments = dict(
            InternalDepartment.objects.filter(institution__in=institutions, status=Status.ACTIVE)
            .order_by()
            .values_list("institution_id")
            .annotate(n=Count("pk"))
        )

        def rows():
            for row in institutions.values(
                "pk",
                "full_name",
                "parent__full_name",
                "region__name",
                "kind",
                "system",
                "level",
                "sector",
                "status",
            ):
                pk = row["pk"]
                mine = figures["lines"].get(pk, {})
                row["figures"] = blocks = {
                    block: _with_vacancy(mine.get(block, EMPTY)) for block, _ in BLOCKS
                }
                blocks[(TOTAL, "")] = {
                    figure: sum(block[figure] for block in blocks.values()) for figure, _ in FIGURES
                }
                row["funding"] = "、".join(
                    FUNDING[form] for form in sorted(figures["funding"].get(pk, ())) if form
                )
                approved, filled = leaders["approved"][pk], leaders["filled"][pk]
                row["leaders"] = {"approved": approved, "filled": filled}
                row["leaders_approved"] = sum(approved.values())
                row["leaders_filled"] = sum(filled.values())
                row["leaders_gaps"] = leaders["gaps"][pk]
                row["departments"] = departments.get(pk, 0)
                row["special"], row["special_holders"] = specials.get(pk, (0, 0))
                yield row

        return Prepared(filters.subtitle(user), numbered(rows()), count=None)


def _with_vacancy(figures: dict) -> dict:
    approved, occupied = figures["approved"], figures["occupied"]
    return {
        "approved": approved,
        "occupied": occupied,
        "vacancy": max(approved - occupied, 0),
        "over": max(occupied - approved, 0),
    }


def _figures(institutions, day, dated_records: bool) -> dict:
    """H and A per institution and (type, funding form), and the funding forms of each
    institution's lines."""
    lines: dict = defaultdict(lambda: defaultdict(lambda: {"approved": 0, "occupied": 0}))
    funding: dict = defaultdict(set)
    for pk, form in (
        QuotaLine.objects.filter(institution__in=institutions)
        .order_by()
        .values_list("institution_id", "funding_form")
    ):
        funding[pk].add(form)
    approved = (
        AdjustmentLine.objects.filter(
            institution__in=institutions, adjustment__effective_on__lte=day
        )
        .order_by()
        .values_list("institution_id", "establishment_type", "funding_form")
        .annotate(n=Sum("delta"))
    )
    for pk, kind, form, n in approved:
        lines[pk][(kind, form)]["approved"] = n or 0
    records = occupancy.records().filter(quota_line__institution__in=institutions)
    if not dated_records:
        records = occupancy.active_records(records)
    else:
        records = records.filter(
            Q(entry_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day)),
            **{f"{occupancy.SPECIAL_QUOTA_OF_RECORD}__isnull": True},
        )
    for pk, kind, form, n in (
        records.order_by()
        .values_list(
            "quota_line__institution_id",
            "quota_line__establishment_type",
            "quota_line__funding_form",
        )
        .annotate(n=Count("pk"))
    ):
        lines[pk][(kind, form)]["occupied"] = n
    return {"lines": lines, "funding": funding}
