"""编制调整台账, 用编台账 and 超编单位台账: one query (or two) whatever the number of rows."""

from collections import defaultdict

from django.db.models import F, OuterRef, Q

from bianzhi import access
from bianzhi.excel.writer import CODE, DATE, INTEGER, UNIT_WIDTH, Column, column
from bianzhi.ledgers import CHUNK_SIZE, Ledger, Prepared, cn_date, parse_date, register
from orgs.choices import Status
from orgs.ledgers import FakeRequest, LedgerFilters, query_dict

from .. import occupancy
from ..choices import PermitStatus
from ..filtersets import AdjustmentFilterSet, PermitFilterSet
from ..models import Adjustment, AdjustmentLine, QuotaLine, UsagePermit
from ..selectors import _count, with_figures
from ..tables import AdjustmentTable, PermitTable
from .common import (
    ADJUSTMENT_KIND,
    PERMIT_STATUS,
    PURPOSE,
    PUSH_DOWN,
    label,
    numbered,
    serial_column,
    type_label,
)

POOL = "编制周转池"


@register
class AdjustmentsLedger(Ledger):
    """编制调整台账: one row per line of every adjustment effective by the cut-off date."""

    kind = "adjustments"
    title = "编制调整台账"
    table_class = AdjustmentTable
    list_url_name = "staffing:adjustment_list"
    frozen_columns = 3
    empty_text = "本期无编制调整"

    def columns(self, user, params=None) -> list[Column]:
        group = "调整明细"
        return [
            serial_column(),
            column("日期", "adjustment__effective_on", kind=DATE, width=12, key="effective_on"),
            column("文号", "adjustment__document__number", kind=CODE, width=22, key="document"),
            column("事项", "adjustment__summary", width=30, key="summary"),
            Column("类别", label(ADJUSTMENT_KIND, "adjustment__kind"), width=10, key="kind"),
            Column(
                "单位",
                lambda row: row["institution__full_name"] or POOL,
                width=UNIT_WIDTH,
                group=group,
                key="institution",
            ),
            Column("编制类型", type_label, width=18, group=group, key="establishment_type"),
            column("调整前", "approved_before", kind=INTEGER, width=8, group=group),
            Column(
                "调整数",
                lambda row: row["delta"],
                kind=INTEGER,
                width=8,
                group=group,
                total=True,
                key="lines",
            ),
            column("调整后", "approved_after", kind=INTEGER, width=8, group=group),
            Column(
                "编制下沉", label(PUSH_DOWN, "adjustment__push_down"), width=10, key="push_down"
            ),
        ]

    def prepare(self, user, params) -> Prepared:
        params = query_dict(params)
        filters = LedgerFilters.parse(user, params)
        filterset = AdjustmentFilterSet(
            params,
            queryset=access.restrict(Adjustment.objects.all(), user),
            request=FakeRequest(user),
        )
        adjustments = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        lines = access.restrict(AdjustmentLine.objects.all(), user).filter(
            adjustment__in=adjustments.values("pk"),
            adjustment__effective_on__lte=filters.as_of,
        )
        lines = filters.apply_scoped(lines).order_by(
            "adjustment__effective_on", "adjustment_id", "pk"
        )
        rows = lines.values(
            "adjustment__effective_on",
            "adjustment__document__number",
            "adjustment__summary",
            "adjustment__kind",
            "adjustment__push_down",
            "institution__full_name",
            "establishment_type",
            "funding_form",
            "approved_before",
            "delta",
            "approved_after",
        ).iterator(chunk_size=CHUNK_SIZE)
        return Prepared(filters.subtitle(user), numbered(rows), count=lines.count())


USED_UP = "已用完"
IN_USE = "使用中"
CONCLUDED = "已办结"


def progress_label(row) -> str:
    """办理情况: 已用完 once every slot is used (whatever the status), 已办结 when cancelled or
    expired with slots unused, else 使用中."""
    if row["remaining"] <= 0:
        return USED_UP
    return IN_USE if row["status"] == PermitStatus.OPEN else CONCLUDED


