"""退休预测台账 (domain.md §4): per unit and establishment type, the people in post reaching their
retirement month in each of the next five years (rule 10), with the filters and columns of the
退休预测 page. One grouped query whatever the number of people or units."""

from django.utils import timezone

from bianzhi import access
from bianzhi.excel.writer import INTEGER, UNIT_WIDTH, Column, column
from bianzhi.ledgers import Ledger, Prepared, parse_date, register
from orgs.ledgers import AS_OF, FakeRequest, LedgerFilters, query_dict
from staffing.choices import EstablishmentType
from staffing.occupancy import record_held_on

from . import retirement_forecast
from .choices import RecordStatus
from .filtersets import RetirementForecastFilterSet
from .models import EstablishmentRecord
from .tables import RetirementForecastTable

TYPE = {value: str(label) for value, label in EstablishmentType.choices}
YEARS_GROUP = "今后五年到达退休时间的人数"


def numbered(rows):
    for serial, row in enumerate(rows, start=1):
        row["serial"] = serial
        yield row


@register
class RetirementForecastLedger(Ledger):
    """退休预测台账: the rows of ``retirement_forecast.by_unit`` from the cut-off date (today by
    default): this year's remaining months, then the next four years."""

    kind = "retirement_forecast"
    title = "退休预测台账"
    table_class = RetirementForecastTable
    list_url_name = "people:retirement_forecast"
    frozen_columns = 2
    empty_text = "今后五年无到达退休时间的在编人员"

    def columns(self, user, params=None) -> list[Column]:
        day = parse_date((params or {}).get(AS_OF)) or timezone.localdate()
        years = [
            column(header, f"y{i}", kind=INTEGER, width=11, group=YEARS_GROUP, total=True)
            for i, header in enumerate(retirement_forecast.year_labels(day))
        ]
        return [
            Column("序号", lambda row: row["serial"], kind=INTEGER, width=6, key="serial"),
            column("单位", "institution_name", width=UNIT_WIDTH, key="institution"),
            column("行政区划", "region_name", width=12, key="region"),
            Column(
                "编制类型",
                lambda row: TYPE.get(row["establishment_type"], row["establishment_type"]),
                width=14,
                key="establishment_type",
            ),
            *years,
            column("合计", "total", kind=INTEGER, width=8, total=True),
            column("已过退休时间", "past", kind=INTEGER, width=10, total=True),
        ]

    def prepare(self, user, params) -> Prepared:
        params = query_dict(params)
        filters = LedgerFilters.parse(user, params)
        records = access.restrict(EstablishmentRecord.objects.all(), user)
        if filters.as_of_given:
            records = records.filter(record_held_on(filters.as_of))
        else:
            records = records.filter(status=RecordStatus.ACTIVE)
        filterset = RetirementForecastFilterSet(
            params, queryset=filters.apply_scoped(records), request=FakeRequest(user)
        )
        records = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        rows = retirement_forecast.by_unit(records, filters.as_of)
        subtitle = filters.subtitle(user, "已过退休时间仍在编的人员单列，不计入各年和合计")
        return Prepared(subtitle, numbered(rows.iterator()), count=None)
