"""The annual 用编进人计划 (rule 24): proposals enter the year's plan, the office sets it within
the region's headroom, issuing it issues one permit per approved line, and its use is counted
from the people entered on those permits."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from bianzhi.history import system_actor
from people import retirement_forecast
from people.models import EstablishmentRecord
from plans import selectors, services
from plans.choices import PlanMethod, PlanStatus
from staffing.choices import EstablishmentType, PermitPurpose
from staffing.selectors import line_figures
from staffing.services import region_total_set
from tests.kit import builders
from tests.kit.clock import TODAY

pytestmark = pytest.mark.django_db

PUBLIC = EstablishmentType.PUBLIC


@pytest.fixture
def office(world):
    return world.users["office_staff"]


@pytest.fixture
def line(world):
    """本单位: 事业编制 5, 2 in post: 3 usable vacancies."""
    line = builders.quota(world.unit, approved=5)
    builders.staff(line, 2)
    return line


def propose(line, count=2, method=PlanMethod.EXAMINATION, year=None):
    return services.plan_line_propose(
        quota_line=line,
        year=year or TODAY.year,
        count=count,
        method=method,
        posts="初中数学教师",
        actor=system_actor(),
    )


def test_a_proposal_enters_the_regions_plan_for_the_year_awaiting_decision(world, line):
    planned = propose(line, 2)
    assert planned.plan.region == world.region
    assert planned.plan.year == TODAY.year
    assert planned.approved is None
    assert planned.get_status_display() == "待核定"


def test_a_proposal_for_a_past_year_is_refused(line):
    with pytest.raises(ValidationError) as error:
        propose(line, year=TODAY.year - 1)
    assert services.PLAN_YEAR_TOO_EARLY in error.value.messages


def test_headroom_is_usable_vacancies_plus_pool_plus_what_the_total_leaves(world, line, office):
    plan = propose(line).plan
    assert selectors.headroom(plan)[PUBLIC].headroom == 3
    region_total_set(
        region=world.region,
        establishment_type=PUBLIC,
        total=7,
        document=builders.document(),
        actor=office,
        reason="总量控制",
    )
    row = selectors.headroom(plan)[PUBLIC]
    assert (row.available, row.pool, row.unallocated, row.headroom) == (3, 0, 2, 5)


def test_a_plan_above_the_headroom_is_refused(line, office):
    planned = propose(line, 5)
    with pytest.raises(ValidationError) as error:
        services.plan_line_set(line=planned, approved=4, actor=office)
    assert error.value.messages == [
        services.PLAN_ABOVE_HEADROOM
        % {
            "type": "事业编制",
            "planned": 4,
            "headroom": 3,
            "available": 3,
            "pool": 0,
            "unallocated": 0,
        }
    ]
    planned.refresh_from_db()
    assert planned.approved is None


def test_two_lines_together_above_the_headroom_are_refused(world, line, office):
    first, second = propose(line, 2), propose(line, 2, PlanMethod.TALENT)
    services.plan_line_set(line=first, approved=2, actor=office)
    with pytest.raises(ValidationError):
        services.plan_line_set(line=second, approved=2, actor=office)
    services.plan_line_set(line=second, approved=1, actor=office)
    # Lowering is always allowed.
    services.plan_line_set(line=first, approved=1, actor=office)


def test_issuing_the_plan_issues_one_permit_per_approved_line(line, office):
    exam, talent, declined = propose(line, 2), propose(line, 1, PlanMethod.TALENT), propose(line)
    services.plan_line_set(line=exam, approved=2, actor=office)
    services.plan_line_set(line=talent, approved=1, actor=office)
    services.plan_line_set(line=declined, approved=0, actor=office)
    document = builders.document()

    issued = services.plan_issue(plan=exam.plan, document=document, actor=office)

    assert [planned.pk for planned in issued] == [exam.pk, talent.pk]
    exam.refresh_from_db()
    talent.refresh_from_db()
    declined.refresh_from_db()
    assert exam.permit.count == 2
    assert exam.permit.purpose == PermitPurpose.EXAMINATION
    assert talent.permit.purpose == PermitPurpose.TALENT
    assert exam.permit.expires_on == datetime.date(TODAY.year, 12, 31)
    assert exam.permit.document == document
    assert declined.permit is None
    assert declined.get_status_display() == "不予安排"
    assert exam.plan.status == PlanStatus.ISSUED
    assert line_figures(line).reserved == 3


def test_issuing_needs_every_line_decided_and_a_document(line, office):
    planned = propose(line)
    with pytest.raises(ValidationError) as error:
        services.plan_issue(plan=planned.plan, document=builders.document(), actor=office)
    assert services.PLAN_LINES_UNDECIDED % {"count": 1} in error.value.messages
    services.plan_line_set(line=planned, approved=1, actor=office)
    with pytest.raises(ValidationError) as error:
        services.plan_issue(plan=planned.plan, document=None, actor=office)
    assert services.PLAN_NEEDS_DOCUMENT in error.value.messages


def test_issuing_is_refused_when_vacancies_went_meanwhile(line, office):
    planned = propose(line, 3)
    services.plan_line_set(line=planned, approved=3, actor=office)
    builders.permit(line, 1)  # another permit took one of the three vacancies
    with pytest.raises(ValidationError) as error:
        services.plan_issue(plan=planned.plan, document=builders.document(), actor=office)
    assert "计划空间 2 名" in error.value.messages[0]
    planned.refresh_from_db()
    assert planned.permit is None


def test_an_issued_line_cannot_be_changed(line, office):
    planned = propose(line)
    services.plan_line_set(line=planned, approved=1, actor=office)
    services.plan_issue(plan=planned.plan, document=builders.document(), actor=office)
    with pytest.raises(ValidationError) as error:
        services.plan_line_set(line=planned, approved=2, actor=office)
    planned.refresh_from_db()
    assert services.PLAN_LINE_ISSUED % {"number": planned.permit.number} in error.value.messages


def test_used_counts_the_people_entered_on_the_plan_permits(world, line, office):
    planned = propose(line, 2)
    services.plan_line_set(line=planned, approved=2, actor=office)
    services.plan_issue(plan=planned.plan, document=builders.document(), actor=office)
    planned.refresh_from_db()
    builders.enter(builders.person(world.region, "新教师"), line, planned.permit, entry_on=TODAY)
    builders.enter(builders.person(world.region, "另一人"), line)  # not on the plan's permit

    assert selectors.used_by_line(planned.plan.lines.all()) == {planned.pk: 1}
    progress = selectors.progress(planned.plan.lines.all(), TODAY.year)
    assert (progress.planned, progress.used, progress.percent) == (2, 1, 50)
    builders.enter(builders.person(world.region, "第二位"), line, planned.permit, entry_on=TODAY)
    row = selectors.headroom(planned.plan)[PUBLIC]
    # Each line counted once, however many people entered on it.
    assert (row.proposed, row.issued, row.used) == (2, 2, 2)
    (ledger,) = selectors.ledger_rows(planned.plan.lines.all(), TODAY.year, TODAY)
    assert (ledger["proposed"], ledger["planned"], ledger["used"], ledger["remaining"]) == (
        2,
        2,
        2,
        0,
    )


def test_permits_expire_at_the_end_of_the_year_or_the_grace_months_later(settings):
    assert services.permit_expiry(2030) == datetime.date(2030, 12, 31)
    settings.BIANZHI = {**settings.BIANZHI, "PLAN_PERMIT_GRACE_MONTHS": 3}
    assert services.permit_expiry(2030) == datetime.date(2031, 3, 31)


def test_attrition_matches_the_retirement_forecast(world, line):
    birth, month = builders.first_retirement_from(TODAY.replace(day=1))
    builders.enter_unchecked(builders.person(world.region, "将退休", birth=birth), line)
    records = EstablishmentRecord.objects.filter(status="active")
    forecast = retirement_forecast.by_type(records, TODAY)[PUBLIC]

    figures = selectors.attrition(records, TODAY.year, TODAY)

    assert figures[(world.unit.pk, PUBLIC)] == (forecast[0], forecast[1])
    assert sum(figures[(world.unit.pk, PUBLIC)]) == 1
    assert selectors.attrition_by_type(records, TODAY.year, TODAY)[PUBLIC] == (
        forecast[0],
        forecast[1],
    )
    assert month.year in (TODAY.year, TODAY.year + 1)


def test_entries_and_exits_leave_out_transfers_inside_the_region(world, line):
    balance = selectors.entries_and_exits(
        EstablishmentRecord.objects.filter(quota_line__institution__region=world.region),
        last_year=TODAY.year,
    )
    # builders.staff entered 2 on the kit's ENTERED day
    entered = sum(entries for entries, _exits in balance.by_type[PUBLIC])
    assert entered == 2
    assert balance.years[-1] == TODAY.year


def test_the_unit_proposes_through_a_request_and_the_office_takes_it_into_the_plan(world, line):
    from people import services as people_services
    from people.choices import RequestKind
    from people.requests.registry import spec_for

    clerk, office = world.users["clerk"], world.users["office_staff"]
    request = people_services.request_create(
        institution=world.unit,
        kind=RequestKind.PLAN,
        occurred_on=TODAY,
        reason="明年教师缺口",
        actor=clerk,
    )
    people_services.item_add(
        request=request,
        actor=clerk,
        data={
            "year": TODAY.year + 1,
            "quota_line": line.pk,
            "count": 2,
            "posts": "初中数学教师 2 名",
            "method": PlanMethod.EXAMINATION,
        },
    )
    people_services.request_submit(request=request, actor=clerk)
    people_services.request_review(request=request, actor=world.users["reviewer"])
    people_services.request_approve(request=request, actor=office)

    planned = request.items.get().plan_line
    assert (planned.plan.year, planned.proposed, planned.approved) == (TODAY.year + 1, 2, None)
    assert planned.quota_line == line
    spec = spec_for(RequestKind.PLAN)
    assert not spec.has_reporting_clock and not spec.changes_registry


def test_the_plan_ledger_per_unit_and_type_with_a_totals_row(world, line, office, tmp_path):
    from bianzhi import ledgers
    from tests.ledgers.read import read

    planned = propose(line, 3)
    services.plan_line_set(line=planned, approved=2, actor=office)
    services.plan_issue(plan=planned.plan, document=builders.document(), actor=office)
    planned.refresh_from_db()
    builders.enter(builders.person(world.region, "新教师"), line, planned.permit, entry_on=TODAY)
    path = tmp_path / "plan.xlsx"
    ledger = ledgers.get("annual_plan")
    ledgers.write_ledger(ledger, user=office, params={"year": TODAY.year}, target=str(path))
    sheet = read(path)
    assert sheet.column("单位") == ["示例县本单位"]
    assert sheet.column("计划数") == [2]
    assert sheet.column("已使用") == [1]
    assert sheet.column("空编") == [2]  # 5 approved, 3 in post now
    assert sheet.totals()[4] == 2
    assert not ledger.missing_table_columns()
    # The supervising department's reviewer exports its unit's row.
    assert ledger.prepare(world.users["reviewer"], {"year": TODAY.year}).count == 1
