"""Leadership appointments (领导职务任职) through ``appointment_start`` / ``appointment_end``, and how
exits and transfers end them (rule 5). Each refusal carries its message and writes nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from people import services
from people.choices import EndReason
from people.models import LeadershipAppointment
from people.services import (
    APPOINTEE_NOT_ACTIVE,
    APPOINTMENT_ENDED,
    DATE_IN_FUTURE,
    END_BEFORE_START,
)
from staffing.choices import PostKind
from tests.kit import builders
from tests.kit.clock import day
from tests.kit.factories import (
    InstitutionFactory,
    PublicInstitutionFactory,
)
from tests.kit.writes import attribution, nothing_written, row_and_history_counts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_id_serials")]

ALREADY_HOLDS = next(
    c.violation_error_message
    for c in LeadershipAppointment._meta.constraints
    if c.name == "one_current_appointment_per_post"
)


@pytest.fixture
def record(finance):
    """张伟, active in 测试县财政局 since 2026-02-01."""
    line = builders.quota(finance, 3)
    return builders.enter(builders.person(finance.region, "张伟"), line)


@pytest.fixture
def head(finance):
    return builders.leadership_quota(finance, PostKind.UNIT_HEAD, approved=1)


def start(person, quota, actor, **fields):
    fields.setdefault("title", "局长")
    fields.setdefault("started_on", day(2, 10))
    fields.setdefault("document", builders.document(quota.institution))
    return services.appointment_start(person=person, quota=quota, actor=actor, **fields)


ENDED = day(3, 1)


def end(appointment, actor, on=ENDED, document=None):
    return services.appointment_end(
        appointment=appointment,
        ended_on=on,
        document=document or builders.document(appointment.quota.institution),
        actor=actor,
    )


def tomorrow():
    return timezone.localdate() + datetime.timedelta(days=1)


# --- starting -----------------------------------------------------------------------------------


def test_a_person_without_an_active_record_cannot_be_appointed(region, head, actor):
    outsider = builders.person(region, "李娜")
    document = builders.document(head.institution)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        start(outsider, head, actor, document=document)

    assert excinfo.value.messages == [APPOINTEE_NOT_ACTIVE % {"name": "李娜"}]


def test_an_appointment_cannot_start_in_the_future(record, head, actor):
    document = builders.document(head.institution)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        start(record.person, head, actor, started_on=tomorrow(), document=document)

    assert excinfo.value.messages == [DATE_IN_FUTURE % {"label": "任职时间"}]


def test_an_appointment_may_start_today(record, head, actor):
    appointment = start(record.person, head, actor, started_on=timezone.localdate())
    assert appointment.is_current


def test_a_person_cannot_hold_the_same_post_twice_at_once(finance, record, actor):
    deputies = builders.leadership_quota(finance, PostKind.UNIT_DEPUTY, approved=2)
    start(record.person, deputies, actor, title="副局长")
    document = builders.document(finance)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        start(record.person, deputies, actor, title="副局长", document=document)

    assert excinfo.value.messages == [ALREADY_HOLDS]


def test_an_over_quota_document_on_a_post_not_counting_is_not_kept(record, head, actor):
    appointment = start(
        record.person,
        head,
        actor,
        counts_against_quota=False,
        exemption_document=builders.document(head.institution),
        over_quota_document=builders.document(head.institution),
    )
    assert appointment.over_quota_document is None


# --- ending -------------------------------------------------------------------------------------


def test_an_appointment_ends_with_its_date_and_document(record, head, actor):
    appointment = start(record.person, head, actor)
    document = builders.document(head.institution)

    end(appointment, actor, on=day(3, 1), document=document)

    appointment.refresh_from_db()
    assert (appointment.ended_on, appointment.end_document) == (day(3, 1), document)
    assert not appointment.is_current


def test_an_appointment_cannot_be_ended_twice(record, head, actor):
    appointment = start(record.person, head, actor)
    end(appointment, actor, on=day(3, 1))
    document = builders.document(head.institution)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        end(appointment, actor, on=day(3, 5), document=document)

    assert excinfo.value.messages == [APPOINTMENT_ENDED % {"date": day(3, 1).isoformat()}]


def test_an_appointment_cannot_end_before_it_started(record, head, actor):
    appointment = start(record.person, head, actor, started_on=day(2, 10))
    document = builders.document(head.institution)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        end(appointment, actor, on=day(2, 9), document=document)

    assert excinfo.value.messages == [END_BEFORE_START % {"date": day(2, 10).isoformat()}]


def test_an_appointment_may_end_on_the_day_it_started(record, head, actor):
    appointment = start(record.person, head, actor, started_on=day(2, 10))
    end(appointment, actor, on=day(2, 10))
    appointment.refresh_from_db()
    assert appointment.ended_on == day(2, 10)


def test_an_appointment_cannot_end_in_the_future(record, head, actor):
    appointment = start(record.person, head, actor)
    document = builders.document(head.institution)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        end(appointment, actor, on=tomorrow(), document=document)

    assert excinfo.value.messages == [DATE_IN_FUTURE % {"label": "免职时间"}]


# --- exits and transfers end the posts at the unit ----------------------------------------------


def test_an_exit_ends_the_persons_appointments_at_that_unit(finance, record, head, actor):
    appointment = start(record.person, head, actor, started_on=day(2, 10))
    exit_document = builders.document(finance, title="关于张伟同志退休的通知")

    services.exit_register(
        record=record,
        ended_on=day(3, 1),
        end_reason=EndReason.RETIREMENT,
        end_document=exit_document,
        actor=actor,
    )

    appointment.refresh_from_db()
    assert (appointment.ended_on, appointment.end_document) == (
        day(3, 1),
        exit_document,
    )


def test_a_transfer_ends_the_posts_at_the_old_unit_but_not_a_concurrent_post_elsewhere(
    region, finance, record, head, actor
):
    school = PublicInstitutionFactory(region=region, full_name="测试县财政局会计核算中心")
    centre = builders.leadership_quota(school, PostKind.UNIT_HEAD, approved=1)
    own_post = start(record.person, head, actor)
    concurrent = start(
        record.person,
        centre,
        actor,
        title="主任（兼）",
        counts_against_quota=False,
        exemption_document=builders.document(school),
        dual_identity_document=builders.document(school),  # rule 18 (issue 14, item 3)
    )
    audit = InstitutionFactory(region=region, full_name="测试县审计局")
    audit_line = builders.quota(audit, 2)

    services.transfer_register(
        record=record,
        quota_line=audit_line,
        permit=builders.permit(audit_line, 1, purpose="transfer_in"),
        transferred_on=day(3, 1),
        post_category="management",
        actor=actor,
    )

    own_post.refresh_from_db()
    concurrent.refresh_from_db()
    assert own_post.ended_on == day(3, 1)
    assert concurrent.is_current


def test_an_exit_dated_before_the_appointment_ends_it_on_its_first_day(finance, record, actor):
    deputies = builders.leadership_quota(finance, PostKind.UNIT_DEPUTY, approved=1)
    appointment = start(record.person, deputies, actor, started_on=day(3, 10))

    services.exit_register(
        record=record,
        ended_on=day(3, 1),
        end_reason=EndReason.RESIGNATION,
        actor=actor,
    )

    appointment.refresh_from_db()
    assert appointment.ended_on == day(3, 10)


# --- history (rule 13) --------------------------------------------------------------------------


def test_starting_and_ending_record_one_history_entry_each(record, head, actor):
    start_document = builders.document(head.institution)
    history = LeadershipAppointment.history.count()

    appointment = start(record.person, head, actor, document=start_document)
    assert LeadershipAppointment.history.count() == history + 1

    end_document = builders.document(head.institution)
    end(appointment, actor, document=end_document)

    assert LeadershipAppointment.history.count() == history + 2
    assert [attribution(r) for r in appointment.history.order_by("history_id")] == [
        (actor, "任职", start_document.number),
        (actor, "免职", end_document.number),
    ]


def test_an_exit_records_one_history_entry_for_the_record_and_one_per_ended_post(
    finance, record, head, actor
):
    deputies = builders.leadership_quota(finance, PostKind.OTHER, approved=1, post_title="党组成员")
    posts = [
        start(record.person, head, actor),
        start(record.person, deputies, actor, title="党组成员"),
    ]
    exit_document = builders.document(finance)
    before = row_and_history_counts()

    services.exit_register(
        record=record,
        ended_on=day(3, 1),
        end_reason=EndReason.RETIREMENT,
        end_document=exit_document,
        actor=actor,
        reason="退休",
    )

    after = row_and_history_counts()
    changed = {
        k: (after[k][0] - v[0], after[k][1] - v[1]) for k, v in before.items() if after[k] != v
    }
    assert changed == {"EstablishmentRecord": (0, 1), "LeadershipAppointment": (0, 2)}
    for obj in (record, *posts):
        latest = obj.history.order_by("-history_id").first()
        assert attribution(latest) == (actor, "退休", exit_document.number)
