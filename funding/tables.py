"""经费核定's table: one row per unit × type × funding form, each month's 实有/核定 at its last
day, the person-months, the year's average and the talent special quota's holders (rule 46)."""

import django_tables2 as tables
from django.utils.html import format_html

from staffing.choices import EstablishmentType, FundingForm
from staffing.tables import NOWRAP, NUMBER

# Numbers right-aligned in the totals row too.
FIGURE = {**NUMBER, "tf": {"class": "text-end"}}

TYPE = {value: str(label) for value, label in EstablishmentType.choices}
FUNDING = {value: str(label) for value, label in FundingForm.choices}


def month_cell(approved: int, occupied: int, special: int) -> str:
    """实有 over 核定 (red when over), and the special quota's holders apart (rule 27)."""
    cell = format_html(
        '<span class="{}">{}</span><span class="text-muted">/{}</span>',
        "text-danger fw-semibold" if occupied > approved else "",
        occupied,
        approved,
    )
    if special:
        cell = format_html('{}<br><span class="badge text-bg-info">专项 {}</span>', cell, special)
    return cell


class MonthColumn(tables.Column):
    def __init__(self, month: int):
        self.index = month - 1
        super().__init__(
            verbose_name=f"{month}月",
            accessor="occupied",
            orderable=False,
            attrs=FIGURE,
            footer=self.total,
        )

    def render(self, record):
        i = self.index
        return month_cell(record["approved"][i], record["occupied"][i], record["special"][i])

    def total(self, table):
        totals, i = table.totals, self.index
        return month_cell(totals["approved"][i], totals["occupied"][i], totals["special"][i])


def _total(name):
    return lambda table: table.totals[name]


class FundingTable(tables.Table):
    institution = tables.Column(
        accessor="institution_name", verbose_name="单位", orderable=False, footer="合计"
    )
    region = tables.Column(
        accessor="region_name", verbose_name="行政区划", orderable=False, attrs=NOWRAP
    )
    establishment_type = tables.Column(verbose_name="编制类型", orderable=False, attrs=NOWRAP)
    funding_form = tables.Column(verbose_name="经费形式", orderable=False, attrs=NOWRAP)
    m1 = MonthColumn(1)
    m2 = MonthColumn(2)
    m3 = MonthColumn(3)
    m4 = MonthColumn(4)
    m5 = MonthColumn(5)
    m6 = MonthColumn(6)
    m7 = MonthColumn(7)
    m8 = MonthColumn(8)
    m9 = MonthColumn(9)
    m10 = MonthColumn(10)
    m11 = MonthColumn(11)
    m12 = MonthColumn(12)
    person_months = tables.Column(
        verbose_name="实有人月数", orderable=False, attrs=FIGURE, footer=_total("person_months")
    )
    average = tables.Column(
        verbose_name="年平均实有", orderable=False, attrs=FIGURE, footer=_total("average")
    )
    special_months = tables.Column(
        verbose_name="专项编制人月数",
        orderable=False,
        attrs=FIGURE,
        footer=_total("special_months"),
    )

    class Meta:
        empty_text = "该年度没有核定编制或在编人员。"
        attrs = {"class": "table table-sm table-hover align-middle bz-funding-table"}
        # The rows of a page are written out by the template from ``display_rows``: a city's
        # page has 25 × 20 cells, which django-tables2's per-cell rendering made the slowest part.
        template_name = "funding/table.html"

    def __init__(self, *args, totals, **kwargs):
        super().__init__(*args, **kwargs)
        self.totals = totals

    def display_rows(self) -> list[dict]:
        """The current page's rows as the template writes them (the columns above)."""
        return [
            {
                "institution_name": row["institution_name"],
                "region_name": row["region_name"],
                "establishment_type": self.render_establishment_type(row["establishment_type"]),
                "funding_form": self.render_funding_form(row["funding_form"], row),
                "months": [
                    month_cell(approved, occupied, special)
                    for approved, occupied, special in zip(
                        row["approved"], row["occupied"], row["special"], strict=True
                    )
                ],
                "person_months": row["person_months"],
                "average": row["average"],
                "special_months": row["special_months"],
            }
            for row in (bound.record for bound in self.page.object_list)
        ]

    def render_establishment_type(self, value):
        return TYPE.get(value, value)

    def render_funding_form(self, value, record):
        label = FUNDING.get(value, value)
        if record["establishment_type"] != EstablishmentType.PUBLIC:
            return format_html('{}<span class="text-muted small">（机关）</span>', label)
        return label
