"""经费核定表 (rule 46): per unit × type × funding form, 核定, 实有 and the talent special
quota's holders (专项) at each month's end of the budget year, with the person-months and the
year's average; the 经费核定 page's filters (and the 台账导出 page's region and unit). The
rows are the page's, from the year's cached figures: five queries whatever the number of units."""

from bianzhi import access
from bianzhi.excel.writer import A3, INTEGER, Column, column
from bianzhi.ledgers import Ledger, LedgerError, Prepared, Subtitle, cn_date, register
from orgs.ledgers import LedgerFilters, query_dict

from . import figures, selectors
from .filters import RowFilters, bad_year_message
from .forms import FundingFilterForm
from .tables import FUNDING, TYPE, FundingTable

INVALID_FILTERS = "筛选条件无效：%(errors)s"


def month_columns(month: int) -> list[Column]:
    index = month - 1
    group = f"{month}月"
    return [
        Column(
            "核定",
            lambda row: row["approved"][index],
            kind=INTEGER,
            width=4,
            group=group,
            total=True,
        ),
        Column(
            "实有",
            lambda row: row["occupied"][index],
            kind=INTEGER,
            width=4,
            group=group,
            total=True,
            key=f"m{month}",
        ),
        Column(
            "专项",
            lambda row: row["special"][index],
            kind=INTEGER,
            width=4,
            group=group,
            total=True,
        ),
    ]


def funding_label(row) -> str:
    label = FUNDING.get(row["funding_form"], row["funding_form"])
    return label if row["establishment_type"] == "public" else f"{label}（机关）"


def numbered(rows):
    for serial, row in enumerate(rows, start=1):
        yield {**row.as_dict(), "serial": serial}


@register
class FundingLedger(Ledger):
    kind = "funding"
    title = "经费核定表"
    table_class = FundingTable
    list_url_name = "funding:year"
    frozen_columns = 5
    paper = A3
    permission = access.FUNDING
    empty_text = "该年度没有核定编制或在编人员"

    def columns(self, user, params=None) -> list[Column]:
        months = [col for month in selectors.MONTHS for col in month_columns(month)]
        return [
            Column("序号", lambda row: row["serial"], kind=INTEGER, width=4, key="serial"),
            # Narrow columns: 44 of them fit one A3 page's width (at the writer's 80 % at least).
            column("单位", "institution_name", width=20, key="institution"),
            column("行政区划", "region_name", width=7, key="region"),
            Column(
                "编制类型",
                lambda row: TYPE.get(row["establishment_type"], row["establishment_type"]),
                width=9,
                key="establishment_type",
            ),
            Column("经费形式", funding_label, width=9, key="funding_form"),
            *months,
            column("实有人月数", "person_months", kind=INTEGER, width=7, total=True),
            Column("年平均实有", lambda row: f"{row['average']:.1f}", width=7, key="average"),
            column("专项编制人月数", "special_months", kind=INTEGER, width=7, total=True),
        ]

    def prepare(self, user, params) -> Prepared:
        params = query_dict(params)
        form = FundingFilterForm(params, user=user)
        if not form.is_valid():
            if "year" in form.errors:
                raise LedgerError(bad_year_message())
            errors = "；".join(str(e) for errs in form.errors.values() for e in errs)
            raise LedgerError(INVALID_FILTERS % {"errors": errors})
        year = form.budget_year()
        filters = LedgerFilters.parse(user, params)
        year_figures = figures.rows_for(user, year)
        rows = form.row_filters().apply(year_figures)
        # The 台账导出 page's region and unit, within the page's filters.
        rows = RowFilters(region=filters.region, institution=filters.institution).apply(
            year_figures, within=rows
        )
        subtitle = filters.subtitle(user, f"预算年度：{year}年，各月为月末数（规则 46）")
        # A year's ledger has no cut-off date: each month is counted at its own last day.
        text = subtitle.replace(f"截至日期：{cn_date(filters.as_of)}　　", "")
        return Prepared(Subtitle(text, scope=subtitle.scope), numbered(rows), count=len(rows))
