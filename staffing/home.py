"""Staffing's part of the home page (bianzhi.home): a unit clerk's own figures per establishment
type (rule 1), today, with the link to its establishment page."""

from django.urls import reverse

from bianzhi import access
from bianzhi.access import Role
from bianzhi.home import Panel, Section, register

from . import selectors
from .models import QuotaLine


@register
class UnitFigures(Section):
    """核定 / 实有 / 空编 / 超编 / 可用 per type for the clerk's unit, never summed across types:
    the grouped counts of the region figures, over the unit's lines only."""

    roles = frozenset({Role.CLERK})
    order = 10

    def panel(self, user, today):
        scope = access.user_scope(user)
        lines = access.restrict(QuotaLine.objects.all(), user)
        totals = selectors.region_figures(lines, region_ids=[], on=today).totals
        rows = [
            {
                "label": row.label,
                "approved": row.approved,
                "occupied": row.occupied,
                "reserved": row.reserved,
                "vacancy": row.vacancy,
                "over": row.over,
                "available": row.approved - row.occupied - row.reserved,
            }
            for row in totals
            if row.approved or row.occupied or row.reserved
        ]
        return Panel(
            "home/unit_figures.html",
            {
                "rows": rows,
                "institution": scope.institution,
                "establishment_url": reverse(
                    "staffing:institution_establishment", args=[scope.institution_id]
                ),
            },
        )
