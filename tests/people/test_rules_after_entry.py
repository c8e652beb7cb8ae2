"""Issue 14, the people paths: rule 18 (leadership posts follow rule 6; 双重身份), rule 6 after
entry (revoking civil-servant registration), rule 19 (entry age) and 凡进必考."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from bianzhi.history import system_actor
from orgs.choices import InstitutionKind
from people import selectors, services
from people.labels import CIVIL_SERVANT_POST_LABEL, post_category_label
from people.models import EstablishmentRecord, LeadershipAppointment
from people.retirement import RetirementGroup
from staffing.choices import PostKind
from tests.kit import builders
from tests.kit.clock import day
from tests.kit.factories import InstitutionFactory, PublicInstitutionFactory, RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    return RegionFactory()


@pytest.fixture
def bureau(region):
    return InstitutionFactory(region=region, full_name="测试县教育局")


@pytest.fixture
def school(region):
    return PublicInstitutionFactory(region=region, full_name="测试县第一中学")


@pytest.fixture
def teacher(region, school):
    """A 事业编制 teacher with no civil-servant registration."""
    person = builders.person(region, "李老师", civil_servant_registered=False)
    builders.enter(person, builders.quota(school, 5))
    return person


def retiring_early_in_the_year(group=RetirementGroup.MAN) -> tuple[datetime.date, datetime.date]:
    """(birth, retirement month) of someone whose retirement month is between February and June
    of the kit's year (not every month has someone retiring in it)."""
    return builders.first_retirement_from(day(2, 1), group)


def appoint(person, quota, **fields):
    fields.setdefault("started_on", day(3, 1))
    fields.setdefault("document", builders.document(quota.institution))
    return services.appointment_start(
        person=person, quota=quota, title="副局长", actor=system_actor(), **fields
    )


# --- rule 18: leadership posts across units ----------------------------------------------------


def test_a_teacher_without_registration_cannot_be_appointed_deputy_head_of_the_bureau(
    bureau, teacher
):
    deputy = builders.leadership_quota(bureau, PostKind.UNIT_DEPUTY, approved=2)
    with pytest.raises(ValidationError) as refused:
        appoint(teacher, deputy)
    assert refused.value.messages == [
        services.LEADERSHIP_NEEDS_CIVIL_SERVICE
        % {"institution": "测试县教育局", "kind": bureau.get_kind_display(), "name": "李老师"}
    ]
    assert not LeadershipAppointment.objects.exists()


def test_a_post_outside_the_own_unit_needs_a_dual_identity_document(bureau, teacher):
    deputy = builders.leadership_quota(bureau, PostKind.UNIT_DEPUTY, approved=2)
    with pytest.raises(ValidationError) as refused:
        appoint(teacher, deputy, civil_service_document=builders.document(bureau))
    assert refused.value.messages == [
        services.DUAL_IDENTITY_NEEDS_DOCUMENT
        % {"name": "李老师", "home": "测试县第一中学", "institution": "测试县教育局"}
    ]
    assert not LeadershipAppointment.objects.exists()


def test_with_documents_the_appointment_is_allowed_and_listed_as_dual_identity(
    region, bureau, school, teacher
):
    deputy = builders.leadership_quota(bureau, PostKind.UNIT_DEPUTY, approved=2)
    allowed = builders.document(bureau, number="测编函〔2025〕1号")
    appointment = appoint(
        teacher, deputy, civil_service_document=allowed, dual_identity_document=allowed
    )
    assert appointment.dual_identity_document == allowed
    assert appointment.civil_service_document == allowed

    # Someone holding a post of their own unit is not listed.
    head = builders.leadership_quota(school, PostKind.UNIT_HEAD)
    principal = builders.person(region, "王校长")
    builders.enter(principal, builders.quota(school, 1, establishment_type=None))
    appoint(principal, head)

    listed = list(selectors.dual_identity_appointments())
    assert listed == [appointment]
    assert listed[0].home_institution_name == "测试县第一中学"
    scoped = LeadershipAppointment.objects.filter(quota__institution=school)
    assert list(selectors.dual_identity_appointments(scoped)) == []
    # Documented: not a post without civil-servant status.
    assert list(selectors.appointments_without_civil_service()) == []


