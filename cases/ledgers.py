"""违规案件台账 (rules 34, 35): every case of the scope with its handling, deadline, findings,
responsible persons and feedback, one query whatever the number of rows, with the list page's
filters. The reporter is never in it: the query does not even read those columns."""

import datetime

from django.db.models import Count
from django.utils import timezone

from bianzhi import access
from bianzhi.excel.writer import A3, CODE, DATE, INTEGER, UNIT_WIDTH, Column, column
from bianzhi.ledgers import CHUNK_SIZE, Ledger, Prepared, register
from orgs.ledgers import FakeRequest, LedgerFilters, query_dict
from staffing.ledgers.common import label, labels, numbered, serial_column

from .choices import CaseState, Category, Channel, Conclusion, FeedbackMethod
from .filtersets import CaseFilterSet
from .models import Case
from .problems import with_problem_counts
from .tables import CaseTable

CHANNEL = labels(Channel)
CATEGORY = labels(Category)
STATE = labels(CaseState)
CONCLUSION = {"": "", **labels(Conclusion)}
FEEDBACK = {"": "", **labels(FeedbackMethod)}

# Exactly what the ledger reads of a case: no reporter column.
FIELDS = (
    "number",
    "received_on",
    "channel",
    "referred_by",
    "institution__full_name",
    "category",
    "summary",
    "handler__username",
    "handler__first_name",
    "handler__last_name",
    "assigned_on",
    "due_on",
    "state",
    "conclusion",
    "concluded_on",
    "responsible_count",
    "problem_count",
    "feedback_on",
    "feedback_method",
    "closed_on",
)


def handler(row) -> str:
    if not row["handler__username"]:
        return ""
    name = f"{row['handler__first_name']} {row['handler__last_name']}".strip()
    return name or row["handler__username"]


def overdue_days(today: datetime.date):
    def days(row) -> int | None:
        end = row["closed_on"] or today
        late = (end - row["due_on"]).days
        return late if late > 0 else None

    return days


@register
class CasesLedger(Ledger):
    kind = "cases"
    title = "违规案件台账"
    table_class = CaseTable
    list_url_name = "cases:case_list"
    frozen_columns = 2
    # Twenty columns: landscape A3 keeps them on one page's width at 8 pt or more.
    paper = A3
    empty_text = "无违规案件"
    permission = access.Permission(access.OFFICE_ROLES)

    def columns(self, user, params=None) -> list[Column]:
        today = timezone.localdate()
        return [
            serial_column(),
            column("案件编号", "number", kind=CODE, width=18),
            column("受理日期", "received_on", kind=DATE, width=10.5),
            Column("举报渠道", label(CHANNEL, "channel"), width=10, key="channel"),
            column("转办单位", "referred_by", width=14),
            column("被举报单位", "institution__full_name", width=UNIT_WIDTH, key="institution"),
            Column("违规类型", label(CATEGORY, "category"), width=14, key="category"),
            column("举报事项", "summary", width=24),
            Column("承办人", handler, width=8, key="handler"),
            column("分办日期", "assigned_on", kind=DATE, width=10.5),
            column("办理期限", "due_on", kind=DATE, width=10.5),
            Column("办理状态", label(STATE, "state"), width=8, key="state"),
            Column("逾期天数", overdue_days(today), kind=INTEGER, width=8, key="overdue"),
            Column("调查结论", label(CONCLUSION, "conclusion"), width=8, key="conclusion"),
            column("查结日期", "concluded_on", kind=DATE, width=10.5),
            column("责任人员数", "responsible_count", kind=INTEGER, width=8, total=True),
            column("整改问题数", "problem_count", kind=INTEGER, width=8, total=True),
            column("反馈日期", "feedback_on", kind=DATE, width=10.5),
            Column("反馈方式", label(FEEDBACK, "feedback_method"), width=8, key="feedback_method"),
            column("办结日期", "closed_on", kind=DATE, width=10.5),
        ]

    def prepare(self, user, params) -> Prepared:
        params = query_dict(params)
        filters = LedgerFilters.parse(user, params)
        filterset = CaseFilterSet(
            params,
            queryset=access.restrict(Case.objects.all(), user, access.Action.EXPORT),
            request=FakeRequest(user),
        )
        cases = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        cases = filters.apply_scoped(cases.filter(received_on__lte=filters.as_of))
        if filters.institution is not None:
            cases = cases.filter(institution__in=filters.institution.subtree_ids())
        rows = (
            with_problem_counts(cases.annotate(responsible_count=Count("responsible")))
            .order_by("year", "serial", "pk")
            .values(*FIELDS)
            .iterator(chunk_size=CHUNK_SIZE)
        )
        return Prepared(filters.subtitle(user), numbered(rows), count=cases.count())
