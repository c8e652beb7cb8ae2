"""The demo county's establishment and people: loaded by ``manage.py load_demo`` through the
services, consistent with the rules (6, 7, 11, 1), showing every case the overview lists (超编,
超职数, past retirement, duplicate names), and loaded only once."""

from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from bianzhi import access
from bianzhi.history import system_actor
from checks import registry as check_registry
from checks import selectors as check_selectors
from hospitals.models import ControlTotal, FiledStaffRecord, Hospital
from orgs.choices import ORGAN_KINDS, InstitutionKind
from orgs.models import Institution, Region
from people.choices import EndReason, PostCategory, RecordStatus, RequestOrigin, RequestState
from people.idnumbers import parse_id_number
from people.models import (
    ChangeRequest,
    ChangeRequestItem,
    EstablishmentRecord,
    LeadershipAppointment,
    Person,
)
from people.selectors import past_retirement
from sampledata.demo import breaches
from sampledata.demo.followups import TRANSFER_TITLE
from sampledata.demo.orgs import COUNTY_CODE, DEMO_ACCOUNTS
from sampledata.demo.people import add_months, load_demo_people
from sampledata.management.commands.load_demo import NOTHING_CHANGED
from schools.models import Reallocation
from schools.selectors import school_rows
from schools.standards import previous_school_year, school_year_of
from staffing.choices import (
    ALLOWED_TYPES,
    AdjustmentKind,
    EstablishmentType,
    PermitStatus,
    PoolPurpose,
    PushDownMode,
)
from staffing.models import (
    Adjustment,
    LeadershipQuota,
    PoolBalance,
    PoolLoan,
    QuotaLine,
    SpecialQuota,
    UsagePermit,
)
from staffing.pool_figures import (
    OUTSTANDING,
    OVERDUE,
    loan_state,
    loans_with_figures,
    specials_with_figures,
)
from staffing.push_down import push_down_totals
from staffing.selectors import (
    leadership_with_figures,
    over_established,
    over_leadership_quota,
    with_figures,
)
from staffing.services import region_approved
from tests.kit.clock import day
from tests.kit.database import committed
from tests.kit.writes import row_counts


@pytest.fixture(scope="class")
def demo_output(django_db_setup, django_db_blocker):
    """``manage.py load_demo`` run once for a class of tests, committed and emptied after it
    (each test still rolls back its own changes); see tests/kit/database.py."""
    out = StringIO()
    with committed(django_db_blocker):
        call_command("load_demo", stdout=out)
        yield out.getvalue()


def county() -> Region:
    return Region.objects.get(code=COUNTY_CODE)


def county_lines():
    return QuotaLine.objects.filter(institution__region__code=COUNTY_CODE)


def active_records():
    return EstablishmentRecord.objects.filter(
        status=RecordStatus.ACTIVE, quota_line__institution__region__code=COUNTY_CODE
    )


