"""What the page, the ledger and the API narrow a year's rows by: region (with its subregions),
unit (with the units below it), establishment type and funding form (as finance budgets it)."""

from dataclasses import dataclass

from django.utils import timezone

from orgs.models import Institution, Region

from .packed import Rows, YearFigures
from .selectors import FIRST_YEAR

BAD_YEAR = "预算年度应为 %(first)d 至 %(last)d 年之间的年份。"


def year_range() -> range:
    """The budget years offered: from the first the registry can hold to next year."""
    return range(FIRST_YEAR, timezone.localdate().year + 2)


def parse_year(raw) -> int | None:
    """The year in ``raw``, or None if it is not one of ``year_range``; this year when empty."""
    if raw in (None, ""):
        return timezone.localdate().year
    try:
        year = int(raw)
    except (TypeError, ValueError):
        return None
    return year if year in year_range() else None


def bad_year_message() -> str:
    years = year_range()
    return BAD_YEAR % {"first": years[0], "last": years[-1]}


@dataclass(frozen=True)
class RowFilters:
    region: Region | None = None
    institution: Institution | None = None
    establishment_type: str = ""
    funding_form: str = ""

    def apply(self, figures: YearFigures, *, within: Rows | None = None) -> Rows:
        """The rows of ``figures`` (of ``within``, if given) these filters keep."""
        return figures.select(
            region_ids=set(self.region.subtree_ids()) if self.region else None,
            institution_ids=set(self.institution.subtree_ids()) if self.institution else None,
            establishment_type=self.establishment_type,
            funding_form=self.funding_form,
            within=within,
        )
