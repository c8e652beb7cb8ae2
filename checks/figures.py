"""The 自查 count of the region overview, cached until the data the checks read changes and
kept warm by the task worker (bianzhi.figures_cache)."""

from bianzhi.figures_cache import FigureSet
from orgs.models import Institution, Region
from people.models import EstablishmentRecord, LeadershipAppointment, Person
from staffing.models import LeadershipQuota, QuotaLine, UsagePermit

from . import selectors

MODELS = (
    Region,
    Institution,
    QuotaLine,
    UsagePermit,
    LeadershipQuota,
    EstablishmentRecord,
    LeadershipAppointment,
    Person,
)


def breach_counts(user, today) -> dict:
    counts = selectors.counts(user, today)
    return {"breach_counts": counts, "breach_total": sum(counts.values())}


CHECK_COUNTS = FigureSet("checks:counts", Region, MODELS, breach_counts)
