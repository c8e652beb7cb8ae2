"""变动申报 through ``people.services``: each kind walks 草稿 → 已提交 → (主管部门已审) → 已核准 or
已退回, and nothing in the registry changes until the office approves (domain.md §2, rule 9)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from bianzhi.access import Role
from people import services
from people.choices import RecordStatus, RequestAction, RequestKind, RequestState
from people.models import ChangeRequest, EstablishmentRecord, LeadershipAppointment, Person
from staffing.choices import PostKind
from staffing.models import UsagePermit
from staffing.selectors import line_figures
from tests.kit import builders
from tests.kit.clock import day
from tests.kit.factories import make_user

pytestmark = pytest.mark.django_db

OCCURRED = day(3, 2)


@pytest.fixture
def line(world):
    return builders.quota(world.unit, approved=5)


@pytest.fixture
def clerk(world):
    return world.users["clerk"]


@pytest.fixture
def office(world):
    return world.users["office_staff"]


@pytest.fixture
def reviewer(world):
    return world.users["reviewer"]


def draft(world, kind, *, occurred_on=OCCURRED, evidence="调令", **fields):
    return services.request_create(
        institution=world.unit,
        kind=kind,
        occurred_on=occurred_on,
        reason=fields.pop("reason", "单位人员变动"),
        evidence=evidence,
        actor=world.users["clerk"],
        **fields,
    )


def through_review(request, world):
    services.request_submit(request=request, actor=world.users["clerk"])
    services.request_review(request=request, actor=world.users["reviewer"], comment="同意")


def entry_data(line, permit, **extra):
    return {
        "quota_line": line.pk,
        "permit": permit.pk,
        "post_category": builders.post_for(line),
        "entry_way": "recruitment",
        **extra,
    }


def new_person(name="李娜", **fields):
    return {
        "id_number": builders.id_number(male=False),
        "name": name,
        "civil_servant_registered": False,
        **fields,
    }


class TestEntryBatch:
    def test_batch_entry_is_applied_as_a_whole_only_on_approval(self, world, line, office):
        permit = builders.permit(line, count=2)
        request = draft(world, RequestKind.ENTRY)
        for name in ("李娜", "王芳"):
            services.item_add(
                request=request,
                actor=world.users["clerk"],
                data={**entry_data(line, permit), "new_person": new_person(name)},
                person_name=name,
            )
        through_review(request, world)
        assert line_figures(line).occupied == 0
        assert not Person.objects.filter(name__in=["李娜", "王芳"]).exists()

        services.request_approve(request=request, actor=office)

        request.refresh_from_db()
        assert request.state == RequestState.APPROVED
        assert line_figures(line).occupied == 2
        items = list(request.items.order_by("pk"))
        assert [item.result_record.person.name for item in items] == ["李娜", "王芳"]
        assert all(item.result_record.entry_on == OCCURRED for item in items)
        assert [e.action for e in request.events.all()] == [
            RequestAction.CREATE,
            RequestAction.SUBMIT,
            RequestAction.REVIEW,
            RequestAction.APPROVE,
        ]

    def test_approval_refused_when_last_vacancy_went_elsewhere_and_nothing_changes(
        self, world, office
    ):
        line = builders.quota(world.unit, approved=1)
        permit = builders.permit(line, count=1)
        request = draft(world, RequestKind.ENTRY)
        services.item_add(
            request=request,
            actor=world.users["clerk"],
            data={**entry_data(line, permit), "new_person": new_person()},
        )
        through_review(request, world)
        builders.enter(builders.person(world.region, "先到者"), line, permit)

        with pytest.raises(ValidationError):
            services.request_approve(request=request, actor=office)

        request.refresh_from_db()
        assert request.state == RequestState.REVIEWED
        assert not Person.objects.filter(name="李娜").exists()


class TestExit:
    def test_exit_needs_evidence_before_submission(self, world, line):
        record = builders.enter(builders.person(world.region), line)
        request = draft(world, RequestKind.EXIT, evidence="")
        services.item_add(
            request=request,
            actor=world.users["clerk"],
            record=record,
            data={"end_reason": "retirement"},
        )
        with pytest.raises(ValidationError) as error:
            services.request_submit(request=request, actor=world.users["clerk"])
        assert services.EVIDENCE_REQUIRED % {"kind": "出编"} in error.value.messages
        request.refresh_from_db()
        assert request.state == RequestState.DRAFT

    def test_exit_approved_ends_the_record(self, world, line, office):
        record = builders.enter(builders.person(world.region), line)
        request = draft(world, RequestKind.EXIT)
        services.item_add(
            request=request,
            actor=world.users["clerk"],
            record=record,
            data={"end_reason": "resignation", "destination": "考取研究生"},
        )
        through_review(request, world)
        services.request_approve(request=request, actor=office)
        record.refresh_from_db()
        assert record.status == RecordStatus.ENDED
        assert record.ended_on == OCCURRED
        assert record.end_destination == "考取研究生"

    def test_occurred_before_entry_is_refused(self, world, line):
        record = builders.enter(builders.person(world.region), line)
        request = draft(
            world, RequestKind.EXIT, occurred_on=record.entry_on - datetime.timedelta(days=1)
        )
        with pytest.raises(ValidationError) as error:
            services.item_add(
                request=request,
                actor=world.users["clerk"],
                record=record,
                data={"end_reason": "retirement"},
            )
        assert "不能早于" in error.value.messages[0]
        assert not request.items.exists()


class TestTransfer:
    def test_transfer_ends_old_and_opens_new_record_with_the_receiving_units_permit(
        self, world, line, office
    ):
        record = builders.enter(builders.person(world.region), line)
        receiving_line = builders.quota(world.sibling, approved=2)
        receiving_permit = builders.permit(receiving_line)
        request = draft(world, RequestKind.TRANSFER)
        services.item_add(
            request=request,
            actor=world.users["clerk"],
            record=record,
            data={
                "quota_line": receiving_line.pk,
                "post_category": builders.post_for(receiving_line),
            },
        )
        through_review(request, world)
        services.request_approve(request=request, actor=office)

        record.refresh_from_db()
        new_record = request.items.get().result_record
        assert record.status == RecordStatus.ENDED
        assert new_record.quota_line == receiving_line
        assert new_record.permit == receiving_permit
        assert new_record.entry_on == OCCURRED

    def test_receiving_unit_without_permit_is_refused_at_submission(self, world, line):
        record = builders.enter(builders.person(world.region), line)
        receiving_line = builders.quota(world.sibling, approved=2)
        request = draft(world, RequestKind.TRANSFER)
        services.item_add(
            request=request,
            actor=world.users["clerk"],
            record=record,
            data={"quota_line": receiving_line.pk, "post_category": "management"},
        )
        with pytest.raises(ValidationError) as error:
            services.request_submit(request=request, actor=world.users["clerk"])
        assert "须先核准用编" in error.value.messages[0]
        record.refresh_from_db()
        assert record.status == RecordStatus.ACTIVE


class TestPermitApplication:
    def permit_request(self, world, line, count=2):
        request = draft(world, RequestKind.PERMIT, reason="新学期教师缺口")
        services.item_add(
            request=request,
            actor=world.users["clerk"],
            data={
                "quota_line": line.pk,
                "count": count,
                "purpose": "examination",
                "posts": "初中数学教师 2 名，本科及以上",
                "fill_method": "selection",
            },
        )
        return request

    def test_office_notes_and_approval_issues_the_permit(self, world, line, office):
        request = self.permit_request(world, line)
        through_review(request, world)
        services.request_note(
            request=request, actor=office, investigation="实地核实缺员", preliminary_opinion="同意"
        )
        document = builders.document(world.unit)
        services.request_approve(request=request, actor=office, document=document)

        permit = request.items.get().result_permit
        assert permit.count == 2
        assert permit.document == document
        assert line_figures(line).reserved == 2
        request.refresh_from_db()
        assert request.investigation == "实地核实缺员"

    def test_approval_needs_the_committees_document(self, world, line, office):
        request = self.permit_request(world, line)
        through_review(request, world)
        with pytest.raises(ValidationError) as error:
            services.request_approve(request=request, actor=office)
        assert services.DOCUMENT_REQUIRED % {"kind": "用编申请"} in error.value.messages
        assert not UsagePermit.objects.exists()

    def test_full_unit_cannot_submit_a_permit_application(self, world):
        line = builders.quota(world.unit, approved=1)
        builders.staff(line, 1)
        request = self.permit_request(world, line, count=1)
        with pytest.raises(ValidationError) as error:
            services.request_submit(request=request, actor=world.users["clerk"])
        assert "核定 1 名" in error.value.messages[0]


class TestLeadership:
    def test_appointment_and_dismissal(self, world, line, office):
        record = builders.enter(builders.person(world.region, "赵强"), line)
        post = builders.leadership_quota(world.unit, PostKind.UNIT_DEPUTY, approved=1)
        request = draft(world, RequestKind.APPOINTMENT)
        services.item_add(
            request=request,
            actor=world.users["clerk"],
            person=record.person,
            data={"quota": post.pk, "title": "副主任", "counts_against_quota": True},
        )
        through_review(request, world)
        services.request_approve(
            request=request, actor=office, document=builders.document(world.unit)
        )
        appointment = request.items.get().result_appointment
        assert appointment.is_current and appointment.title == "副主任"

        dismissal = draft(world, RequestKind.DISMISSAL, occurred_on=day(4, 1))
        services.item_add(
            request=dismissal, actor=world.users["clerk"], appointment=appointment, data={}
        )
        through_review(dismissal, world)
        services.request_approve(
            request=dismissal, actor=office, document=builders.document(world.unit)
        )
        appointment.refresh_from_db()
        assert appointment.ended_on == day(4, 1)


class TestCorrection:
    def test_locked_fields_change_through_a_correction(self, world, line, office):
        record = builders.enter(builders.person(world.region, "张伟"), line)
        request = draft(world, RequestKind.CORRECTION, evidence="户籍证明")
        services.item_add(
            request=request,
            actor=world.users["clerk"],
            person=record.person,
            record=record,
            data={
                "person": {"name": "张维", "work_started_on": "2012-07-01"},
                "record": {"job_title": "科员"},
            },
        )
        through_review(request, world)
        services.request_approve(request=request, actor=office)
        record.refresh_from_db()
        record.person.refresh_from_db()
        assert record.person.name == "张维"
        assert record.person.work_started_on == datetime.date(2012, 7, 1)
        assert record.job_title == "科员"


class TestWorkflow:
    def test_return_and_resubmit_keeps_the_first_submission_date(self, world, line, office):
        record = builders.enter(builders.person(world.region), line)
        request = draft(world, RequestKind.EXIT)
        services.item_add(
            request=request,
            actor=world.users["clerk"],
            record=record,
            data={"end_reason": "retirement"},
        )
        services.request_submit(request=request, actor=world.users["clerk"], on=day(3, 10))
        services.request_return(request=request, actor=world.users["reviewer"], reason="材料不全")
        request.refresh_from_db()
        assert request.state == RequestState.RETURNED
        assert request.return_reason == "材料不全"
        services.request_update(
            request=request, actor=world.users["clerk"], changes={"evidence": "退休审批表"}
        )
        services.request_submit(request=request, actor=world.users["clerk"], on=day(3, 20))
        request.refresh_from_db()
        assert request.state == RequestState.SUBMITTED
        assert request.submitted_on == day(3, 10)
        services.request_review(request=request, actor=world.users["reviewer"])
        services.request_return(request=request, actor=office, reason="文号有误")
        request.refresh_from_db()
        assert request.state == RequestState.RETURNED
        assert [e.to_state for e in request.events.all()] == [
            RequestState.DRAFT,
            RequestState.SUBMITTED,
            RequestState.RETURNED,
            RequestState.SUBMITTED,
            RequestState.REVIEWED,
            RequestState.RETURNED,
        ]

    def test_return_needs_a_reason(self, world, line):
        record = builders.enter(builders.person(world.region), line)
        request = draft(world, RequestKind.EXIT)
        services.item_add(
            request=request,
            actor=world.users["clerk"],
            record=record,
            data={"end_reason": "retirement"},
        )
        services.request_submit(request=request, actor=world.users["clerk"])
        with pytest.raises(ValidationError):
            services.request_return(request=request, actor=world.users["reviewer"], reason=" ")
        request.refresh_from_db()
        assert request.state == RequestState.SUBMITTED

    def test_unit_with_a_reviewer_must_be_reviewed_first(self, world, line, office):
        record = builders.enter(builders.person(world.region), line)
        request = draft(world, RequestKind.EXIT)
        services.item_add(
            request=request,
            actor=world.users["clerk"],
            record=record,
            data={"end_reason": "retirement"},
        )
        services.request_submit(request=request, actor=world.users["clerk"])
        with pytest.raises(ValidationError) as error:
            services.request_approve(request=request, actor=office)
        assert services.REVIEW_FIRST in error.value.messages

    def test_unit_without_reviewer_goes_straight_to_the_office(self, world, office):
        sibling_clerk = make_user(Role.CLERK, institution=world.sibling, username="sibling_clerk")
        line = builders.quota(world.sibling, approved=2)
        record = builders.enter(builders.person(world.region), line)
        request = services.request_create(
            institution=world.sibling,
            kind=RequestKind.EXIT,
            occurred_on=OCCURRED,
            reason="退休",
            evidence="退休审批表",
            actor=sibling_clerk,
        )
        services.item_add(
            request=request, actor=sibling_clerk, record=record, data={"end_reason": "retirement"}
        )
        services.request_submit(request=request, actor=sibling_clerk)
        assert not services.needs_review(request)
        services.request_approve(request=request, actor=office)
        request.refresh_from_db()
        assert request.state == RequestState.APPROVED

    @pytest.mark.parametrize("role", ["clerk", "reviewer", "partner"])
    def test_only_the_office_approves(self, world, line, role):
        record = builders.enter(builders.person(world.region), line)
        request = draft(world, RequestKind.EXIT)
        services.item_add(
            request=request,
            actor=world.users["clerk"],
            record=record,
            data={"end_reason": "retirement"},
        )
        through_review(request, world)
        with pytest.raises(PermissionDenied):
            services.request_approve(request=request, actor=world.users[role])
        record.refresh_from_db()
        assert record.status == RecordStatus.ACTIVE

    def test_nobody_reviews_their_own_request(self, world, line):
        reviewer_as_clerk = make_user(Role.REVIEWER, institution=world.unit, username="rev2")
        request = draft(world, RequestKind.EXIT)
        request.created_by = reviewer_as_clerk
        request.save()
        services.item_add(
            request=request,
            actor=world.users["clerk"],
            record=builders.enter(builders.person(world.region), line),
            data={"end_reason": "retirement"},
        )
        services.request_submit(request=request, actor=world.users["clerk"])
        with pytest.raises(PermissionDenied):
            services.request_review(request=request, actor=reviewer_as_clerk)

    def test_clerk_cannot_draft_for_another_unit(self, world):
        with pytest.raises(PermissionDenied):
            services.request_create(
                institution=world.sibling,
                kind=RequestKind.EXIT,
                occurred_on=OCCURRED,
                reason="退休",
                actor=world.users["clerk"],
            )
        assert not ChangeRequest.objects.exists()

    def test_clerk_cannot_report_a_person_of_another_unit(self, world):
        other = builders.enter(builders.person(world.region), builders.quota(world.sibling))
        request = draft(world, RequestKind.EXIT)
        with pytest.raises(ValidationError):
            services.item_add(
                request=request,
                actor=world.users["clerk"],
                record=other,
                data={"end_reason": "other"},
            )

    def test_occurred_on_in_the_future_is_refused(self, world):
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        with pytest.raises(ValidationError) as error:
            draft(world, RequestKind.EXIT, occurred_on=tomorrow)
        assert "发生日期不能晚于今天" in error.value.messages[0]
        assert not ChangeRequest.objects.exists()

    def test_missing_reason_is_refused(self, world):
        with pytest.raises(ValidationError) as error:
            draft(world, RequestKind.EXIT, reason="")
        assert "reason" in error.value.message_dict

    def test_approved_request_cannot_be_edited_or_approved_again(self, world, line, office):
        record = builders.enter(builders.person(world.region), line)
        request = draft(world, RequestKind.EXIT)
        services.item_add(
            request=request,
            actor=world.users["clerk"],
            record=record,
            data={"end_reason": "retirement"},
        )
        through_review(request, world)
        services.request_approve(request=request, actor=office)
        with pytest.raises(ValidationError):
            services.request_approve(request=request, actor=world.users["office_admin"])
        with pytest.raises(ValidationError):
            services.request_update(
                request=request, actor=world.users["clerk"], changes={"reason": "改"}
            )

    def test_person_active_elsewhere_meanwhile_is_refused_at_approval(self, world, line, office):
        someone = builders.person(world.region, "周敏")
        permit = builders.permit(line)
        request = draft(world, RequestKind.ENTRY)
        services.item_add(
            request=request,
            actor=world.users["clerk"],
            person=someone,
            data=entry_data(line, permit),
        )
        through_review(request, world)
        builders.enter(someone, builders.quota(world.sibling))
        with pytest.raises(ValidationError) as error:
            services.request_approve(request=request, actor=office)
        assert "只能占用一个编制" in error.value.messages[0]
        assert EstablishmentRecord.objects.filter(person=someone).count() == 1

    def test_preview_shows_before_and_after_without_writing(self, world, line):
        record = builders.enter(builders.person(world.region), line)
        request = draft(world, RequestKind.EXIT)
        services.item_add(
            request=request,
            actor=world.users["clerk"],
            record=record,
            data={"end_reason": "retirement"},
        )
        preview = services.request_preview(request)
        assert preview.ok
        rows = {row.label: row for row in preview.comparisons[0].rows}
        assert (rows["实有"].before, rows["实有"].after) == (1, 0)
        record.refresh_from_db()
        assert record.status == RecordStatus.ACTIVE

    def test_discarding_a_draft_keeps_it_and_its_events_as_discarded(self, world, line):
        record = builders.enter(builders.person(world.region), line)
        request = draft(world, RequestKind.EXIT)
        services.item_add(
            request=request,
            actor=world.users["clerk"],
            record=record,
            data={"end_reason": "retirement"},
        )
        services.request_discard(request=request, actor=world.users["clerk"])
        request = ChangeRequest.objects.get(pk=request.pk)
        assert request.state == RequestState.DISCARDED
        assert request.get_state_display() == "已作废"
        assert request.items.get().record == record
        assert [(e.action, e.to_state, e.actor) for e in request.events.order_by("pk")] == [
            (RequestAction.CREATE, RequestState.DRAFT, world.users["clerk"]),
            (RequestAction.DISCARD, RequestState.DISCARDED, world.users["clerk"]),
        ]
        assert request.history.latest().history_change_reason == "作废变动申报草稿"

    def test_a_discarded_draft_frees_its_people_for_a_new_request(self, world, line):
        record = builders.enter(builders.person(world.region), line)
        first = draft(world, RequestKind.EXIT)
        data = {"end_reason": "retirement"}
        clerk = world.users["clerk"]
        services.item_add(request=first, actor=clerk, record=record, data=data)
        services.request_discard(request=first, actor=clerk)
        second = draft(world, RequestKind.EXIT)
        services.item_add(request=second, actor=clerk, record=record, data=data)
        assert second.items.get().record == record


class TestDeadline:
    @pytest.mark.parametrize("submitted, late", [(day(4, 1), False), (day(4, 2), True)])
    def test_day_30_is_on_time_and_day_31_is_late(self, world, line, submitted, late):
        record = builders.enter(builders.person(world.region), line)
        request = draft(world, RequestKind.EXIT)
        assert request.due_on == day(4, 1)
        services.item_add(
            request=request,
            actor=world.users["clerk"],
            record=record,
            data={"end_reason": "retirement"},
        )
        services.request_submit(request=request, actor=world.users["clerk"], on=submitted)
        request.refresh_from_db()
        assert request.is_late is late
        assert request.days_late() == (1 if late else 0)

    def test_unsubmitted_is_overdue_from_day_31(self, world):
        request = draft(world, RequestKind.EXIT)
        assert not request.is_overdue(day(4, 1))
        assert request.is_overdue(day(4, 2))

    def test_period_is_a_setting_per_kind(self, world, settings):
        settings.BIANZHI = {**settings.BIANZHI, "REPORTING_DAYS_BY_KIND": {"exit": 15}}
        assert draft(world, RequestKind.EXIT).due_on == day(3, 17)
        assert draft(world, RequestKind.ENTRY).due_on == day(4, 1)


def long_serving_retiree(world, line):
    """A man born 1965-01 (retirement month 2025-02, rule 10), in post since 2010."""
    retiree = builders.person(world.region, "老李", birth=datetime.date(1965, 1, 15))
    since = datetime.date(2010, 3, 1)
    permit = builders.permit(line, issued_on=since)
    return builders.enter(retiree, line, permit, entry_on=since)


class TestExpectedExits:
    def test_person_past_retirement_month_is_an_expected_overdue_exit_once(self, world, line):
        record = long_serving_retiree(world, line)
        builders.enter(builders.person(world.region, "小王"), line)

        created = services.expected_exits_create(today=day(11, 22))

        assert [r.items.get().record for r in created] == [record]
        request = created[0]
        assert request.occurred_on == datetime.date(2025, 2, 1)
        assert request.is_overdue(day(11, 22))
        assert request.institution == world.unit
        assert services.expected_exits_create(today=day(11, 22)) == []

    def test_one_who_entered_after_the_retirement_month_is_expected_from_entry(self, world, line):
        retiree = builders.person(world.region, "老周", birth=datetime.date(1965, 1, 15))
        # Legacy data: rule 19 now refuses an entry after the retirement month (issue 14).
        record = builders.enter_unchecked(retiree, line, builders.permit(line))
        (request,) = services.expected_exits_create(today=day(11, 22))
        assert request.occurred_on == record.entry_on
        with pytest.raises(ValidationError):
            services.request_discard(request=request, actor=world.users["clerk"])

    def test_expected_exit_is_completed_and_submitted_by_the_unit(self, world, line, office):
        record = long_serving_retiree(world, line)
        (request,) = services.expected_exits_create(today=day(11, 22))
        services.request_update(
            request=request, actor=world.users["clerk"], changes={"evidence": "退休审批表"}
        )
        through_review(request, world)
        request.refresh_from_db()
        assert request.is_late
        services.request_approve(request=request, actor=office)
        record.refresh_from_db()
        assert record.status == RecordStatus.ENDED
        assert record.end_reason == "retirement"


def test_approval_writes_history_naming_the_approver(world, line, office):
    record = builders.enter(builders.person(world.region), line)
    request = draft(world, RequestKind.EXIT)
    services.item_add(
        request=request,
        actor=world.users["clerk"],
        record=record,
        data={"end_reason": "retirement"},
    )
    through_review(request, world)
    services.request_approve(request=request, actor=office)
    latest = record.history.latest("history_id")
    assert latest.history_user == office
    assert request.number in latest.history_change_reason
    assert not LeadershipAppointment.objects.exists()
