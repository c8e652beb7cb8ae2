"""中小学教职工编制核定台账: the comparison page's table (rule 28) for one school year."""

from django.core.exceptions import ValidationError

from bianzhi import access
from bianzhi.excel.writer import INTEGER, UNIT_WIDTH, Column
from bianzhi.ledgers import Ledger, Prepared, register
from orgs.ledgers import LedgerFilters, query_dict

from .models import check_school_year
from .selectors import school_rows
from .standards import school_year_of
from .tables import SchoolStandardTable, difference_text

SCHOOL_YEAR = "school_year"
Q = "q"


def school_year_param(value, today) -> str:
    value = str(value or "").strip()
    try:
        check_school_year(value)
    except ValidationError:
        return school_year_of(today)
    return value


def _attr(name: str):
    return lambda item: getattr(item["row"], name)


def _rows(rows):
    for serial, row in enumerate(rows, start=1):
        yield {"serial": serial, "row": row}


@register
class SchoolStandardLedger(Ledger):
    kind = "school_standards"
    title = "中小学教职工编制核定台账"
    table_class = SchoolStandardTable
    list_url_name = "schools:standard_list"
    frozen_columns = 2
    permission = access.SCHOOL_STANDARDS
    empty_text = "没有中小学校"

    def columns(self, user, params=None) -> list[Column]:
        def number(header, key, total=True):
            return Column(header, _attr(key), kind=INTEGER, width=9, total=total, key=key)

        return [
            Column("序号", lambda item: item["serial"], kind=INTEGER, width=6, key="serial"),
            Column("学校", _attr("name"), width=UNIT_WIDTH, key="name"),
            Column("学段", _attr("stages"), width=12, key="stages"),
            Column("寄宿制/乡镇", _attr("flags"), width=12, key="flags"),
            number("高中学生", "senior"),
            number("初中学生", "junior"),
            number("小学学生", "primary"),
            number("学生合计", "students"),
            number("标准编制数", "standard"),
            number("核定", "approved"),
            number("实有", "occupied"),
            number("核定较标准", "difference"),
            Column(
                "缺/超",
                lambda item: difference_text(item["row"].difference),
                width=9,
                key="difference_text",
            ),
        ]

    def prepare(self, user, params) -> Prepared:
        params = query_dict(params)
        filters = LedgerFilters.parse(user, params)
        school_year = school_year_param(params.get(SCHOOL_YEAR), filters.as_of)
        rows = school_rows(
            user,
            school_year=school_year,
            q=params.get(Q, ""),
            on=filters.as_of,
            narrow=filters.apply_scoped,
        )
        subtitle = filters.subtitle(user, extra=f"学年：{school_year}")
        return Prepared(subtitle, _rows(rows), count=len(rows))
