"""跟踪问效台账 (rules 40, 41): every follow-up, its score and the 处理意见 with the office's
decision, one query whatever the number of rows, with the list page's filters."""

from bianzhi import access
from bianzhi.excel.writer import A3, CODE, DATE, UNIT_WIDTH, Column, column
from bianzhi.ledgers import CHUNK_SIZE, Ledger, Prepared, register
from orgs.ledgers import FakeRequest, LedgerFilters, query_dict
from staffing.ledgers.common import label, labels, numbered, serial_column

from .choices import FollowUpStatus, MatterKind, ProposalKind, ProposalState, Stage
from .filtersets import FollowUpFilterSet
from .models import FollowUp
from .tables import FollowUpTable

MATTER = labels(MatterKind)
STAGE = labels(Stage)
STATUS = labels(FollowUpStatus)
PROPOSAL = labels(ProposalKind)
DECISION = labels(ProposalState)


def score(row) -> str:
    return "" if row["total"] is None else f"{row['total']:.1f}"


@register
class FollowUpsLedger(Ledger):
    kind = "followups"
    title = "跟踪问效台账"
    table_class = FollowUpTable
    list_url_name = "followups:followup_list"
    frozen_columns = 2
    empty_text = "无跟踪问效事项"
    # Fourteen columns, the matter and the dismissal reason in words: A3 keeps them at 8 pt.
    paper = A3

    def columns(self, user, params=None) -> list[Column]:
        return [
            serial_column(),
            column("单位", "institution__full_name", width=UNIT_WIDTH, key="institution"),
            Column("事项类别", label(MATTER, "matter_kind"), width=10, key="matter_kind"),
            column("批复事项", "matter", width=30),
            column("批复日期", "approved_on", kind=DATE, width=10.5),
            Column("问效节点", label(STAGE, "stage"), width=10, key="stage"),
            column("应问效日期", "due_on", kind=DATE, width=10.5),
            Column("问效状态", label(STATUS, "status"), width=8, key="status"),
            column("问效日期", "concluded_on", kind=DATE, width=10.5),
            Column("综合得分", score, width=8, key="total"),
            Column("处理意见", label(PROPOSAL, "proposal__kind"), width=10, key="proposal"),
            Column("处理结果", label(DECISION, "proposal__state"), width=8),
            column("文号", "proposal__adjustment__document__number", kind=CODE, width=18),
            column("不予采纳理由", "proposal__dismiss_reason", width=20),
        ]

    def prepare(self, user, params) -> Prepared:
        params = query_dict(params)
        filters = LedgerFilters.parse(user, params)
        filterset = FollowUpFilterSet(
            params,
            queryset=access.restrict(FollowUp.objects.all(), user),
            request=FakeRequest(user),
        )
        follow_ups = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        follow_ups = filters.apply_scoped(follow_ups.filter(approved_on__lte=filters.as_of))
        follow_ups = follow_ups.order_by("due_on", "institution__sort_order", "pk")
        rows = follow_ups.values(
            "institution__full_name",
            "matter_kind",
            "matter",
            "approved_on",
            "stage",
            "due_on",
            "status",
            "concluded_on",
            "total",
            "proposal__kind",
            "proposal__state",
            "proposal__adjustment__document__number",
            "proposal__dismiss_reason",
        ).iterator(chunk_size=CHUNK_SIZE)
        return Prepared(filters.subtitle(user), numbered(rows), count=follow_ups.count())
