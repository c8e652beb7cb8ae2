"""评估考核结果台账 and 等次名单 (rules 38–39): every evaluation in scope with its totals, rank
and grade; and one round's grade list for 组织、人社、财政 (四挂钩). One query whatever the rows."""

from decimal import Decimal

from bianzhi import access
from bianzhi.excel.writer import DATE, INTEGER, TEXT, UNIT_WIDTH, Column, column
from bianzhi.ledgers import CHUNK_SIZE, Ledger, LedgerError, Prepared, register
from orgs.ledgers import FakeRequest, LedgerFilters, query_dict
from staffing.ledgers.common import label, labels, numbered, serial_column

from .choices import EvaluationStatus, Grade, SchemeUse
from .filtersets import EvaluationFilterSet
from .models import Evaluation, Round
from .tables import EvaluationTable

USE = labels(SchemeUse)
STATUS = labels(EvaluationStatus)
GRADE = labels(Grade)
ROUND_NOT_FOUND = "没有编号为 %(pk)s 的评估考核批次。"
NO_GRADED_ROUND = "尚无确定等次的评估考核批次。"
GRADED = (EvaluationStatus.FINISHED, EvaluationStatus.PUBLISHED)


def points(field: str):
    def value(row):
        figure = row[field]
        return "" if figure is None else f"{Decimal(figure):.2f}"

    return value


FIELDS = (
    "institution__full_name",
    "institution__parent__full_name",
    "scheme__use",
    "scheme__name",
    "round__name",
    "category__name",
    "status",
    "self_total",
    "total",
    "rank",
    "grade",
    "finished_on",
    "feedback",
)


@register
class AssessmentResultsLedger(Ledger):
    kind = "assessment_results"
    title = "评估考核结果台账"
    table_class = EvaluationTable
    list_url_name = "assessments:evaluation_list"
    frozen_columns = 2
    empty_text = "无评估考核"

    def columns(self, user, params=None) -> list[Column]:
        return [
            serial_column(),
            column("单位", "institution__full_name", width=UNIT_WIDTH, key="institution"),
            Column("用途", label(USE, "scheme__use"), width=12, key="use"),
            column("批次", "round__name", width=20, key="round"),
            column("考评类别", "category__name", width=10, key="category"),
            Column("状态", label(STATUS, "status"), width=9, key="status"),
            Column(
                "自评得分", points("self_total"), kind=TEXT, width=8, wrap=False, key="self_total"
            ),
            Column("评估得分", points("total"), kind=TEXT, width=8, wrap=False, key="total"),
            column("排名", "rank", kind=INTEGER, width=6),
            Column("等次", label(GRADE, "grade"), width=10, key="grade"),
            column("评分日期", "finished_on", kind=DATE, width=10.5),
            column("评估意见", "feedback", width=30),
        ]

    def prepare(self, user, params) -> Prepared:
        params = query_dict(params)
        filters = LedgerFilters.parse(user, params)
        filterset = EvaluationFilterSet(
            params,
            queryset=access.restrict(Evaluation.objects.all(), user),
            request=FakeRequest(user),
        )
        evaluations = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        evaluations = filters.apply_scoped(evaluations).order_by(
            "-scheme__year", "round", "category", "rank", "institution__sort_order", "pk"
        )
        rows = evaluations.values(*FIELDS).iterator(chunk_size=CHUNK_SIZE)
        return Prepared(filters.subtitle(user), numbered(rows), count=evaluations.count())


@register
class GradeListLedger(Ledger):
    """等次名单: the graded units of one round (``round``), by category and rank — what the
    office sends to 组织、人社、财政 for 干部使用、评先树优、绩效工资 and 机构编制调整."""

    kind = "assessment_grades"
    title = "评估考核等次名单"
    frozen_columns = 2
    landscape = False
    empty_text = "该批次尚无确定等次的单位"
    permission = access.REGION_FIGURES

    def columns(self, user, params=None) -> list[Column]:
        return [
            serial_column(),
            column("单位", "institution__full_name", width=UNIT_WIDTH),
            column("主管部门", "institution__parent__full_name", width=20),
            column("考评类别", "category__name", width=10),
            Column("得分", points("total"), kind=TEXT, width=8, wrap=False),
            column("排名", "rank", kind=INTEGER, width=6),
            Column("等次", label(GRADE, "grade"), width=10, tally=True),
        ]

    def prepare(self, user, params) -> Prepared:
        params = query_dict(params)
        filters = LedgerFilters.parse(user, params)
        pk = str(params.get("round") or "").strip()
        rounds = access.restrict(Round.objects.all(), user)
        if pk:
            round = rounds.filter(pk=int(pk)).first() if pk.isdigit() else None
            if round is None:
                raise LedgerError(ROUND_NOT_FOUND % {"pk": pk})
        else:
            # Without a round: the latest with grades, what the partners ask for.
            round = (
                rounds.filter(evaluations__status__in=GRADED)
                .exclude(evaluations__grade="")
                .order_by("-started_on", "-pk")
                .first()
            )
            if round is None:
                raise LedgerError(NO_GRADED_ROUND)
        evaluations = access.restrict(Evaluation.objects.all(), user).filter(
            round=round, status__in=GRADED
        )
        evaluations = evaluations.exclude(grade="").order_by(
            "category", "rank", "institution__sort_order", "pk"
        )
        rows = evaluations.values(*FIELDS).iterator(chunk_size=CHUNK_SIZE)
        subtitle = filters.subtitle(user, extra=f"批次：{round.name}")
        return Prepared(subtitle, numbered(rows), count=evaluations.count())
