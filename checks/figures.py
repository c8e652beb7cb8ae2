"""The 自查 report, cached until the data the checks read changes and kept warm by the task
worker (bianzhi.figures_cache): the page and the overview's count read one computation, so a
city office waits for the thirteen grouped queries only on the first read after a change."""

from bianzhi.figures_cache import FigureSet
from confirmations.models import IdentityConfirmation
from orgs.models import Institution, Region
from people.models import EstablishmentRecord, LeadershipAppointment, Person
from staffing.models import Adjustment, AdjustmentLine, LeadershipQuota, QuotaLine, UsagePermit

from . import selectors

MODELS = (
    Region,
    Institution,
    QuotaLine,
    Adjustment,
    AdjustmentLine,
    UsagePermit,
    LeadershipQuota,
    EstablishmentRecord,
    LeadershipAppointment,
    Person,
    IdentityConfirmation,
)


def breach_report(user, today) -> dict:
    results = selectors.report(user, today)
    counts = {result.check.code: result.count for result in results}
    return {
        "breaches": selectors.breaches(results),
        "breach_counts": counts,
        "breach_total": sum(counts.values()),
    }


REPORT = FigureSet("checks:report", Region, MODELS, breach_report)


def breach_totals(user, today) -> dict:
    """The counts alone, cached apart: the home page and the overview's card read them without
    unpickling every breach of a city (a megabyte, a tenth of a second)."""
    report = REPORT.for_user(user, watch=False)
    return {"breach_counts": report["breach_counts"], "breach_total": report["breach_total"]}


TOTALS = FigureSet("checks:totals", Region, MODELS, breach_totals)