@register
class PermitsLedger(Ledger):
    """用编台账: every permit issued by the cut-off date, its use and who used it."""

    kind = "permits"
    title = "用编台账"
    table_class = PermitTable
    list_url_name = "staffing:permit_list"
    frozen_columns = 2
    empty_text = "无用编核准"

    def columns(self, user, params=None) -> list[Column]:
        return [
            serial_column(),
            column("通知单编号", "number", kind=CODE, width=14),
            column(
                "单位", "quota_line__institution__full_name", width=UNIT_WIDTH, key="institution"
            ),
            Column(
                "编制类型",
                lambda row: type_label(
                    row, "quota_line__establishment_type", "quota_line__funding_form"
                ),
                width=18,
                key="quota_line",
            ),
            column("核准数", "count", kind=INTEGER, width=8, total=True),
            Column("用途", label(PURPOSE, "purpose"), width=10, key="purpose"),
            column("核准日期", "issued_on", kind=DATE),
            column("有效期至", "expires_on", kind=DATE),
            column("已使用", "used", kind=INTEGER, width=8, total=True),
            column("剩余", "remaining", kind=INTEGER, width=8, total=True),
            Column("使用人", lambda row: "、".join(row["users"]), width=18, key="users"),
            Column("状态", label(PERMIT_STATUS, "status"), width=8, key="status"),
            Column("办理情况", progress_label, width=10),
        ]

    def prepare(self, user, params) -> Prepared:
        params = query_dict(params)
        filters = LedgerFilters.parse(user, params)
        filterset = PermitFilterSet(
            params,
            queryset=access.restrict(UsagePermit.objects.all(), user),
            request=FakeRequest(user),
        )
        permits = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        permits = filters.apply_scoped(permits).filter(issued_on__lte=filters.as_of)
        used = _count(occupancy.records().filter(permit=OuterRef("pk")), "permit")
        permits = permits.annotate(used=used, remaining=F("count") - used).order_by(
            "-issued_on", "-pk"
        )
        users = defaultdict(list)
        for permit_id, name in (
            occupancy.records()
            .filter(permit__in=permits.values("pk"))
            .order_by("permit_id", "entry_on", "pk")
            .values_list("permit_id", "person__name")
        ):
            users[permit_id].append(name)

        def rows():
            for row in permits.values(
                "pk",
                "number",
                "quota_line__institution__full_name",
                "quota_line__establishment_type",
                "quota_line__funding_form",
                "count",
                "purpose",
                "issued_on",
                "expires_on",
                "used",
                "remaining",
                "status",
            ).iterator(chunk_size=CHUNK_SIZE):
                row["users"] = users.get(row["pk"], ())
                yield row

        return Prepared(filters.subtitle(user), numbered(rows()), count=None)


@register
class OverEstablishedLedger(Ledger):
    """超编单位台账: quota lines with more people than approved, the recorded reason, and how many
    left in the period (``since``, by default 1 January of the cut-off year, to the cut-off)."""

    kind = "over_established"
    title = "超编单位台账"
    list_url_name = "staffing:region_totals"
    frozen_columns = 2
    empty_text = "无超编单位"

    def columns(self, user, params=None) -> list[Column]:
        return [
            serial_column(),
            column("单位", "institution__full_name", width=UNIT_WIDTH),
            Column("编制类型", type_label, width=18),
            column("核定", "in_force", kind=INTEGER, width=8, total=True, key="approved"),
            column("实有", "occupied", kind=INTEGER, width=8, total=True),
            column("超编数", "over", kind=INTEGER, width=8, total=True),
            column("原因", "over_establishment_reason", width=30),
            column("消化措施", "over_establishment_measures", width=30),
            column("消化时限", "over_establishment_deadline", kind=DATE, width=12),
            column("本期减少", "left", kind=INTEGER, width=10, total=True),
        ]

    def prepare(self, user, params) -> Prepared:
        params = query_dict(params)
        filters = LedgerFilters.parse(user, params)
        since = parse_date(params.get("since")) or filters.as_of.replace(month=1, day=1)
        lines = filters.apply_scoped(access.restrict(QuotaLine.objects.all(), user)).filter(
            institution__status=Status.ACTIVE
        )
        left = _count(
            occupancy.records().filter(
                Q(quota_line=OuterRef("pk"), ended_on__gte=since, ended_on__lte=filters.as_of)
            ),
            "quota_line",
        )
        lines = (
            with_figures(lines)
            .filter(over__gt=0)
            .annotate(left=left)
            .order_by("-over", "institution__sort_order", "institution__full_name", "pk")
        )
        rows = lines.values(
            "institution__full_name",
            "establishment_type",
            "funding_form",
            "in_force",
            "occupied",
            "over",
            "over_establishment_reason",
            "over_establishment_measures",
            "over_establishment_deadline",
            "left",
        ).iterator(chunk_size=CHUNK_SIZE)
        extra = f"本期：{cn_date(since)} 至 {cn_date(filters.as_of)}"
        return Prepared(filters.subtitle(user, extra), numbered(rows), count=None)
