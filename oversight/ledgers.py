"""问题台账 (rules 30–33): every problem with its rectification and 销号, one query whatever the
number of rows, with the list page's filters; and 问题整改统计, the counts by unit and status."""

from bianzhi import access
from bianzhi.excel.writer import A3, DATE, INTEGER, UNIT_WIDTH, Column, column
from bianzhi.ledgers import CHUNK_SIZE, Ledger, Prepared, register
from orgs.ledgers import FakeRequest, LedgerFilters, query_dict
from staffing.ledgers.common import label, labels, numbered, serial_column

from . import selectors
from .choices import AWAITING_UNIT, ProblemSource, ProblemStatus
from .filtersets import ProblemFilterSet
from .models import Problem
from .tables import ProblemTable

SOURCE = labels(ProblemSource)
STATUS = labels(ProblemStatus)


def _filtered(user, params):
    params = query_dict(params)
    filters = LedgerFilters.parse(user, params)
    filterset = ProblemFilterSet(
        params,
        queryset=access.restrict(Problem.objects.all(), user),
        request=FakeRequest(user),
    )
    problems = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    # The unit filter is the list's (the problem's unit or the responsible one).
    problems = filters.apply(problems, region=Problem.scoping.region, institution=None)
    return filters, problems.filter(recorded_on__lte=filters.as_of)


def _status(row) -> str:
    text = STATUS.get(row["status"], row["status"])
    if row["status"] in AWAITING_UNIT and row["deadline"] < row["as_of"]:
        text += "（逾期）"
    return text


def _with_as_of(rows, as_of):
    for row in rows:
        row["as_of"] = as_of
        yield row


@register
class ProblemsLedger(Ledger):
    kind = "problems"
    title = "问题台账"
    table_class = ProblemTable
    list_url_name = "oversight:problem_list"
    frozen_columns = 2
    empty_text = "无问题"
    # Thirteen columns, four of them texts: landscape A3, as the roster.
    paper = A3

    def columns(self, user, params=None) -> list[Column]:
        return [
            serial_column(),
            column("问题单位", "institution__full_name", width=22, key="institution"),
            Column("问题来源", label(SOURCE, "source"), width=9, key="source"),
            column("问题描述", "finding", width=30, key="finding"),
            column("整改要求", "requirement", width=24),
            column(
                "责任单位",
                "responsible_institution__full_name",
                width=22,
                key="responsible_institution",
            ),
            column("登记日期", "recorded_on", kind=DATE, width=10.5),
            column("整改期限", "deadline", kind=DATE, width=10.5),
            Column("整改状态", _status, width=11, key="status"),
            column("整改情况", "rectification", width=24),
            column("报送日期", "reported_on", kind=DATE, width=10.5),
            column("核查意见", "verification", width=18),
            column("销号日期", "closed_on", kind=DATE, width=10.5),
        ]

    def prepare(self, user, params) -> Prepared:
        filters, problems = _filtered(user, params)
        problems = problems.order_by("institution__sort_order", "recorded_on", "pk")
        rows = problems.values(
            "institution__full_name",
            "source",
            "finding",
            "requirement",
            "responsible_institution__full_name",
            "recorded_on",
            "deadline",
            "status",
            "rectification",
            "reported_on",
            "verification",
            "closed_on",
        ).iterator(chunk_size=CHUNK_SIZE)
        return Prepared(
            filters.subtitle(user),
            numbered(_with_as_of(rows, filters.as_of)),
            count=problems.count(),
        )


def _count(status):
    return lambda row: row.by_status.get(status, 0)


@register
class ProblemSummaryLedger(Ledger):
    """问题整改统计: per unit, how many problems in each status and how many overdue."""

    kind = "problem_summary"
    title = "问题整改统计表"
    list_url_name = "oversight:problem_summary"
    frozen_columns = 1
    empty_text = "无问题"

    def columns(self, user, params=None) -> list[Column]:
        counts = [
            Column(str(label_), _count(value), kind=INTEGER, width=9, total=True)
            for value, label_ in ProblemStatus.choices
        ]
        return [
            Column("问题单位", lambda row: row.label, width=UNIT_WIDTH, key="institution"),
            *counts,
            Column("合计", lambda row: row.total, kind=INTEGER, width=8, total=True),
            Column("其中逾期", lambda row: row.overdue, kind=INTEGER, width=9, total=True),
        ]

    def prepare(self, user, params) -> Prepared:
        filters, problems = _filtered(user, params)
        summary = selectors.summary(problems, filters.as_of)
        return Prepared(filters.subtitle(user), summary.by_unit, count=len(summary.by_unit))
