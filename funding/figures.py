"""经费核定's yearly figures per user scope, cached until the data behind them changes
(bianzhi.figures_cache): a city's year sums 188,000 records at twelve month-ends, read far more
often than the registry changes; pages filter and paginate the cached rows."""

from django.utils import timezone

from bianzhi import access
from bianzhi.figures_cache import FigureSet, cached_figures
from orgs.models import Institution, Region
from people.models import EstablishmentRecord
from staffing.models import Adjustment, AdjustmentLine, QuotaLine, UsagePermit

from . import packed, selectors

# What the figures read: H from adjustments (and their effective dates), A from the records,
# their lines and permits (a talent special quota's holders apart), names from the units.
MODELS = (
    Region,
    Institution,
    QuotaLine,
    Adjustment,
    AdjustmentLine,
    UsagePermit,
    EstablishmentRecord,
)


def scope_of(user) -> tuple:
    """(region ids, institution ids) the user's figures cover: a region-wide role its regions,
    a reviewer its subtree, a clerk its own unit (None: not narrowed by it)."""
    scope = access.user_scope(user)
    if scope is None:
        return (), ()
    if access.role_of(user) in access.REGION_ROLES:
        return tuple(sorted(scope.region_ids())), None
    return None, tuple(sorted(scope.institution_ids()))


def current_year(user, today) -> dict:
    region_ids, institution_ids = scope_of(user)
    rows = selectors.year_rows(
        year=today.year, region_ids=region_ids, institution_ids=institution_ids
    )
    return {"rows": packed.YearFigures(rows)}


# This year's figures, kept warm by the task worker after a write: the year's page is the one
# finance opens, and a city's year takes a second or two to compute.
CURRENT_YEAR = FigureSet("funding:current", Region, MODELS, current_year)


def rows_for(user, year: int) -> packed.YearFigures:
    """The year's rows over ``user``'s whole scope (see ``selectors.year_rows``), cached."""
    region_ids, institution_ids = scope_of(user)
    if region_ids == () or institution_ids == ():
        return packed.YearFigures([])
    if year == timezone.localdate().year:
        return CURRENT_YEAR.for_user(user)["rows"]
    return rows_for_scope(year, region_ids=region_ids, institution_ids=institution_ids)


def rows_for_scope(year: int, *, region_ids, institution_ids=None) -> packed.YearFigures:
    return cached_figures(
        f"funding:{year}",
        scope_key=(region_ids, institution_ids),
        base=Region,
        models=MODELS,
        compute=lambda: packed.YearFigures(
            selectors.year_rows(year=year, region_ids=region_ids, institution_ids=institution_ids)
        ),
    )
