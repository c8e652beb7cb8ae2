"""The demo 空编收回: the exits' proposals brought up to date, the archives' standing vacancy
found, one proposal partly reclaimed into the pool and one kept; a second load writes nothing."""

import datetime

import pytest

from bianzhi.history import system_actor
from people import services as people_services
from reclaims.choices import ReclaimState, ReclaimTrigger
from reclaims.models import ReclaimProposal
from sampledata.demo.reclaims import (
    KEEP_REASON,
    KEPT_UNIT,
    RECLAIMED_UNIT,
    STANDING_UNIT,
    load_demo_reclaims,
)
from tests.kit import builders
from tests.kit.clock import TODAY
from tests.kit.factories import InstitutionFactory, PublicInstitutionFactory

pytestmark = pytest.mark.django_db


def one_left(unit, approved: int):
    line = builders.quota(unit, approved)
    records = builders.staff(line, approved)
    people_services.exit_register(
        record=records[0],
        ended_on=TODAY - datetime.timedelta(days=20),
        end_reason="retirement",
        actor=system_actor(),
    )
    return line


def test_the_demo_proposals_and_a_second_load_that_writes_nothing(world):
    region = world.region
    archives = builders.quota(PublicInstitutionFactory(region=region, full_name=STANDING_UNIT), 5)
    builders.staff(archives, 3)
    one_left(InstitutionFactory(region=region, full_name=RECLAIMED_UNIT), 4)
    one_left(PublicInstitutionFactory(region=region, full_name=KEPT_UNIT), 3)

    assert load_demo_reclaims(actor=system_actor(), today=TODAY) == 3
    by_unit = {p.quota_line.institution.full_name: p for p in ReclaimProposal.objects.all()}
    standing = by_unit[STANDING_UNIT]
    assert (standing.trigger, standing.vacancy, standing.state) == (
        ReclaimTrigger.STANDING,
        2,
        ReclaimState.PENDING,
    )
    reclaimed = by_unit[RECLAIMED_UNIT]
    assert (reclaimed.trigger, reclaimed.state, reclaimed.reclaimed) == (
        ReclaimTrigger.EXIT,
        ReclaimState.RECLAIMED,
        1,
    )
    assert (by_unit[KEPT_UNIT].state, by_unit[KEPT_UNIT].keep_reason) == (
        ReclaimState.KEPT,
        KEEP_REASON,
    )

    history = ReclaimProposal.history.count()
    assert load_demo_reclaims(actor=system_actor(), today=TODAY) == 0
    assert ReclaimProposal.history.count() == history
