"""周转池台账 (borrowings, rule 26) and 高层次人才专项编制台账 (rule 27): the list pages' tables,
one query each whatever the number of rows."""

from bianzhi import access
from bianzhi.excel.writer import DATE, INTEGER, UNIT_WIDTH, Column
from bianzhi.ledgers import Ledger, Prepared, register
from orgs.ledgers import FakeRequest, LedgerFilters, query_dict

from ..choices import PoolPurpose
from ..models import PoolLoan, SpecialQuota
from ..pool_figures import loan_state, loans_with_figures, specials_with_figures
from ..pool_tables import LoanFilterSet, LoanTable, SpecialQuotaFilterSet, SpecialQuotaTable
from .common import serial_column


def _rows(objects, as_of=None):
    for serial, item in enumerate(objects, start=1):
        state = loan_state(item, as_of) if as_of else ""
        yield {"serial": serial, "row": item, "state": state}


def _attr(path: str):
    def read(item):
        value = item["row"]
        for name in path.split("."):
            value = getattr(value, name)
        return value

    return read


def _filtered(filterset_class, model, user, params):
    params = query_dict(params)
    filters = LedgerFilters.parse(user, params)
    filterset = filterset_class(
        params,
        queryset=access.restrict(model.objects.all(), user),
        request=FakeRequest(user),
    )
    objects = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    return filters, filters.apply_scoped(objects)


@register
class PoolLoansLedger(Ledger):
    """周转池台账: every borrowing lent by the cut-off date, its return rule and what came back."""

    kind = "pool_loans"
    title = "周转池台账"
    table_class = LoanTable
    list_url_name = "staffing:loan_list"
    frozen_columns = 3
    empty_text = "无周转池借用"

    def columns(self, user, params=None) -> list[Column]:
        return [
            serial_column(),
            Column(
                "周转池",
                lambda item: PoolPurpose(item["row"].pool.purpose).label,
                width=18,
                key="pool",
            ),
            Column(
                "单位",
                _attr("quota_line.institution.full_name"),
                width=UNIT_WIDTH,
                key="institution",
            ),
            Column("编制类型", _attr("quota_line.type_label"), width=18, key="quota_line"),
            Column("用途", _attr("purpose"), width=24, key="purpose"),
            Column("借出数", _attr("count"), kind=INTEGER, width=8, total=True, key="count"),
            Column("借出日期", _attr("lent_on"), kind=DATE, key="lent_on"),
            Column("归还条件", _attr("return_rule"), width=22, key="return_rule"),
            Column("到期日", _attr("due_on"), kind=DATE, key="due_on"),
            Column("已归还", _attr("returned"), kind=INTEGER, width=8, total=True, key="returned"),
            Column("状态", lambda item: item["state"], width=10, key="state"),
        ]

    def prepare(self, user, params) -> Prepared:
        filters, loans = _filtered(LoanFilterSet, PoolLoan, user, params)
        loans = (
            loans_with_figures(loans.filter(lent_on__lte=filters.as_of))
            .select_related("pool", "quota_line__institution")
            .order_by("-lent_on", "-pk")
        )
        rows = _rows(loans, filters.as_of)
        return Prepared(filters.subtitle(user), rows, count=loans.count())


@register
class SpecialQuotasLedger(Ledger):
    """高层次人才专项编制台账: each special quota, its talent, 核定 and 实有 (rule 27)."""

    kind = "special_quotas"
    title = "高层次人才专项编制台账"
    table_class = SpecialQuotaTable
    list_url_name = "staffing:special_quota_list"
    frozen_columns = 2
    empty_text = "无高层次人才专项编制"

    def columns(self, user, params=None) -> list[Column]:
        return [
            serial_column(),
            Column(
                "单位",
                _attr("quota_line.institution.full_name"),
                width=UNIT_WIDTH,
                key="institution",
            ),
            Column("编制类型", _attr("quota_line.type_label"), width=18, key="quota_line"),
            Column("引进人才及领域", _attr("talent"), width=24, key="talent"),
            Column("原核定数", _attr("count"), kind=INTEGER, width=8, total=True, key="count"),
            Column(
                "专项编制核定",
                _attr("in_force"),
                kind=INTEGER,
                width=10,
                total=True,
                key="in_force",
            ),
            Column(
                "专项编制实有", _attr("holders"), kind=INTEGER, width=10, total=True, key="holders"
            ),
            Column("可用", _attr("available"), kind=INTEGER, width=8, total=True, key="available"),
            Column(
                "来源周转池",
                lambda item: PoolPurpose(item["row"].source.purpose).label,
                width=18,
                key="source",
            ),
            Column("核定日期", _attr("approved_on"), kind=DATE, key="approved_on"),
            Column("批准文件", _attr("document.number"), width=22, key="document"),
        ]

    def prepare(self, user, params) -> Prepared:
        filters, specials = _filtered(SpecialQuotaFilterSet, SpecialQuota, user, params)
        specials = (
            specials_with_figures(specials.filter(approved_on__lte=filters.as_of))
            .select_related("quota_line__institution", "source", "document")
            .order_by("-approved_on", "-pk")
        )
        return Prepared(filters.subtitle(user), _rows(specials), count=specials.count())
