"""The region overview's figures (区域概况), each cached until the data it reads changes and kept
warm by the task worker (bianzhi.figures_cache). Every part runs a fixed number of queries
whatever the number of institutions."""

from bianzhi import access
from bianzhi.figures_cache import FigureSet
from orgs.models import Institution, Region
from staffing import figures as staffing_figures
from staffing.models import QuotaLine

from . import charts, retirement_forecast, selectors
from .choices import RecordStatus
from .models import EstablishmentRecord, Person

# The first names and people of the long lists; the roster's 核对 filter has all of them.
LISTED = 50

# What each part is read from: a change to one of them recomputes that part, so a permit issued
# elsewhere does not recompute the people past retirement. The establishment part reads what
# 总量控制 reads.
ESTABLISHMENT_MODELS = staffing_figures.figure_models()
PEOPLE_MODELS = (Region, Institution, EstablishmentRecord, Person)


def establishment(user, today) -> dict:
    """总量控制's figures with every over-established line and post, and the people in post."""
    figures = staffing_figures.establishment(user, today)
    return {**figures, "occupied_total": sum(row.occupied for row in figures["totals"])}


def past_retirement(user, today) -> dict:
    """The first people past their retirement month (the oldest first), and how many there are."""
    records = access.restrict(EstablishmentRecord.objects.all(), user)
    overdue = selectors.past_retirement(records, today=today)
    listed = list(overdue[:LISTED])
    for record in listed:
        record.months_overdue = selectors.months_overdue(record, today)
    return {"past_retirement": listed, "past_retirement_total": overdue.order_by().count()}


def duplicate_names(user, today) -> dict:
    """The first repeated names with their holders, and how many there are (rule 7)."""
    records = access.restrict(EstablishmentRecord.objects.all(), user)
    return {"duplicate_names": selectors.duplicate_names(records, limit=LISTED)}


def forecast_rows(user, today) -> dict:
    """退休预测's rows over the user's whole scope (the page without filters, the usual view)."""
    records = access.restrict(EstablishmentRecord.objects.filter(status=RecordStatus.ACTIVE), user)
    return {"rows": list(retirement_forecast.by_unit(records, today))}


OVERVIEW_ESTABLISHMENT = FigureSet(
    "overview:establishment", Region, ESTABLISHMENT_MODELS, establishment
)
OVERVIEW_RETIREMENT = FigureSet("overview:retirement", Region, PEOPLE_MODELS, past_retirement)
OVERVIEW_DUPLICATES = FigureSet("overview:duplicates", Region, PEOPLE_MODELS, duplicate_names)
# The overview's charts read what the establishment part reads, and the people's sex and birth.
OVERVIEW_CHARTS = FigureSet(
    "overview:charts", Region, (*ESTABLISHMENT_MODELS, Person), charts.figures_for
)
# The forecast reads the people in post, their units and the types of their quota lines.
RETIREMENT_FORECAST = FigureSet(
    "retirement_forecast", Region, (*PEOPLE_MODELS, QuotaLine), forecast_rows
)