def test_a_holder_who_left_establishment_keeps_a_post_elsewhere_listed(region, bureau, school):
    """An exit ends the posts of the unit left, not a concurrent post elsewhere: that one is
    then held by someone with no establishment record and stays on the list."""
    person = builders.person(region, "赵主任")
    record = builders.enter(person, builders.quota(school, 2))
    post = builders.leadership_quota(bureau, PostKind.UNIT_DEPUTY, approved=1)
    appointment = appoint(person, post, dual_identity_document=builders.document(bureau))
    services.exit_register(
        record=record, ended_on=day(4, 1), end_reason="resignation", actor=system_actor()
    )
    listed = list(selectors.dual_identity_appointments())
    assert listed == [appointment] and listed[0].home_institution_id is None


def test_an_unregistered_worker_in_an_organ_cannot_lead_it_without_a_document(region, bureau):
    worker_line = builders.quota(bureau, 2, establishment_type="organ_worker")
    driver = builders.person(region, "钱师傅", civil_servant_registered=False)
    builders.enter(driver, worker_line, post_category="worker")
    post = builders.leadership_quota(bureau, PostKind.UNIT_DEPUTY, approved=1)
    with pytest.raises(ValidationError):
        appoint(driver, post)
    appointment = appoint(driver, post, civil_service_document=builders.document(bureau))
    assert appointment.dual_identity_document is None
    assert list(selectors.dual_identity_appointments()) == []


# --- rule 6 after entry: revoking civil-servant registration -----------------------------------


def test_revoking_registration_of_an_organ_member_is_refused(region, bureau):
    official = builders.person(region, "孙科长")
    builders.enter(official, builders.quota(bureau, 2))
    with pytest.raises(ValidationError) as refused:
        services.person_update(
            person=official,
            actor=system_actor(),
            reason="信息更正",
            changes={"civil_servant_registered": False},
        )
    assert refused.value.messages == [
        services.REGISTRATION_NEEDED_BY_POST
        % {"name": "孙科长", "institution": "测试县教育局", "kind": bureau.get_kind_display()}
    ]
    official.refresh_from_db()
    assert official.civil_servant_registered
    assert list(selectors.records_without_civil_service(EstablishmentRecord.objects.all())) == []


def test_revoking_registration_is_refused_while_an_organ_post_needs_it(region, bureau, school):
    person = builders.person(region, "周老师")
    builders.enter(person, builders.quota(school, 2))
    post = builders.leadership_quota(bureau, PostKind.UNIT_DEPUTY, approved=1)
    appoint(person, post, dual_identity_document=builders.document(bureau))
    with pytest.raises(ValidationError) as refused:
        services.person_update(
            person=person,
            actor=system_actor(),
            reason="信息更正",
            changes={"civil_servant_registered": False},
        )
    assert "先办理免职" in refused.value.messages[0] and "规则 18" in refused.value.messages[0]


def test_revoking_registration_is_allowed_where_no_post_needs_it(region, bureau, school):
    teacher = builders.person(region, "吴老师")
    builders.enter(teacher, builders.quota(school, 2))
    driver = builders.person(region, "郑师傅")
    builders.enter(driver, builders.quota(bureau, 1, establishment_type="organ_worker"))
    for person in (teacher, driver):
        services.person_update(
            person=person,
            actor=system_actor(),
            reason="信息更正",
            changes={"civil_servant_registered": False},
        )
        person.refresh_from_db()
        assert not person.civil_servant_registered


# --- rule 19: entry age ------------------------------------------------------------------------


def test_an_eleven_year_old_cannot_enter(region, school):
    line = builders.quota(school, 2)
    child = builders.person(region, "小明", birth=day(2, 1).replace(year=day(2, 1).year - 11))
    with pytest.raises(ValidationError) as refused:
        builders.enter(child, line)
    assert refused.value.messages == [
        services.UNDER_ENTRY_AGE % {"name": "小明", "date": day(2, 1).isoformat()}
    ]
    assert not EstablishmentRecord.objects.exists()


def test_entry_on_the_sixteenth_birthday_is_allowed(region, school):
    line = builders.quota(school, 2)
    entered = day(2, 1)
    youth = builders.person(region, "小红", birth=entered.replace(year=entered.year - 16))
    assert builders.enter(youth, line).entry_on == entered


