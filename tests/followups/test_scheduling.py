"""Rule 40: every approved institution or quota matter is followed up 6 months and 1 year after
its approval; scheduling again changes nothing; the daily command and the approval hook both
schedule; what is due this month and overdue is counted."""

import datetime
import io

import pytest
from django.core.management import call_command

from bianzhi.history import save_tracked, system_actor
from followups.choices import FollowUpStatus, MatterKind, Stage
from followups.models import FollowUp
from followups.scheduling import followups_schedule, months_after
from followups.selectors import due_figures
from staffing.choices import AdjustmentKind
from staffing.models import Adjustment
from tests.kit import builders
from tests.kit.clock import TODAY
from tests.kit.factories import PublicInstitutionFactory

from .scenario import approved, months_ago

pytestmark = pytest.mark.django_db


def test_an_approved_increase_is_followed_up_6_months_and_1_year_after_its_document(world):
    adjustment = approved(world.unit, months=3)
    followups_schedule(today=TODAY)
    follow_ups = FollowUp.objects.filter(adjustment=adjustment).order_by("due_on")
    issued = adjustment.document.issued_on
    assert [(f.institution, f.stage, f.due_on) for f in follow_ups] == [
        (world.unit, Stage.HALF_YEAR, months_after(issued, 6)),
        (world.unit, Stage.ONE_YEAR, months_after(issued, 12)),
    ]
    assert all(f.approved_on == issued and f.status == FollowUpStatus.DUE for f in follow_ups)
    assert adjustment.document.number in follow_ups[0].matter


def test_scheduling_again_creates_nothing(world):
    approved(world.unit)
    first = followups_schedule(today=TODAY)
    again = followups_schedule(today=TODAY)
    assert len(first.created) == 2
    assert again.created == []
    assert FollowUp.objects.count() == 2


def test_a_transfer_is_followed_up_at_the_receiving_unit(world):
    receiving = PublicInstitutionFactory(region=world.region)
    approved(world.unit, kind=AdjustmentKind.TRANSFER, to=receiving)
    followups_schedule(today=TODAY)
    assert set(FollowUp.objects.values_list("institution", flat=True)) == {receiving.pk}


def test_a_cut_is_followed_up_at_the_unit_that_lost_quota(world):
    adjustment = approved(world.unit, kind=AdjustmentKind.DECREASE, count=-1)
    followups_schedule(today=TODAY)
    assert set(FollowUp.objects.values_list("institution", "adjustment")) == {
        (world.unit.pk, adjustment.pk)
    }


def test_routine_pool_movements_and_initial_quotas_are_not_followed_up(world):
    builders.quota(world.unit, 5)  # 核定编制
    assert Adjustment.objects.filter(kind=AdjustmentKind.INITIAL).exists()
    followups_schedule(today=TODAY)
    assert not FollowUp.objects.exists()


def test_matters_approved_before_the_look_back_are_not_followed_up(world, settings):
    settings.BIANZHI = {**settings.BIANZHI, "FOLLOWUP_LOOKBACK_MONTHS": 18}
    approved(world.unit, months=19)
    approved(world.sibling, months=17)
    followups_schedule(today=TODAY)
    assert set(FollowUp.objects.values_list("institution", flat=True)) == {world.sibling.pk}


def test_a_new_unit_is_followed_up_from_its_establishment(world):
    established = months_ago(2)
    unit = PublicInstitutionFactory(region=world.region, established_on=established)
    followups_schedule(today=TODAY)
    follow_ups = FollowUp.objects.filter(institution=unit).order_by("due_on")
    assert [(f.matter_kind, f.due_on) for f in follow_ups] == [
        (MatterKind.NEW_UNIT, months_after(established, 6)),
        (MatterKind.NEW_UNIT, months_after(established, 12)),
    ]
    assert followups_schedule(today=TODAY).created == []


def test_the_daily_command_schedules(world):
    approved(world.unit)
    out = io.StringIO()
    call_command("schedule_followups", stdout=out)
    assert "新安排跟踪问效 2 项" in out.getvalue()
    assert FollowUp.objects.count() == 2


def test_the_approval_hook_schedules_once_the_adjustment_is_committed(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        adjustment = approved(world.unit)
    assert FollowUp.objects.filter(adjustment=adjustment).count() == 2


def test_six_months_after_the_last_day_of_a_month_is_that_months_last_day():
    assert months_after(datetime.date(2027, 8, 31), 6) == datetime.date(2028, 2, 29)
    assert months_after(datetime.date(2027, 8, 31), -6) == datetime.date(2027, 2, 28)
    assert months_after(datetime.date(2027, 12, 15), 1) == datetime.date(2028, 1, 15)


def test_due_this_month_and_overdue_are_counted_apart(world):
    approved(world.unit, months=7)  # half-year follow-up due last month: overdue
    approved(world.sibling, months=6)  # half-year follow-up due this month
    followups_schedule(today=TODAY)
    late = FollowUp.objects.get(institution=world.unit, stage=Stage.HALF_YEAR)
    due = FollowUp.objects.get(institution=world.sibling, stage=Stage.HALF_YEAR)
    assert late.due_on.month != TODAY.month and due.due_on.month == TODAY.month
    # Six months after the 30th of June is the 30th of December: due this month, yet past.
    due_earlier_this_month = int(due.due_on < TODAY)
    figures = due_figures(FollowUp.objects.all(), TODAY)
    assert (figures.this_month, figures.overdue) == (1, 1 + due_earlier_this_month)
    late.status = FollowUpStatus.DONE
    save_tracked(late, actor=system_actor(), reason="测试")
    figures = due_figures(FollowUp.objects.all(), TODAY)
    assert (figures.this_month, figures.overdue) == (1, due_earlier_this_month)
