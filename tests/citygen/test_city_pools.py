"""The generated city carries pools with a purpose, loans and talent special quotas (rules 26,
27), written through the services so that every region still keeps its total control."""

import pytest

from bianzhi.history import system_actor
from orgs.models import Region
from sampledata.citygen import generate_city
from staffing import services
from staffing.models import PoolLoan, RegionTotal, SpecialQuota
from staffing.pool_figures import OVERDUE, loan_state, loans_with_figures, specials_with_figures
from staffing.selectors import line_figures


@pytest.mark.django_db
def test_the_city_has_loans_and_special_quotas_within_its_totals(today):
    counts = generate_city(
        institutions=120, people=1500, seed=5, actor=system_actor(), today=today, log=lambda _: None
    )
    assert counts["loans"] >= 2 and counts["special_quotas"] >= 1
    states = {loan_state(loan, today) for loan in loans_with_figures(PoolLoan.objects.all())}
    assert OVERDUE in states
    special = specials_with_figures(SpecialQuota.objects.all()).first()
    assert (special.in_force, special.reserved, special.holders) == (1, 1, 0)
    # Granted to a full or over-established line, and the special quota adds it no regular room.
    assert line_figures(special.quota_line).available <= 0
    for total in RegionTotal.objects.select_related("region"):
        region = Region.objects.get(pk=total.region_id)
        assert services.region_approved(region, total.establishment_type) <= total.total