def test_a_man_past_his_retirement_month_cannot_enter(region, school):
    line = builders.quota(school, 2)
    birth, month = retiring_early_in_the_year()
    old = builders.person(region, "老张", birth=birth)
    next_month = day(month.month + 1, 1)
    with pytest.raises(ValidationError) as refused:
        builders.enter(old, line, entry_on=next_month)
    assert "已过退休时间" in refused.value.messages[0] and "规则 19" in refused.value.messages[0]
    # In the retirement month itself he is not past it yet.
    assert builders.enter(old, line, entry_on=month).entry_on == month


def test_a_transfer_past_the_retirement_month_is_refused(region, school):
    birth, retires = builders.first_retirement_from(day(2, 1), RetirementGroup.MAN)
    person = builders.person(region, "老李", birth=birth)
    record = builders.enter(person, builders.quota(school, 2), entry_on=retires)
    other = PublicInstitutionFactory(region=region, full_name="测试县第二中学")
    other_line = builders.quota(other, 2)
    with pytest.raises(ValidationError) as refused:
        services.transfer_register(
            record=record,
            quota_line=other_line,
            permit=builders.permit(other_line, purpose="transfer_in"),
            transferred_on=retires + datetime.timedelta(days=32),
            post_category="professional",
            actor=system_actor(),
        )
    assert "已过退休时间" in refused.value.messages[0]
    record.refresh_from_db()
    assert record.is_active


# --- 凡进必考 ----------------------------------------------------------------------------------


def test_an_entry_on_an_examination_permit_must_come_by_examination(region, school):
    line = builders.quota(school, 2)
    permit = builders.permit(line, 2, purpose="examination")
    person = builders.person(region, "钱进")
    with pytest.raises(ValidationError) as refused:
        builders.enter(person, line, permit, entry_way="transfer_in")
    assert refused.value.messages == [
        services.EXAM_PERMIT_NEEDS_EXAM % {"number": permit.number, "way": "调入"}
    ]
    document = builders.document(school)
    record = builders.enter(
        person, line, permit, entry_way="transfer_in", exam_exemption_document=document
    )
    assert record.exam_exemption_document == document
    assert builders.enter(builders.person(region, "考生"), line, permit).entry_way == "recruitment"


def test_other_permits_take_any_entry_way(region, school):
    line = builders.quota(school, 2)
    permit = builders.permit(line, 1, purpose="transfer_in")
    person = builders.person(region, "调入者")
    assert builders.enter(person, line, permit, entry_way="transfer_in").permit == permit


# --- words: civil servants are not on 管理岗位 ---------------------------------------------------


def test_organ_staff_are_shown_with_civil_service_wording(region, bureau, school):
    official = builders.person(region, "冯科员")
    record = builders.enter(official, builders.quota(bureau, 2))
    assert record.post_category == "management"  # the stored value is kept
    assert record.post_label == CIVIL_SERVANT_POST_LABEL
    assert post_category_label("management", InstitutionKind.CIVIL_SERVANT_MANAGED) == (
        CIVIL_SERVANT_POST_LABEL
    )
    assert post_category_label("management", InstitutionKind.PUBLIC_INSTITUTION) == "管理岗位"
    assert post_category_label("worker", InstitutionKind.PARTY_GOVERNMENT) == "工勤技能岗位"


def test_the_entry_date_check_uses_the_worker_retirement_age_for_women_workers(region, school):
    """Rule 19 follows rule 10: a woman on a worker post retires at 50."""
    line = builders.quota(school, 2)
    birth, month = retiring_early_in_the_year(RetirementGroup.WOMAN_WORKER)
    woman = builders.person(region, "陈师傅", male=False, birth=birth)
    next_month = day(month.month + 1, 1)
    with pytest.raises(ValidationError):
        builders.enter(woman, line, post_category="worker", entry_on=next_month)
    assert builders.enter(woman, line, post_category="professional", entry_on=next_month)


def test_the_roster_ledger_shows_the_wording_and_the_civil_servant_status():
    from people.ledgers import RosterLedger

    columns = {column.header: column for column in RosterLedger().columns(None)}
    row = {
        "post_category": "management",
        "quota_line__institution__kind": InstitutionKind.PARTY_GOVERNMENT,
        "person__civil_servant_registered": True,
    }
    assert columns["岗位类别"].value(row) == CIVIL_SERVANT_POST_LABEL
    assert columns["公务员登记"].value(row) == "是"
    school_row = {**row, "quota_line__institution__kind": InstitutionKind.PUBLIC_INSTITUTION}
    assert columns["岗位类别"].value(school_row) == "管理岗位"