def changed_later(model):
    """The pks of ``model`` rows the demo's 自查 breaches changed as later events would
    (sampledata.demo.breaches): they break rules 4 and 6 on purpose."""
    return (
        model.history.filter(history_change_reason__startswith=breaches.LATER)
        .values("id")
        .distinct()
    )


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_output")
class TestDemoPeople:
    def test_command_reports_what_it_created_and_lists_accounts(self, demo_output):
        assert "已创建" in demo_output
        for part in (
            "编制",
            "用编通知单",
            "实名人员",
            "领导任职",
            f"演示账号 {len(DEMO_ACCOUNTS)} 个",
            "身份确认",
        ):
            assert part in demo_output
        for header in ("用户名", "密码", "角色", "范围"):
            assert header in demo_output
        for account in DEMO_ACCOUNTS:
            assert account.username in demo_output
            assert account.password in demo_output

    def test_about_two_thousand_active_people_on_every_active_institution(self):
        assert active_records().count() >= 1800
        active_units = Institution.objects.filter(
            region__code=COUNTY_CODE, status="active"
        ).exclude(full_name__in=breaches.NEW_UNITS)  # the 自查 breaches: quota but nobody
        staffed_lines = county_lines().exclude(institution__full_name__in=breaches.NEW_UNITS)
        assert set(staffed_lines.values_list("institution", flat=True)) == set(
            active_units.values_list("pk", flat=True)
        )
        assert not active_units.exclude(quota_lines__records__status=RecordStatus.ACTIVE).exists()

    def test_every_id_number_is_valid_and_agrees_with_birth_date_and_sex(self):
        people = Person.objects.filter(region__code=COUNTY_CODE)
        assert people.count() >= 1800
        for person in people:
            parsed = parse_id_number(person.id_number)
            assert parsed.number == person.id_number
            assert parsed.birth_date == person.birth_date
            assert (person.sex == "M") == parsed.is_male
            assert person.id_number.startswith("99")

    def test_ages_are_working_ages(self):
        today = timezone.localdate()
        births = active_records().values_list("person__birth_date", flat=True)
        ages = [(today - birth).days // 365 for birth in births]
        assert min(ages) >= 22
        assert max(ages) <= 64

    def test_every_record_suits_its_institution_kind_rule_6(self):
        consistent = active_records().exclude(person__in=changed_later(Person))
        for kind, establishment_type, post, registered in consistent.exclude(
            pk__in=changed_later(EstablishmentRecord)
        ).values_list(
            "quota_line__institution__kind",
            "quota_line__establishment_type",
            "post_category",
            "person__civil_servant_registered",
        ):
            assert establishment_type in ALLOWED_TYPES[kind]
            worker = post == PostCategory.WORKER
            if kind in ORGAN_KINDS:
                assert worker == (establishment_type == EstablishmentType.ORGAN_WORKER)
            if kind in ORGAN_KINDS or kind == InstitutionKind.CIVIL_SERVANT_MANAGED:
                assert registered or worker

    def test_nobody_holds_two_active_records_rule_7(self):
        doubled = (
            EstablishmentRecord.objects.filter(status=RecordStatus.ACTIVE)
            .values("person")
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
        )
        assert not doubled.exists()

    def test_figures_are_consistent_rule_1(self):
        lines = list(with_figures(county_lines().exclude(pk__in=changed_later(QuotaLine))))
        assert all(line.reserved >= 0 for line in lines)
        assert all(line.vacancy >= 0 and line.over >= 0 for line in lines)
        assert sum(line.reserved for line in lines) > 0
        for line in lines:
            if line.over:
                assert line.over_establishment_reason
        assert not PoolBalance.objects.filter(balance__lt=0).exists()
        for total in county().totals.all():
            assert region_approved(county(), total.establishment_type) <= total.total

    def test_most_lines_are_filled_to_seventy_percent_or_more(self):
        lines = [line for line in with_figures(county_lines()) if line.approved >= 10]
        filled = [line for line in lines if line.occupied >= 0.7 * line.approved]
        assert len(filled) >= 0.9 * len(lines)

    def test_two_or_more_units_are_over_established_after_the_merger(self):
        over = over_established(county_lines())
        assert over.count() >= 2
        merger = Adjustment.objects.get(kind=AdjustmentKind.DECREASE)
        assert merger.over_establishment_reason
        assert merger.over_establishment_measures and merger.over_establishment_deadline
        merged_lines = over.filter(institution__in=merger.lines.values("institution"))
        assert all(line.over_establishment_measures for line in merged_lines)
        merged = set(merger.lines.values_list("institution", flat=True))
        assert merged <= set(over.values_list("institution", flat=True))

    def test_adjustments_cover_approval_transfer_reclaim_and_allocation(self):
        kinds = Counter(Adjustment.objects.values_list("kind", flat=True))
        assert kinds[AdjustmentKind.INITIAL] >= 10
        for kind in (AdjustmentKind.ALLOCATE, AdjustmentKind.DECREASE):
            assert kinds[kind] == 1
        # The county's reclaim, and the demo 空编收回 proposal the office accepted (rule 25).
        assert kinds[AdjustmentKind.RECLAIM] == 2
        # Three transfers: one between county units, one pushed down to a township (rule 23),
        # one between two schools by the education bureau's reviewer (rule 28); and the two the
        # 跟踪问效 demo follows up (rules 40, 41).
        assert kinds[AdjustmentKind.TRANSFER] == 5
        followed = TRANSFER_TITLE.split("%s")[-1]
        assert Adjustment.objects.filter(document__title__endswith=followed).count() == 2
        transfer = Adjustment.objects.exclude(document__title__endswith=followed).get(
            kind=AdjustmentKind.TRANSFER, push_down="", school_reallocation__isnull=True
        )
        assert sorted(transfer.lines.values_list("delta", flat=True)) == [-2, 2]
        # A 统筹编制 pool per type, the talent pool and the administrative reserve (rule 26).
        assert PoolBalance.objects.filter(region=county(), balance__gt=0).count() == 6

    def test_a_talent_pool_lends_and_an_over_unit_holds_a_special_quota(self):
        """Rules 26 and 27 in the demo: a loan of the talent pool, another past its due date, a
        行政编制储备, and a 高层次人才专项编制 in an over-established unit with its holder."""
        today = timezone.localdate()
        loans = list(loans_with_figures(PoolLoan.objects.filter(pool__region=county())))
        assert len(loans) == 2
        assert {loan_state(loan, today) for loan in loans} == {OUTSTANDING, OVERDUE}
        assert PoolBalance.objects.filter(
            region=county(), purpose=PoolPurpose.ADMINISTRATIVE_RESERVE, balance__gt=0
        ).exists()
        special = specials_with_figures(SpecialQuota.objects.all()).get()
        assert special.holders == 1
        assert with_figures(QuotaLine.objects.filter(pk=special.quota_line_id)).get().over > 0

    def test_one_transfer_is_pushed_down_to_a_township_unit(self):
        pushed = Adjustment.objects.exclude(push_down="").get()
        assert pushed.kind == AdjustmentKind.TRANSFER
        assert pushed.push_down == PushDownMode.TOWNSHIP_QUOTA
        receiving = pushed.lines.get(delta__gt=0).institution
        assert receiving.is_township_unit
        staff = get_user_model().objects.get(username="staff")
        rows = push_down_totals(staff)
        assert [(row.township, row.year, row.mode, row.quota) for row in rows] == [
            ("示例县城关镇人民政府", pushed.effective_on.year, PushDownMode.TOWNSHIP_QUOTA, 3)
        ]

    def test_the_schools_have_students_and_one_reallocation_by_the_reviewer(self):
        today = timezone.localdate()
        reviewer = get_user_model().objects.get(username="reviewer")
        this_year = school_year_of(today)
        rows = school_rows(reviewer, school_year=this_year)
        assert len(rows) == 6
        assert all(row.students and row.standard for row in rows)
        assert any(row.boarding and row.township for row in rows)
        assert {row.difference < 0 for row in rows} == {True, False}  # 缺 and 超 both shown
        last_year = school_rows(reviewer, school_year=previous_school_year(this_year))
        assert all(row.students for row in last_year)
        reallocation = Reallocation.objects.get()
        assert reallocation.adjustment.applied_by == reviewer
        assert reallocation.bureau.full_name == "示例县教育局"
        assert reallocation.adjustment.document.issuer == "示例县教育局"

    def test_the_hospitals_have_two_years_of_figures_a_filing_and_filed_staff(self, demo_output):
        """Rule 29: each demo hospital files a control total from its figures (the 中医医院's
        above the standard, with its reason); its 备案制 people hold no 编制 record."""
        assert "人员控制总量备案 2 件" in demo_output
        hospitals = Hospital.objects.filter(institution__region__code=COUNTY_CODE)
        assert hospitals.count() == 2
        for hospital in hospitals:
            assert hospital.figures.count() == 2
            filing = hospital.control_totals.get()
            assert filing.total >= filing.standard or filing.over_standard_reason
            assert filing.total > filing.standard or not filing.over_standard_reason
        assert ControlTotal.objects.exclude(over_standard_reason="").count() == 1
        filed = FiledStaffRecord.objects.filter(hospital__in=hospitals)
        assert filed.filter(status=RecordStatus.ACTIVE).count() >= 5
        assert filed.filter(status=RecordStatus.ENDED).count() == 1
        assert not active_records().filter(person__filed_records__in=filed).exists()

    def test_permits_open_full_cancelled_and_expired(self):
        today = timezone.localdate()
        permits = UsagePermit.objects.annotate(used=Count("records"))
        open_now = permits.filter(
            status=PermitStatus.OPEN, issued_on__lte=today, expires_on__gte=today
        )
        assert any(p.used < p.count for p in open_now)
        assert any(p.used == p.count for p in open_now)
        assert permits.filter(status=PermitStatus.CANCELLED).count() == 1
        assert any(p.used < p.count for p in permits.filter(status=PermitStatus.EXPIRED))
        assert all(p.used <= p.count for p in permits)

    def test_leadership_posts_are_mostly_filled_and_one_unit_is_over_its_quota(self):
        quotas = LeadershipQuota.objects.filter(institution__region__code=COUNTY_CODE)
        figures = list(leadership_with_figures(quotas))
        assert sum(q.filled for q in figures) >= 0.75 * sum(q.approved for q in figures)
        over = list(over_leadership_quota(quotas))
        assert len(over) == 1
        extra = LeadershipAppointment.objects.filter(
            quota=over[0], over_quota_document__isnull=False, ended_on__isnull=True
        )
        assert extra.count() == 1

    def test_someone_past_retirement_is_still_active(self):
        first_of_month = timezone.localdate().replace(day=1)
        overdue = [
            record
            for record in active_records().select_related("person")
            if record.retirement_month() < first_of_month
        ]
        assert 3 <= len(overdue) <= 10
        assert any(record.post_category == PostCategory.WORKER for record in overdue)

    def test_people_past_retirement_are_expected_exits_of_their_units(self, demo_output):
        """load_demo ends as the daily detect_expected_changes does (rule 9)."""
        expected = ChangeRequest.objects.filter(
            origin=RequestOrigin.EXPECTED, institution__region__code=COUNTY_CODE
        )
        records = {
            item.record_id for item in ChangeRequestItem.objects.filter(request__in=expected)
        }
        assert records == {record.pk for record in past_retirement(active_records())}
        assert f"系统预警出编申报 {expected.count()} 件" in demo_output
        assert any(request.is_overdue() for request in expected)

    def test_duplicate_names_sit_in_different_units(self):
        repeated = (
            active_records()
            .values("person__name")
            .annotate(units=Count("quota_line__institution", distinct=True))
            .filter(units__gt=1)
        )
        assert repeated.count() >= 1

    def test_ended_records_and_a_transfer(self):
        reasons = Counter(
            EstablishmentRecord.objects.filter(status=RecordStatus.ENDED).values_list(
                "end_reason", flat=True
            )
        )
        assert reasons[EndReason.RETIREMENT] >= 2
        assert reasons[EndReason.TRANSFER_OUT] >= 1
        assert reasons[EndReason.INTERNAL_TRANSFER] == 1
        moved = EstablishmentRecord.objects.get(end_reason=EndReason.INTERNAL_TRANSFER)
        now = moved.person.records.get(status=RecordStatus.ACTIVE)
        assert now.institution != moved.institution
        assert now.permit is not None and now.entry_document == moved.end_document
        # 去向 (issue 16): the new unit inside the county, the stated one for who left it.
        assert moved.end_destination == now.institution.full_name
        leavers = EstablishmentRecord.objects.filter(end_reason=EndReason.TRANSFER_OUT)
        assert all(record.end_destination for record in leavers)

    def test_every_row_is_attributed_to_the_system_actor_rule_13(self):
        """The loader writes as the system; the demo office staff approve the school's request,
        and the education bureau's reviewer reallocates between two schools (rule 28)."""
        actor = system_actor()
        staff = get_user_model().objects.get(username="staff")
        reviewer = get_user_model().objects.get(username="reviewer")
        for model in (QuotaLine, Adjustment, UsagePermit, Person, EstablishmentRecord):
            users = set(model.history.values_list("history_user", flat=True))
            assert actor.pk in users
            assert users <= {actor.pk, staff.pk, reviewer.pk}
            assert not model.history.filter(history_change_reason="").exists()

    def test_demo_clerk_and_reviewer_find_people_in_their_scope(self):
        users = get_user_model().objects
        clerk_people = access.restrict(Person.objects.all(), users.get(username="clerk"))
        assert clerk_people.count() >= 100
        clerk_units = access.restrict(
            EstablishmentRecord.objects.all(), users.get(username="clerk")
        )
        assert set(clerk_units.values_list("quota_line__institution__full_name", flat=True)) == {
            "示例县第一中学"
        }
        reviewer = users.get(username="reviewer")
        reviewer_lines = access.restrict(QuotaLine.objects.all(), reviewer)
        names = set(reviewer_lines.values_list("institution__full_name", flat=True))
        assert {"示例县教育局", "示例县第一中学", "示例县第二中学"} <= names
        assert "示例县人民医院" not in names
        assert access.restrict(UsagePermit.objects.all(), reviewer).exists()

    def test_the_school_has_a_request_in_every_state_made_by_the_demo_accounts(self):
        school = ChangeRequest.objects.filter(
            institution__full_name="示例县第一中学", origin=RequestOrigin.UNIT
        )
        assert set(school.values_list("state", flat=True)) == set(RequestState.values)
        assert {request.created_by.username for request in school} == {"clerk"}
        assert school.filter(items__person_name__isnull=False).exists()
        late = [request for request in school if request.is_late]
        assert late, "one report reaches the office after its due date (rule 9)"

    def test_every_self_check_finds_something_rule_22(self):
        staff = get_user_model().objects.get(username="staff")
        results = check_selectors.report(staff, timezone.localdate())
        assert [result.check.code for result in results if not result.count] == []
        assert len(results) == len(check_registry.every())

    def test_the_problem_ledger_has_a_problem_in_every_state_rules_30_to_33(self):
        from oversight.choices import ProblemSource, ProblemStatus
        from oversight.models import Problem
        from oversight.selectors import cleared_by_data

        today = timezone.localdate()
        problems = Problem.objects.all()
        assert set(problems.values_list("status", flat=True)) == set(ProblemStatus.values)
        assert any(problem.is_overdue(today) for problem in problems)
        assert problems.filter(source=ProblemSource.SELF_CHECK).count() == 2
        staff = get_user_model().objects.get(username="staff")
        assert len(cleared_by_data(problems, staff)) == 1
        clerk = get_user_model().objects.get(username="clerk")
        mine = access.restrict(Problem.objects.all(), clerk)
        assert set(mine.values_list("status", flat=True)) == set(ProblemStatus.values)

    def test_second_load_writes_no_rows_and_no_history(self):
        before = row_counts()
        assert set(load_demo_people(actor=system_actor()).values()) == {0}
        out = StringIO()
        call_command("load_demo", stdout=out)
        assert NOTHING_CHANGED in out.getvalue()
        assert "demo-admin-2026" in out.getvalue()
        assert row_counts() == before


def test_month_arithmetic_of_the_demo_anchor():
    """Month arithmetic behind the demo's dates (retirement months, the cut-off for others)."""
    assert add_months(day(1, 15), -2) == day(11, 1, years=-1)
    assert add_months(day(11, 1), 3) == day(2, 1, years=1)
