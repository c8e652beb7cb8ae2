"""Entry (入编), exit (出编) and transfer (调动) through ``people.services``: rule 3 (an open permit
of the same quota line with an unused slot), rule 6 (type and post suit the unit), rule 7 (one
person, one establishment) and their dates. Each refusal carries its message and writes nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from orgs.choices import InstitutionKind
from people import services
from people.choices import EndReason, EntryWay, PostCategory, RecordStatus
from people.models import END_FIELDS_REQUIRED, EstablishmentRecord
from people.services import (
    ALREADY_ACTIVE,
    CIVIL_SERVANT_REQUIRED,
    DATE_IN_FUTURE,
    DEPARTMENT_OF_OTHER_INSTITUTION,
    ENTRY_NEEDS_PERMIT,
    EXIT_BEFORE_ENTRY,
    NO_VACANCY,
    PERMIT_NOT_OPEN_ON,
    PERMIT_OTHER_LINE,
    PERMIT_USED_UP,
    RECORD_NOT_ACTIVE,
    TRANSFER_TO_SAME_UNIT,
    WORKER_NEEDS_WORKER_SLOT,
    WORKER_SLOT_NEEDS_WORKER,
)
from staffing import services as staffing_services
from staffing.choices import AdjustmentKind, EstablishmentType
from staffing.models import (
    MIXED_ESTABLISHMENT,
    QuotaLine,
    UsagePermit,
)
from staffing.selectors import line_figures
from tests.kit import builders
from tests.kit.clock import day
from tests.kit.factories import (
    DepartmentFactory,
    InstitutionFactory,
    PublicInstitutionFactory,
    RegionFactory,
)
from tests.kit.writes import attribution, latest, nothing_written, written

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_id_serials")]

ENTERED = day(3, 2)


@pytest.fixture
def line(finance):
    return builders.quota(finance, 3)


@pytest.fixture
def newcomer(region):
    return builders.person(region, "王芳", male=False)


def enter(person, line, permit, actor, **fields):
    fields.setdefault("post_category", builders.post_for(line))
    fields.setdefault("entry_way", EntryWay.CIVIL_SERVICE_EXAM)
    fields.setdefault("entry_on", ENTERED)
    return services.entry_register(
        person=person, quota_line=line, permit=permit, actor=actor, **fields
    )


LEFT = day(3, 1)
MOVED = day(3, 2)


def leave(record, actor, on=LEFT, reason=EndReason.RETIREMENT, **fields):
    return services.exit_register(
        record=record, ended_on=on, end_reason=reason, actor=actor, **fields
    )


def transfer(record, line, permit, actor, on=MOVED, **fields):
    fields.setdefault("post_category", builders.post_for(line))
    return services.transfer_register(
        record=record, quota_line=line, permit=permit, transferred_on=on, actor=actor, **fields
    )


def label(line) -> str:
    return f"“{line.institution.full_name}”{line.type_label}"


def tomorrow():
    return timezone.localdate() + datetime.timedelta(days=1)


# --- rule 3: a permit of the same line with an unused slot --------------------------------------


def test_entry_without_a_permit_is_refused_naming_the_figures(line, newcomer, actor):
    builders.staff(line, 1)
    builders.permit(line, 1)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        enter(newcomer, line, None, actor)

    assert excinfo.value.messages == [
        ENTRY_NEEDS_PERMIT
        % {"line": "“测试县财政局”行政编制", "approved": 3, "occupied": 1, "reserved": 1}
    ]


def test_entry_with_a_permit_of_another_line_of_the_unit_is_refused(finance, line, newcomer, actor):
    workers = builders.quota(finance, 2, establishment_type=EstablishmentType.ORGAN_WORKER)
    permit = builders.permit(workers, 1)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        enter(newcomer, line, permit, actor)

    assert excinfo.value.messages == [
        PERMIT_OTHER_LINE
        % {
            "number": permit.number,
            "permit_line": "“测试县财政局”机关工勤编制",
            "line": "“测试县财政局”行政编制",
        }
    ]


def test_entry_with_a_permit_of_another_unit_is_refused(audit, line, newcomer, actor):
    permit = builders.permit(builders.quota(audit, 2), 1)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        enter(newcomer, line, permit, actor)

    assert excinfo.value.messages == [
        PERMIT_OTHER_LINE
        % {
            "number": permit.number,
            "permit_line": "“测试县审计局”行政编制",
            "line": "“测试县财政局”行政编制",
        }
    ]


def test_entry_with_a_used_up_permit_is_refused(region, line, newcomer, actor):
    permit = builders.permit(line, 1)
    enter(builders.person(region, "李强"), line, permit, actor)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        enter(newcomer, line, permit, actor)

    assert excinfo.value.messages == [
        PERMIT_USED_UP % {"number": permit.number, "count": 1, "used": 1}
    ]


def test_a_permit_slot_used_by_someone_who_left_stays_used(region, line, newcomer, actor):
    permit = builders.permit(line, 1)
    first = enter(builders.person(region, "李强"), line, permit, actor)
    leave(first, actor, on=ENTERED)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        enter(newcomer, line, permit, actor)

    assert excinfo.value.messages == [
        PERMIT_USED_UP % {"number": permit.number, "count": 1, "used": 1}
    ]


@pytest.mark.parametrize("entry_on", [day(1, 9), day(3, 1)], ids=["before", "after"])
def test_entry_outside_the_permits_validity_is_refused(line, newcomer, actor, entry_on):
    permit = builders.permit(line, 1, issued_on=day(1, 10), expires_on=day(2, 28))

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        enter(newcomer, line, permit, actor, entry_on=entry_on)

    assert excinfo.value.messages == [
        PERMIT_NOT_OPEN_ON
        % {
            "number": permit.number,
            "date": entry_on.isoformat(),
            "issued": day(1, 10).isoformat(),
            "expires": day(2, 28).isoformat(),
        }
    ]


def test_entry_on_the_first_and_last_day_of_the_permit_is_allowed(region, line, actor):
    permit = builders.permit(line, 2, issued_on=day(1, 10), expires_on=day(2, 28))
    enter(builders.person(region, "甲"), line, permit, actor, entry_on=day(1, 10))
    enter(builders.person(region, "乙"), line, permit, actor, entry_on=day(2, 28))
    assert permit.records.count() == 2


def test_entry_with_a_cancelled_permit_is_refused(line, newcomer, actor):
    permit = builders.permit(line, 1)
    staffing_services.permit_cancel(permit=permit, actor=actor, reason="招考计划取消")

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        enter(newcomer, line, permit, actor)

    assert excinfo.value.messages == [
        PERMIT_NOT_OPEN_ON
        % {
            "number": permit.number,
            "date": ENTERED.isoformat(),
            "issued": day(1, 10).isoformat(),
            "expires": builders.EXPIRES.isoformat(),
        }
    ]


def test_entry_with_an_expired_permit_is_refused_even_within_its_dates(line, newcomer, actor):
    permit = builders.permit(line, 1, expires_on=day(2, 28))
    staffing_services.permits_expire(today=day(3, 1), actor=actor)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        enter(newcomer, line, permit, actor, entry_on=day(2, 1))

    assert excinfo.value.messages == [
        PERMIT_NOT_OPEN_ON
        % {
            "number": permit.number,
            "date": day(2, 1).isoformat(),
            "issued": day(1, 10).isoformat(),
            "expires": day(2, 28).isoformat(),
        }
    ]


def test_entry_consumes_one_slot_of_its_permit(line, newcomer, actor):
    permit = builders.permit(line, 2)
    before = line_figures(line, on=ENTERED)

    record = enter(newcomer, line, permit, actor)

    after = line_figures(line, on=ENTERED)
    assert (before.occupied, before.reserved) == (0, 2)
    assert (after.occupied, after.reserved, after.available) == (1, 1, 1)
    assert (record.permit, record.quota_line, record.status) == (permit, line, RecordStatus.ACTIVE)


def test_a_cut_below_the_permits_is_refused_so_the_permit_stays_usable(
    region, finance, line, newcomer, actor
):
    """Rule 16 (issue 14, item 5): the cut that once left this permit unusable is refused."""
    builders.staff(line, 1)
    permit = builders.permit(line, 2)
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        staffing_services.adjustment_apply(
            region=region,
            kind=AdjustmentKind.DECREASE,
            summary="核减编制",
            document=builders.document(finance),
            effective_on=day(3, 1),
            lines=[staffing_services.LineChange(EstablishmentType.ADMINISTRATIVE, -2, finance)],
            actor=actor,
        )

    assert excinfo.value.messages == [
        staffing_services.BELOW_RESERVED
        % {
            "target": "“测试县财政局”",
            "type": "行政编制",
            "when": "",
            "occupied": 1,
            "reserved": 2,
            "permits": permit.number,
            "after": 1,
        }
    ]
    record = enter(newcomer, line, permit, actor)
    assert record.permit == permit


def test_entry_uses_the_quota_in_force_on_its_date(region, finance, line, newcomer, actor):
    """Rule 15: an increase counts from its day, so an entry dated before it finds no vacancy."""
    builders.staff(line, 3)
    staffing_services.adjustment_apply(
        region=region,
        kind=AdjustmentKind.INCREASE,
        summary="增加编制",
        document=builders.document(finance),
        effective_on=day(6, 1),
        lines=[staffing_services.LineChange(EstablishmentType.ADMINISTRATIVE, 1, finance)],
        actor=actor,
    )
    permit = builders.permit(line, 1)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        enter(newcomer, line, permit, actor, entry_on=day(3, 1))

    assert excinfo.value.messages == [
        NO_VACANCY % {"line": "“测试县财政局”行政编制", "approved": 3, "occupied": 3}
    ]
    assert enter(newcomer, line, permit, actor, entry_on=day(6, 1)).permit == permit


def test_entry_into_a_department_of_another_institution_is_refused(audit, line, newcomer, actor):
    permit = builders.permit(line, 1)
    department = DepartmentFactory(institution=audit)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        enter(newcomer, line, permit, actor, department=department)

    assert excinfo.value.messages == [
        DEPARTMENT_OF_OTHER_INSTITUTION % {"institution": "测试县财政局"}
    ]


def test_entry_cannot_be_dated_in_the_future(line, newcomer, actor):
    permit = builders.permit(line, 1)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        enter(newcomer, line, permit, actor, entry_on=tomorrow())

    assert excinfo.value.messages == [DATE_IN_FUTURE % {"label": "入编时间"}]


# --- rule 6: the type and the post suit the unit ------------------------------------------------


def test_a_non_worker_in_an_organ_needs_civil_servant_status(region, line, actor):
    applicant = builders.person(region, "赵敏", civil_servant_registered=False)
    permit = builders.permit(line, 1)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        enter(applicant, line, permit, actor, post_category=PostCategory.MANAGEMENT)

    assert excinfo.value.messages == [
        CIVIL_SERVANT_REQUIRED % {"institution": "测试县财政局", "kind": "党政机关", "name": "赵敏"}
    ]


def test_a_non_worker_in_a_civil_servant_managed_unit_needs_civil_servant_status(region, actor):
    managed = PublicInstitutionFactory(
        region=region,
        full_name="测试县农业综合执法大队",
        kind=InstitutionKind.CIVIL_SERVANT_MANAGED,
        public_service_class="",
    )
    line = builders.quota(managed, 3)
    applicant = builders.person(region, "赵敏", civil_servant_registered=False)
    permit = builders.permit(line, 1)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        enter(applicant, line, permit, actor, post_category=PostCategory.MANAGEMENT)

    assert excinfo.value.messages == [
        CIVIL_SERVANT_REQUIRED
        % {
            "institution": "测试县农业综合执法大队",
            "kind": "参照公务员法管理事业单位",
            "name": "赵敏",
        }
    ]


def test_a_public_institution_needs_no_civil_servant_status(region, actor):
    school = PublicInstitutionFactory(region=region, full_name="测试县第一中学")
    line = builders.quota(school, 3)
    teacher = builders.person(region, "赵敏", civil_servant_registered=False)

    record = enter(
        teacher,
        line,
        builders.permit(line, 1),
        actor,
        post_category=PostCategory.PROFESSIONAL,
        entry_way=EntryWay.PUBLIC_RECRUITMENT,
    )

    assert record.is_active


def test_an_organ_worker_needs_no_civil_servant_status(region, finance, actor):
    workers = builders.quota(finance, 2, establishment_type=EstablishmentType.ORGAN_WORKER)
    driver = builders.person(region, "钱师傅", civil_servant_registered=False)

    record = enter(
        driver, workers, builders.permit(workers, 1), actor, post_category=PostCategory.WORKER
    )

    assert record.is_active


def test_a_worker_in_an_organ_must_take_an_organ_worker_slot(line, newcomer, actor):
    permit = builders.permit(line, 1)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        enter(newcomer, line, permit, actor, post_category=PostCategory.WORKER)

    assert excinfo.value.messages == [WORKER_NEEDS_WORKER_SLOT]


def test_an_organ_worker_slot_takes_only_a_worker(finance, newcomer, actor):
    workers = builders.quota(finance, 2, establishment_type=EstablishmentType.ORGAN_WORKER)
    permit = builders.permit(workers, 1)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        enter(newcomer, workers, permit, actor, post_category=PostCategory.MANAGEMENT)

    assert excinfo.value.messages == [WORKER_SLOT_NEEDS_WORKER]


def test_a_worker_in_a_public_institution_takes_public_quota(region, actor):
    school = PublicInstitutionFactory(region=region, full_name="测试县第一中学")
    line = builders.quota(school, 3)
    cook = builders.person(region, "孙师傅", civil_servant_registered=False)

    record = enter(
        cook,
        line,
        builders.permit(line, 1),
        actor,
        post_category=PostCategory.WORKER,
        entry_way=EntryWay.PUBLIC_RECRUITMENT,
    )

    assert record.quota_line.establishment_type == EstablishmentType.PUBLIC


def test_entry_on_a_mixed_line_written_around_the_services_is_refused(region, newcomer, actor):
    school = PublicInstitutionFactory(region=region, full_name="测试县第一中学")
    mixed = QuotaLine.objects.create(
        institution=school, establishment_type=EstablishmentType.ADMINISTRATIVE, approved=2
    )
    permit = UsagePermit.objects.create(
        number="测试〔2026〕1号",
        quota_line=mixed,
        count=1,
        purpose="examination",
        issued_on=day(1, 10),
        expires_on=builders.EXPIRES,
    )

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        enter(newcomer, mixed, permit, actor, post_category=PostCategory.MANAGEMENT)

    assert excinfo.value.messages == [
        MIXED_ESTABLISHMENT % {"kind": "事业单位", "type": "行政编制"}
    ]


# --- rule 7: one person, one establishment ------------------------------------------------------


def test_a_person_active_elsewhere_cannot_enter(audit, line, newcomer, actor):
    enter(newcomer, line, builders.permit(line, 1), actor)
    audit_line = builders.quota(audit, 2)
    permit = builders.permit(audit_line, 1)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        enter(newcomer, audit_line, permit, actor)

    assert excinfo.value.messages == [
        ALREADY_ACTIVE % {"name": "王芳", "institution": "测试县财政局", "type": "行政编制"}
    ]


def test_a_person_active_in_the_unit_cannot_enter_it_again(line, newcomer, actor):
    permit = builders.permit(line, 2)
    enter(newcomer, line, permit, actor)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        enter(newcomer, line, permit, actor)

    assert excinfo.value.messages == [
        ALREADY_ACTIVE % {"name": "王芳", "institution": "测试县财政局", "type": "行政编制"}
    ]


def test_a_person_who_left_may_enter_again(line, newcomer, actor):
    permit = builders.permit(line, 2)
    first = enter(newcomer, line, permit, actor, entry_on=day(2, 1))
    leave(first, actor, on=day(2, 20), reason=EndReason.RESIGNATION)

    second = enter(newcomer, line, permit, actor)

    assert list(newcomer.records.filter(status=RecordStatus.ACTIVE)) == [second]


def test_the_database_holds_one_active_record_per_person_even_around_the_services(
    audit, line, newcomer, actor
):
    record = enter(newcomer, line, builders.permit(line, 1), actor)
    audit_line = builders.quota(audit, 2)

    with pytest.raises(IntegrityError), transaction.atomic():
        EstablishmentRecord.objects.create(
            person=newcomer,
            quota_line=audit_line,
            post_category=PostCategory.MANAGEMENT,
            entry_way=EntryWay.TRANSFER_IN,
            entry_on=ENTERED,
        )

    assert list(EstablishmentRecord.objects.filter(person=newcomer)) == [record]


def test_a_transfer_ends_the_old_record_and_opens_the_new_one(audit, line, newcomer, actor):
    old = enter(newcomer, line, builders.permit(line, 1), actor)
    audit_line = builders.quota(audit, 2)
    permit = builders.permit(audit_line, 1, purpose="transfer_in")
    document = builders.document(audit, title="关于王芳同志工作调动的通知")

    new = transfer(old, audit_line, permit, actor, on=day(3, 5), document=document)

    old.refresh_from_db()
    assert (old.status, old.ended_on, old.end_reason, old.end_document) == (
        RecordStatus.ENDED,
        day(3, 5),
        EndReason.INTERNAL_TRANSFER,
        document,
    )
    assert (new.status, new.quota_line, new.permit, new.entry_on, new.entry_way) == (
        RecordStatus.ACTIVE,
        audit_line,
        permit,
        day(3, 5),
        EntryWay.TRANSFER_IN,
    )
    assert new.entry_document == document
    assert list(newcomer.records.filter(status=RecordStatus.ACTIVE)) == [new]


def test_a_refused_transfer_leaves_the_old_record_active(audit, line, newcomer, actor):
    old = enter(newcomer, line, builders.permit(line, 1), actor)
    audit_line = builders.quota(audit, 2)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        transfer(old, audit_line, None, actor)

    assert excinfo.value.messages == [
        ENTRY_NEEDS_PERMIT
        % {"line": "“测试县审计局”行政编制", "approved": 2, "occupied": 0, "reserved": 0}
    ]
    old.refresh_from_db()
    assert (old.status, old.ended_on, old.end_reason) == (RecordStatus.ACTIVE, None, "")


def test_a_transfer_into_a_full_unit_is_refused_and_leaves_the_old_record_active(
    audit, line, newcomer, actor
):
    old = enter(newcomer, line, builders.permit(line, 1), actor)
    audit_line = builders.quota(audit, 1)
    [occupant] = builders.staff(audit_line, 1)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        transfer(old, audit_line, occupant.permit, actor)

    assert excinfo.value.messages == [
        PERMIT_USED_UP % {"number": occupant.permit.number, "count": 1, "used": 1}
    ]
    old.refresh_from_db()
    assert old.is_active


def test_a_transfer_within_the_unit_is_refused(finance, line, newcomer, actor):
    old = enter(newcomer, line, builders.permit(line, 1), actor)
    workers = builders.quota(finance, 1, establishment_type=EstablishmentType.ORGAN_WORKER)
    permit = builders.permit(workers, 1)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        transfer(old, workers, permit, actor)

    assert excinfo.value.messages == [TRANSFER_TO_SAME_UNIT]


def test_a_transfer_of_an_ended_record_is_refused(audit, line, newcomer, actor):
    old = enter(newcomer, line, builders.permit(line, 1), actor)
    leave(old, actor, on=day(3, 2))
    audit_line = builders.quota(audit, 2)
    permit = builders.permit(audit_line, 1)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        transfer(old, audit_line, permit, actor)

    assert excinfo.value.messages == [RECORD_NOT_ACTIVE % {"name": "王芳"}]


def test_a_transfer_to_another_region_moves_the_person_there(line, newcomer, actor):
    other = RegionFactory(name="邻县")
    receiving = InstitutionFactory(region=other, full_name="邻县财政局")
    receiving_line = builders.quota(receiving, 2)
    old = enter(newcomer, line, builders.permit(line, 1), actor)
    permit = staffing_services.permit_issue(
        quota_line=receiving_line,
        count=1,
        issued_on=day(1, 10),
        expires_on=builders.EXPIRES,
        actor=actor,
        number="邻编用〔2026〕第001号",
    )

    transfer(old, receiving_line, permit, actor)

    newcomer.refresh_from_db()
    assert newcomer.region == other


def test_a_transfer_cannot_be_dated_in_the_future(audit, line, newcomer, actor):
    old = enter(newcomer, line, builders.permit(line, 1), actor)
    audit_line = builders.quota(audit, 2)
    permit = builders.permit(audit_line, 1)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        transfer(old, audit_line, permit, actor, on=tomorrow())

    assert excinfo.value.messages == [DATE_IN_FUTURE % {"label": "调动时间"}]


def test_a_transfer_cannot_be_dated_before_the_old_entry(audit, line, newcomer, actor):
    old = enter(newcomer, line, builders.permit(line, 1), actor, entry_on=day(3, 2))
    audit_line = builders.quota(audit, 2)
    permit = builders.permit(audit_line, 1)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        transfer(old, audit_line, permit, actor, on=day(3, 1))

    assert excinfo.value.messages == [
        EXIT_BEFORE_ENTRY % {"ended": day(3, 1).isoformat(), "entry": day(3, 2).isoformat()}
    ]


# --- exits --------------------------------------------------------------------------------------


def test_an_exit_ends_the_record_with_its_date_reason_and_document(finance, line, newcomer, actor):
    record = enter(newcomer, line, builders.permit(line, 1), actor)
    document = builders.document(finance, title="关于王芳同志辞职的批复")

    leave(
        record,
        actor,
        on=day(3, 10),
        reason=EndReason.RESIGNATION,
        end_document=document,
    )

    record.refresh_from_db()
    assert (record.status, record.ended_on, record.end_reason, record.end_document) == (
        RecordStatus.ENDED,
        day(3, 10),
        EndReason.RESIGNATION,
        document,
    )
    assert line_figures(line, on=ENTERED).occupied == 0


def test_an_exit_cannot_be_registered_twice(line, newcomer, actor):
    record = enter(newcomer, line, builders.permit(line, 1), actor)
    leave(record, actor, on=day(3, 10))

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        leave(record, actor, on=day(3, 11))

    assert excinfo.value.messages == [RECORD_NOT_ACTIVE % {"name": "王芳"}]


def test_an_exit_cannot_be_dated_before_the_entry(line, newcomer, actor):
    record = enter(newcomer, line, builders.permit(line, 1), actor)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        leave(record, actor, on=day(3, 1))

    assert excinfo.value.message_dict == {
        "ended_on": [
            EXIT_BEFORE_ENTRY % {"ended": day(3, 1).isoformat(), "entry": day(3, 2).isoformat()}
        ]
    }


def test_an_exit_may_be_dated_on_the_day_of_entry(line, newcomer, actor):
    record = enter(newcomer, line, builders.permit(line, 1), actor)
    leave(record, actor, on=ENTERED)
    record.refresh_from_db()
    assert record.ended_on == ENTERED


def test_an_exit_cannot_be_dated_in_the_future(line, newcomer, actor):
    record = enter(newcomer, line, builders.permit(line, 1), actor)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        leave(record, actor, on=tomorrow())

    assert excinfo.value.messages == [DATE_IN_FUTURE % {"label": "出编时间"}]


def test_an_exit_needs_a_reason(line, newcomer, actor):
    record = enter(newcomer, line, builders.permit(line, 1), actor)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        leave(record, actor, on=day(3, 10), reason="")

    assert excinfo.value.messages == [END_FIELDS_REQUIRED]


# --- history (rule 13) --------------------------------------------------------------------------


def test_an_entry_records_one_history_entry_naming_actor_reason_and_document(
    finance, line, newcomer, actor
):
    permit = builders.permit(line, 1)
    document = builders.document(finance, title="关于录用王芳同志的通知")

    with written() as gained:
        record = enter(newcomer, line, permit, actor, entry_document=document, reason="考录入编")

    assert gained == {"EstablishmentRecord": (1, 1)}
    assert attribution(latest(record)) == (actor, "考录入编", document.number)


def test_an_exit_records_one_history_entry(finance, line, newcomer, actor):
    record = enter(newcomer, line, builders.permit(line, 1), actor)
    document = builders.document(finance)

    with written() as gained:
        leave(record, actor, on=day(3, 10), end_document=document)

    assert gained == {"EstablishmentRecord": (0, 1)}
    assert attribution(latest(record)) == (actor, "出编", document.number)


def test_a_transfer_records_one_history_entry_for_each_record(audit, line, newcomer, actor):
    old = enter(newcomer, line, builders.permit(line, 1), actor)
    audit_line = builders.quota(audit, 2)
    permit = builders.permit(audit_line, 1)
    document = builders.document(audit)

    with written() as gained:
        new = transfer(old, audit_line, permit, actor, document=document)

    assert gained == {"EstablishmentRecord": (1, 2)}
    for record in (old, new):
        assert attribution(latest(record)) == (actor, "调动", document.number)


# --- person_enter: registration and entry in one transaction -----------------------------------


def new_person_fields(name="李娜"):
    return {
        "id_number": builders.id_number(male=False),
        "name": name,
        "civil_servant_registered": True,
    }


def enter_through_person_enter(line, actor, *, person=None, new_person=None, permit=None):
    return services.person_enter(
        person=person,
        new_person=new_person,
        quota_line=line,
        permit=permit,
        post_category=builders.post_for(line),
        entry_way=EntryWay.CIVIL_SERVICE_EXAM,
        entry_on=ENTERED,
        actor=actor,
    )


def test_person_enter_registers_a_new_person_and_enters_them_at_once(line, region, actor):
    permit = builders.permit(line, 1)
    fields = new_person_fields()

    record = enter_through_person_enter(line, actor, new_person=fields, permit=permit)

    assert (record.person.id_number, record.person.name) == (fields["id_number"], "李娜")
    assert (record.person.region, record.quota_line, record.permit) == (region, line, permit)
    assert record.status == RecordStatus.ACTIVE


def test_person_enter_refused_leaves_no_new_person_behind(line, actor):
    with nothing_written(), pytest.raises(ValidationError):
        enter_through_person_enter(line, actor, new_person=new_person_fields())


def test_person_enter_enters_a_registered_person_unchanged(line, newcomer, actor):
    permit = builders.permit(line, 1)

    with written() as gained:
        record = enter_through_person_enter(line, actor, person=newcomer, permit=permit)

    assert record.person == newcomer
    assert gained == {"EstablishmentRecord": (1, 1)}
