"""The region overview's figures (区域概况), each cached until the data it reads changes and kept
warm by the task worker (bianzhi.figures_cache). Every part runs a fixed number of queries
whatever the number of institutions."""

from bianzhi import access
from bianzhi.figures_cache import FigureSet
from orgs.models import Institution, Region
from staffing import selectors as staffing_selectors
from staffing.models import LeadershipQuota, PoolBalance, QuotaLine, RegionTotal, UsagePermit

from . import selectors
from .models import EstablishmentRecord, LeadershipAppointment, Person

# The first names and people of the long lists; the roster's 核对 filter has all of them.
LISTED = 50

# What each part is read from: a change to one of them recomputes that part, so a permit issued
# elsewhere does not recompute the people past retirement.
ESTABLISHMENT_MODELS = (
    Region,
    Institution,
    QuotaLine,
    UsagePermit,
    PoolBalance,
    RegionTotal,
    LeadershipQuota,
    EstablishmentRecord,
    LeadershipAppointment,
)
PEOPLE_MODELS = (Region, Institution, EstablishmentRecord, Person)


def establishment(user, today) -> dict:
    """Totals per type against control and pool, over-establishment, over-appointed leaders."""
    lines = access.restrict(QuotaLine.objects.all(), user)
    region_ids = access.user_scope(user).region_ids()
    figures = staffing_selectors.region_figures(lines, region_ids=region_ids, on=today)
    over = lines.filter(pk__in=figures.over_line_ids)
    return {
        "totals": figures.totals,
        "occupied_total": sum(row.occupied for row in figures.totals),
        "over_established": list(staffing_selectors.over_established(over, on=today)),
        "over_leadership": list(
            staffing_selectors.over_leadership_quota(
                access.restrict(LeadershipQuota.objects.all(), user)
            ).order_by("institution__sort_order", "institution__full_name", "pk")
        ),
    }


def past_retirement(user, today) -> dict:
    """The people longest past their retirement month, and how many there are."""
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


OVERVIEW_ESTABLISHMENT = FigureSet(
    "overview:establishment", Region, ESTABLISHMENT_MODELS, establishment
)
OVERVIEW_RETIREMENT = FigureSet("overview:retirement", Region, PEOPLE_MODELS, past_retirement)
OVERVIEW_DUPLICATES = FigureSet("overview:duplicates", Region, PEOPLE_MODELS, duplicate_names)
