"""工资统发核对结果表 (rules 43–45): the findings of the runs in scope, with the list page's filters
(run, kind, unit, search), one query whatever the number of rows. ID numbers as the user may see
them (rule 14)."""

from bianzhi import access, privacy
from bianzhi.excel.writer import CODE, INTEGER, UNIT_WIDTH, Column, column
from bianzhi.ledgers import CHUNK_SIZE, Ledger, Prepared, register
from orgs.ledgers import FakeRequest, LedgerFilters, query_dict
from people import idcrypto
from staffing.ledgers.common import label, labels, numbered, serial_column, type_label

from .choices import FindingKind
from .filtersets import PayrollFindingFilterSet
from .models import PayrollFinding
from .tables import PayrollFindingTable

KIND = labels(FindingKind)


def _paid_type(row) -> str:
    text = row["paid_category"]
    return f"{text}（{row['paid_funding']}）" if row["paid_funding"] else text


def _amount(row) -> str:
    return "" if row["amount"] is None else f"{row['amount']:.2f}"


def _month(row) -> str:
    month = row["run__month"]
    return f"{month.year}年{month.month}月"


@register
class PayrollFindingsLedger(Ledger):
    kind = "payroll_findings"
    title = "工资统发核对结果表"
    table_class = PayrollFindingTable
    list_url_name = "payroll:finding_list"
    frozen_columns = 4
    empty_text = "无不符记录"

    def columns(self, user, params=None) -> list[Column]:
        full = user is not None and privacy.policy_for(user).full
        if full:
            id_value = lambda row: idcrypto.decrypt(row["id_number_encrypted"])  # noqa: E731
        else:
            id_value = lambda row: row["id_number_masked"]  # noqa: E731
        return [
            serial_column(),
            Column("工资月份", _month, width=10, key="month"),
            Column("不符类型", label(KIND, "kind"), width=14, key="kind"),
            column("行号", "row_number", kind=INTEGER, width=7),
            column("姓名", "name", width=8),
            Column("身份证号", id_value, kind=CODE, width=19, key="id_number_masked"),
            column("发放单位", "paid_unit", width=UNIT_WIDTH),
            Column("工资表编制类型", _paid_type, width=14, key="paid_type"),
            column("在编单位", "institution__full_name", width=UNIT_WIDTH, key="institution"),
            Column("在编编制类型", type_label, width=14, key="registry_type"),
            Column("发放金额", _amount, width=10, key="amount"),
            column("说明", "detail", width=36),
            Column(
                "问题", lambda row: "已登记" if row["problem_id"] else "", width=8, key="problem"
            ),
        ]

    def prepare(self, user, params) -> Prepared:
        params = query_dict(params)
        filters = LedgerFilters.parse(user, params)
        filterset = PayrollFindingFilterSet(
            params,
            queryset=access.restrict(PayrollFinding.objects.all(), user),
            request=FakeRequest(user),
        )
        findings = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        findings = filters.apply_scoped(findings).order_by(
            "run__month", "run", "kind", "row_number", "pk"
        )
        rows = findings.values(
            "run__month",
            "kind",
            "row_number",
            "name",
            "id_number_encrypted",
            "id_number_masked",
            "paid_unit",
            "paid_category",
            "paid_funding",
            "institution__full_name",
            "establishment_type",
            "funding_form",
            "amount",
            "detail",
            "problem_id",
        ).iterator(chunk_size=CHUNK_SIZE)
        return Prepared(filters.subtitle(user), numbered(rows), count=findings.count())
