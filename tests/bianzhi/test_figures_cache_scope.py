"""Cached figure sets are per scope: two clerks (or reviewers) of different units, who have no
regions, never read each other's cached figures (domain.md §1: no data outside the scope)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from bianzhi.access import Role
from tests.kit import builders
from tests.kit.factories import PublicInstitutionFactory, make_user

pytestmark = pytest.mark.django_db


def forecast_units(client, user) -> list[str]:
    client.force_login(user)
    table = client.get(reverse("people:retirement_forecast")).context["table"]
    return [row["institution_name"] for row in table.data]


def test_a_clerk_never_reads_another_units_cached_forecast(client, world):
    other = PublicInstitutionFactory(region=world.region, full_name="示例县另一单位")
    # A man retiring about a year from today, within the five years forecast, whatever the day.
    this_month = timezone.localdate().replace(day=1)
    birth, _ = builders.first_retirement_from(this_month.replace(year=this_month.year + 1))
    for unit, name in ((world.unit, "甲"), (other, "乙")):
        line = builders.quota(unit, 3)
        builders.enter(builders.person(world.region, name, birth=birth), line)
    other_clerk = make_user(Role.CLERK, institution=other, username="clerk_other")

    assert forecast_units(client, world.users["clerk"]) == ["示例县本单位"]
    assert forecast_units(client, other_clerk) == ["示例县另一单位"]
