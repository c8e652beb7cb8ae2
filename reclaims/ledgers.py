"""空编收回台账 (rule 25): every proposal and the office's decision on it, one query whatever the
number of rows, with the list page's filters."""

from bianzhi import access
from bianzhi.excel.writer import CODE, DATE, INTEGER, UNIT_WIDTH, Column, column
from bianzhi.ledgers import CHUNK_SIZE, Ledger, Prepared, register
from orgs.ledgers import FakeRequest, LedgerFilters, query_dict
from staffing.ledgers.common import label, labels, numbered, serial_column, type_label

from .choices import ReclaimState, ReclaimTrigger
from .filtersets import ReclaimProposalFilterSet
from .models import ReclaimProposal
from .tables import ReclaimProposalTable

TRIGGER = labels(ReclaimTrigger)
STATE = labels(ReclaimState)


def decided_by(row) -> str:
    if not row["decided_by__username"]:
        return ""
    name = f"{row['decided_by__first_name']} {row['decided_by__last_name']}".strip()
    return name or row["decided_by__username"]


@register
class ReclaimsLedger(Ledger):
    kind = "reclaims"
    title = "空编收回台账"
    table_class = ReclaimProposalTable
    list_url_name = "reclaims:proposal_list"
    frozen_columns = 2
    empty_text = "无空编收回建议"

    def columns(self, user, params=None) -> list[Column]:
        return [
            serial_column(),
            column(
                "单位", "quota_line__institution__full_name", width=UNIT_WIDTH, key="institution"
            ),
            Column(
                "编制类型",
                lambda row: type_label(
                    row, "quota_line__establishment_type", "quota_line__funding_form"
                ),
                width=14,
                key="quota_line",
            ),
            Column("触发原因", label(TRIGGER, "trigger"), width=12, key="trigger"),
            column("空编起始", "vacant_since", kind=DATE, width=10.5),
            column("建议收回数", "vacancy", kind=INTEGER, width=8, total=True),
            column("发现日期", "detected_on", kind=DATE, width=10.5),
            Column("处理结果", label(STATE, "state"), width=8, key="state"),
            column("收回数", "reclaimed", kind=INTEGER, width=8, total=True),
            column("文号", "adjustment__document__number", kind=CODE, width=18, key="document"),
            Column("处理人", decided_by, width=8, key="decided_by"),
            column("处理日期", "decided_on", kind=DATE, width=10.5),
            column("保留理由", "keep_reason", width=20),
        ]

    def prepare(self, user, params) -> Prepared:
        params = query_dict(params)
        filters = LedgerFilters.parse(user, params)
        filterset = ReclaimProposalFilterSet(
            params,
            queryset=access.restrict(ReclaimProposal.objects.all(), user),
            request=FakeRequest(user),
        )
        proposals = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        proposals = filters.apply_scoped(proposals.filter(detected_on__lte=filters.as_of))
        proposals = proposals.order_by("quota_line__institution__sort_order", "detected_on", "pk")
        rows = proposals.values(
            "quota_line__institution__full_name",
            "quota_line__establishment_type",
            "quota_line__funding_form",
            "trigger",
            "vacant_since",
            "vacancy",
            "detected_on",
            "state",
            "reclaimed",
            "adjustment__document__number",
            "decided_by__username",
            "decided_by__first_name",
            "decided_by__last_name",
            "decided_on",
            "keep_reason",
        ).iterator(chunk_size=CHUNK_SIZE)
        return Prepared(filters.subtitle(user), numbered(rows), count=proposals.count())
