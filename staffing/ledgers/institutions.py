"""机构编制台账: one row per institution, per establishment type 核定 / 实有 / 空编 / 超编 (rule 1,
never summed across types), 领导职数 核定 / 实配 and 内设机构数.

Six grouped queries whatever the number of institutions: the institutions, approved counts,
occupied counts, leadership approved and filled, departments. 核定 is the quota in force on the
cut-off date (today without one): the sum of the adjustments effective by then (every quota is
set by adjustments, rule 4; a scheduled one counts from its day, rule 15). With a cut-off date 实有
is the records in establishment that day; leadership and departments are as they stand now.
"""

from collections import defaultdict

from django.db.models import Count, Q, Sum

from bianzhi import access
from bianzhi.excel.writer import A3, INTEGER, UNIT_WIDTH, Column, column
from bianzhi.ledgers import Ledger, Prepared, register
from orgs.choices import Level, Sector, Status, System, kind_label
from orgs.filtersets import InstitutionFilterSet
from orgs.ledgers import FakeRequest, LedgerFilters, query_dict
from orgs.models import Institution, InternalDepartment
from orgs.tables import InstitutionTable

from .. import occupancy
from ..choices import EstablishmentType
from ..models import AdjustmentLine, LeadershipQuota, QuotaLine
from .common import FUNDING, label, labels, numbered, serial_column

LEVEL = labels(Level)
SYSTEM = labels(System)
SECTOR = labels(Sector)
STATUS = labels(Status)
FIGURES = (("approved", "核定"), ("occupied", "实有"), ("vacancy", "空编"), ("over", "超编"))


def _figure(kind: str, figure: str):
    return lambda row: row["figures"][kind][figure]


@register
class InstitutionsLedger(Ledger):
    kind = "institutions"
    title = "机构编制台账"
    table_class = InstitutionTable
    list_url_name = "orgs:institution_list"
    frozen_columns = 2
    paper = A3
    empty_text = "无符合条件的机构"

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
        for kind in EstablishmentType:
            for figure, header in FIGURES:
                columns.append(
                    Column(
                        header,
                        _figure(kind, figure),
                        kind=INTEGER,
                        width=5,
                        group=str(kind.label),
                        total=True,
                        key=f"{kind}_{figure}",
                    )
                )
        columns += [
            Column(
                "核定",
                lambda row: row["leaders_approved"],
                kind=INTEGER,
                width=6,
                group="领导职数",
                total=True,
                key="leaders_approved",
            ),
            Column(
                "实配",
                lambda row: row["leaders_filled"],
                kind=INTEGER,
                width=6,
                group="领导职数",
                total=True,
                key="leaders_filled",
            ),
            Column(
                "内设机构数",
                lambda row: row["departments"],
                kind=INTEGER,
                width=8,
                total=True,
                key="departments",
            ),
            Column("状态", label(STATUS, "status"), width=6, key="status"),
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
            "region__code", "sort_order", "full_name", "pk"
        )
        figures = _figures(institutions, filters.as_of, filters.as_of_given)
        leaders = _leadership(institutions)
        departments = dict(
            InternalDepartment.objects.filter(institution__in=institutions, status=Status.ACTIVE)
            .order_by()
            .values_list("institution_id")
            .annotate(n=Count("pk"))
        )
        empty = {"approved": 0, "occupied": 0}

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
                row["figures"] = {
                    kind: _with_vacancy(mine.get(kind, empty)) for kind in EstablishmentType
                }
                row["funding"] = "、".join(
                    FUNDING[form] for form in sorted(figures["funding"].get(pk, ())) if form
                )
                row["leaders_approved"], row["leaders_filled"] = leaders.get(pk, (0, 0))
                row["departments"] = departments.get(pk, 0)
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
    """H and A per institution and type, and the funding forms of each institution's lines."""
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
        .values_list("institution_id", "establishment_type")
        .annotate(n=Sum("delta"))
    )
    for pk, kind, n in approved:
        lines[pk][kind]["approved"] = n or 0
    records = occupancy.records().filter(quota_line__institution__in=institutions)
    if not dated_records:
        records = occupancy.active_records(records)
    else:
        records = records.filter(
            Q(entry_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))
        )
    for pk, kind, n in (
        records.order_by()
        .values_list("quota_line__institution_id", "quota_line__establishment_type")
        .annotate(n=Count("pk"))
    ):
        lines[pk][kind]["occupied"] = n
    return {"lines": lines, "funding": funding}


def _leadership(institutions) -> dict:
    approved = dict(
        LeadershipQuota.objects.filter(institution__in=institutions)
        .order_by()
        .values_list("institution_id")
        .annotate(n=Sum("approved"))
    )
    filled = dict(
        occupancy.counting_appointments()
        .filter(quota__institution__in=institutions)
        .order_by()
        .values_list("quota__institution_id")
        .annotate(n=Count("pk"))
    )
    return {pk: (approved.get(pk, 0), filled.get(pk, 0)) for pk in approved.keys() | filled.keys()}
