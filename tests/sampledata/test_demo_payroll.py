"""The demo 工资统发核对: last month's payroll made from the county's registry with mismatches of
every kind, compared as the task worker compares it; a second load writes nothing."""

import datetime

import pytest

from bianzhi.history import system_actor
from payroll.choices import FindingKind, RunStatus
from payroll.models import PayrollRun
from people import services as people_services
from sampledata.demo.payroll import load_demo_payroll
from tests.kit import builders
from tests.kit.clock import TODAY

pytestmark = pytest.mark.django_db


def test_the_demo_run_finds_every_kind_and_a_second_load_writes_nothing(world):
    public = builders.quota(world.unit, 12)
    organ = builders.quota(world.sibling, 4)
    records = builders.staff(public, 10) + builders.staff(organ, 3, name_prefix="科员")
    people_services.exit_register(
        record=records[-1],
        ended_on=TODAY.replace(day=1) - datetime.timedelta(days=70),
        end_reason="transfer_out",
        actor=system_actor(),
    )

    found = load_demo_payroll(actor=system_actor(), today=TODAY)

    run = PayrollRun.objects.get()
    assert run.status == RunStatus.DONE and found == run.finding_count
    assert set(run.counts) == set(FindingKind)
    assert run.user == world.users["partner"]
    assert load_demo_payroll(actor=system_actor(), today=TODAY) == 0
    assert PayrollRun.objects.count() == 1
