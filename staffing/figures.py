"""总量控制's region figures, cached until the data they read changes and kept warm by the task
worker (bianzhi.figures_cache)."""

from bianzhi import access
from bianzhi.figures_cache import FigureSet
from orgs.choices import Status
from orgs.models import Institution, Region

from . import occupancy, selectors
from .models import (
    AdjustmentLine,
    LeadershipQuota,
    PoolBalance,
    QuotaLine,
    RegionTotal,
    SlotReturn,
    SpecialQuota,
    UsagePermit,
)

# The worst over-established lines and over-appointed posts the page lists.
LISTED = 50


def figure_models() -> tuple:
    """What the region figures are read from (records and appointments through the occupancy
    seam: staffing does not import people)."""
    return (
        Region,
        Institution,
        QuotaLine,
        AdjustmentLine,  # H in force is summed from the adjustment lines (rule 15)
        UsagePermit,
        PoolBalance,
        SpecialQuota,  # 专项编制 核定 (rule 27), less its returns
        SlotReturn,
        RegionTotal,
        LeadershipQuota,
        occupancy.record_model(),
        occupancy.appointment_model(),
    )


def establishment(user, today, *, listed: int | None = None) -> dict:
    """Sums over every unit of the user's regions per type, and the over-established lines and
    over-appointed posts of active units, worst first (the first ``listed`` of each)."""
    lines = access.restrict(QuotaLine.objects.all(), user)
    leadership = access.restrict(LeadershipQuota.objects.all(), user)
    region_ids = access.user_scope(user).region_ids()
    figures = selectors.region_figures(lines, region_ids=region_ids, on=today)
    over = lines.filter(pk__in=figures.over_line_ids)
    return {
        "totals": figures.totals,
        "over_established": list(selectors.over_established(over, on=today)[:listed]),
        "over_leadership": list(
            selectors.over_leadership_quota(
                leadership.filter(institution__status=Status.ACTIVE)
            ).order_by("-excess", "institution__sort_order", "pk")[:listed]
        ),
    }


def region_totals(user, today) -> dict:
    return establishment(user, today, listed=LISTED)


REGION_TOTALS = FigureSet("region_totals", Region, figure_models(), region_totals)
