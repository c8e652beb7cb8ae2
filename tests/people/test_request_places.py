"""Issue 14, the change-request paths: one occupancy check counting reservations (rule 16), the
places held by other submitted requests in the preview, permits valid on the occurred-on date,
fixed system-origin dates (rule 21), and 用编申请 outside the reporting clock and the certificate's
change pages."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from certificates import selectors as certificate_selectors
from certificates.choices import ChangeSource
from certificates.models import Certificate
from people import selectors as people_selectors
from people import services, supervision
from people.choices import RequestKind, RequestOrigin, RequestState
from people.models import ChangeRequest
from people.requests.forms import RequestEditForm
from people.requests.kinds.entry import EntryItemForm
from people.requests.registry import spec_for
from staffing.choices import EstablishmentType, FundingForm
from staffing.selectors import line_figures
from tests.kit import builders
from tests.kit.clock import day

pytestmark = pytest.mark.django_db

OCCURRED = day(3, 2)


def draft(world, kind, *, occurred_on=OCCURRED, evidence="证明", **fields):
    return services.request_create(
        institution=world.unit,
        kind=kind,
        occurred_on=occurred_on,
        reason="单位人员变动",
        evidence=evidence,
        actor=world.users["clerk"],
        **fields,
    )


def entry_data(line, permit, name):
    return {
        "quota_line": line.pk,
        "permit": permit.pk,
        "post_category": builders.post_for(line),
        "entry_way": "recruitment",
        "new_person": {
            "id_number": builders.id_number(male=False),
            "name": name,
            "civil_servant_registered": False,
        },
    }


def add_entry(world, request, line, permit, name):
    return services.item_add(
        request=request,
        actor=world.users["clerk"],
        data=entry_data(line, permit, name),
        person_name=name,
    )


# --- item 4: a correction onto another line counts the reservations (rule 16) -----------------


class TestCorrectionCountsReservations:
    def test_correction_cannot_take_the_slot_a_permit_holds(self, world):
        full = builders.quota(world.unit, approved=2)
        partial = builders.quota(
            world.unit,
            approved=1,
            establishment_type=EstablishmentType.PUBLIC,
            funding_form=FundingForm.PARTIAL,
        )
        record = builders.enter(builders.person(world.region, "张伟"), full)
        permit = builders.permit(partial, count=1)  # holds the last slot of 差额拨款
        request = draft(world, RequestKind.CORRECTION)
        services.item_add(
            request=request,
            actor=world.users["clerk"],
            person=record.person,
            record=record,
            data={"person": {}, "record": {"quota_line": partial.pk}},
        )

        preview = services.request_preview(request)
        assert any("规则 16" in error for error in preview.errors)
        with pytest.raises(ValidationError, match="规则 16"):
            services.record_correct(
                record=record,
                changes={"quota_line": partial.pk},
                actor=world.users["office_staff"],
                reason="信息更正",
            )
        record.refresh_from_db()
        assert record.quota_line == full

        # The permit holder can still enter.
        builders.enter(builders.person(world.region, "持证人"), partial, permit)
        figures = line_figures(partial)
        assert (figures.occupied, figures.reserved) == (1, 0)

    def test_correction_moves_onto_a_line_with_an_unreserved_vacancy(self, world):
        full = builders.quota(world.unit, approved=2)
        partial = builders.quota(
            world.unit,
            approved=2,
            establishment_type=EstablishmentType.PUBLIC,
            funding_form=FundingForm.PARTIAL,
        )
        record = builders.enter(builders.person(world.region, "张伟"), full)
        builders.permit(partial, count=1)
        services.record_correct(
            record=record,
            changes={"quota_line": partial.pk},
            actor=world.users["office_staff"],
            reason="信息更正",
        )
        record.refresh_from_db()
        assert record.quota_line == partial


# --- item 6: places held by other submitted requests (rule 16) --------------------------------


class TestCompetingRequests:
    def test_the_third_claim_on_two_places_is_warned_and_needs_confirmation(self, world):
        line = builders.quota(world.unit, approved=5)
        permit = builders.permit(line, count=2)
        clerk, reviewer = world.users["clerk"], world.users["reviewer"]
        first, second, third = (draft(world, RequestKind.ENTRY) for _ in range(3))
        for request, name in ((first, "甲"), (second, "乙"), (third, "丙")):
            add_entry(world, request, line, permit, name)
        services.request_submit(request=first, actor=clerk)
        assert services.request_preview(second).warnings == []
        services.request_submit(request=second, actor=clerk)

        preview = services.request_preview(third)
        assert preview.errors == []
        assert len(preview.warnings) == 1
        assert first.number in preview.warnings[0] and second.number in preview.warnings[0]
        assert "规则 16" in preview.warnings[0]

        services.request_submit(request=third, actor=clerk)
        with pytest.raises(ValidationError, match="仍然审核通过"):
            services.request_review(request=third, actor=reviewer)
        third.refresh_from_db()
        assert third.state == RequestState.SUBMITTED
        services.request_review(request=third, actor=reviewer, confirmed=True)
        with pytest.raises(ValidationError, match="仍然核准"):
            services.request_approve(request=third, actor=world.users["office_staff"])
        services.request_approve(request=third, actor=world.users["office_staff"], confirmed=True)
        third.refresh_from_db()
        assert third.state == RequestState.APPROVED

    def test_a_request_the_preview_refuses_needs_confirmation_to_pass_review(self, world):
        line = builders.quota(world.unit, approved=1)
        permit = builders.permit(line, count=1)
        request = draft(world, RequestKind.ENTRY)
        add_entry(world, request, line, permit, "甲")
        services.request_submit(request=request, actor=world.users["clerk"])
        builders.enter(builders.person(world.region, "先到者"), line, permit)
        assert services.request_preview(request).errors

        with pytest.raises(ValidationError, match="仍然审核通过"):
            services.request_review(request=request, actor=world.users["reviewer"])
        services.request_review(request=request, actor=world.users["reviewer"], confirmed=True)

    def test_the_review_form_asks_for_the_confirmation_the_service_needs(self, world, client):
        line = builders.quota(world.unit, approved=1)
        permit = builders.permit(line, count=1)
        request = draft(world, RequestKind.ENTRY)
        add_entry(world, request, line, permit, "甲")
        services.request_submit(request=request, actor=world.users["clerk"])
        builders.enter(builders.person(world.region, "先到者"), line, permit)
        client.force_login(world.users["reviewer"])
        url = f"/people/requests/{request.pk}/review/"
        page = client.get(request.get_absolute_url())
        assert "confirm" in page.context["decision_forms"]["review"].fields

        response = client.post(url, {"comment": "同意"})
        assert response.status_code == 200
        request.refresh_from_db()
        assert request.state == RequestState.SUBMITTED
        client.post(url, {"comment": "同意", "confirm": "on"})
        request.refresh_from_db()
        assert request.state == RequestState.REVIEWED


class TestSubmitOffered:
    def test_a_request_that_cannot_be_submitted_says_what_to_fix(self, world, client):
        request = draft(world, RequestKind.ENTRY)
        assert services.submit_problems(request) == [services.NO_ITEMS]
        client.force_login(world.users["clerk"])
        page = client.get(request.get_absolute_url())
        content = page.content.decode()
        assert f"/people/requests/{request.pk}/submit/" not in content
        assert services.NO_ITEMS in content

        response = client.get(f"/people/requests/{request.pk}/submit/")
        assert response.status_code == 302

    def test_a_complete_request_offers_the_submit_button(self, world, client):
        line = builders.quota(world.unit, approved=2)
        request = draft(world, RequestKind.ENTRY)
        add_entry(world, request, line, builders.permit(line), "甲")
        assert services.submit_problems(request) == []
        client.force_login(world.users["clerk"])
        content = client.get(request.get_absolute_url()).content.decode()
        assert f"/people/requests/{request.pk}/submit/" in content


# --- item 7: only permits valid on the occurred-on date ---------------------------------------


def test_an_entry_offers_only_the_permits_valid_on_its_occurred_on_date(world):
    line = builders.quota(world.unit, approved=5)
    valid = builders.permit(line, issued_on=day(1, 10))
    later = builders.permit(line, issued_on=day(3, 5))  # issued after the entry's date
    expired = builders.permit(line, issued_on=day(1, 10), expires_on=day(2, 20))
    request = draft(world, RequestKind.ENTRY, occurred_on=day(3, 2))
    form = EntryItemForm(
        change_request=request, user=world.users["clerk"], initial={"quota_line": line.pk}
    )
    offered = set(form.fields["permit"].queryset)
    assert valid in offered
    assert later not in offered and expired not in offered
    assert day(3, 2).isoformat() in form.fields["permit"].help_text


# --- item 11: system-origin dates are facts; the unit's own edits are shown (rule 21) ----------


def expected_exit(world):
    line = builders.quota(world.unit, approved=5)
    record = builders.enter(builders.person(world.region, "老王"), line)
    request = draft(world, RequestKind.EXIT, occurred_on=day(2, 10))
    services.item_add(
        request=request,
        actor=world.users["clerk"],
        record=record,
        data={"end_reason": "retirement"},
    )
    request.origin = RequestOrigin.EXPECTED
    request.save()
    return request


class TestOccurredOnDate:
    def test_the_date_of_a_system_origin_request_is_fixed(self, world):
        request = expected_exit(world)
        with pytest.raises(ValidationError, match="规则 21"):
            services.request_update(
                request=request,
                actor=world.users["clerk"],
                changes={"occurred_on": day(3, 20)},
            )
        request.refresh_from_db()
        assert request.occurred_on == day(2, 10)
        # Its other fields can still be completed.
        services.request_update(
            request=request, actor=world.users["clerk"], changes={"evidence": "退休审批表"}
        )
        form = RequestEditForm(instance=request, user=world.users["clerk"])
        assert form.fields["occurred_on"].disabled

    def test_a_units_edit_after_return_is_kept_and_shown_to_the_office(self, world, client):
        line = builders.quota(world.unit, approved=5)
        record = builders.enter(builders.person(world.region, "老李"), line)
        request = draft(world, RequestKind.EXIT, occurred_on=day(3, 2))
        services.item_add(
            request=request,
            actor=world.users["clerk"],
            record=record,
            data={"end_reason": "retirement"},
        )
        services.request_update(
            request=request, actor=world.users["clerk"], changes={"occurred_on": day(3, 1)}
        )
        assert services.occurred_on_edits(request) == []  # a draft's own correction
        services.request_submit(request=request, actor=world.users["clerk"])
        services.request_return(request=request, actor=world.users["reviewer"], reason="核对")
        services.request_update(
            request=request, actor=world.users["clerk"], changes={"occurred_on": day(3, 20)}
        )
        edits = services.occurred_on_edits(request)
        assert [(e.before, e.after, e.actor) for e in edits] == [
            (day(3, 1), day(3, 20), world.users["clerk"])
        ]
        client.force_login(world.users["office_staff"])
        content = client.get(request.get_absolute_url()).content.decode()
        assert f"发生日期由 {day(3, 1).isoformat()} 改为 {day(3, 20).isoformat()}" in content


# --- item 13: 用编申请 have no reporting clock and are no certificate change ---------------------


def approved_permit_request(world, line, *, occurred_on=OCCURRED):
    request = draft(world, RequestKind.PERMIT, occurred_on=occurred_on)
    services.item_add(
        request=request,
        actor=world.users["clerk"],
        data={
            "quota_line": line.pk,
            "count": 1,
            "purpose": "examination",
            "posts": "教师 1 名",
            "fill_method": "selection",
        },
    )
    return request


def test_permit_requests_stay_out_of_the_timeliness_statistics(world, today):
    line = builders.quota(world.unit, approved=5)
    overdue_permit = approved_permit_request(world, line, occurred_on=day(1, 5))
    overdue_exit = draft(world, RequestKind.EXIT, occurred_on=day(1, 5))
    requests = ChangeRequest.objects.all()
    period = supervision.Period(day(1, 1), today)

    totals = supervision.summary(requests, period=period, today=today)
    assert (totals.due, totals.overdue) == (1, 1)
    ledger = list(supervision.ledger(requests, period=period, today=today))
    assert [row.pk for row in ledger] == [overdue_exit.pk]
    ranking = list(supervision.unit_ranking(requests, period=period, today=today))
    assert [row["due"] for row in ranking] == [1]
    assert people_selectors.timeliness(overdue_permit, today).label == "不计报送时限"


def test_an_approved_permit_request_is_no_certificate_change(world):
    line = builders.quota(world.unit, approved=5)
    request = approved_permit_request(world, line)
    services.request_submit(request=request, actor=world.users["clerk"])
    services.request_review(request=request, actor=world.users["reviewer"])
    services.request_approve(
        request=request,
        actor=world.users["office_staff"],
        document=builders.document(world.unit),
    )
    certificate = Certificate(
        institution=world.unit, issued_at=timezone.now() - datetime.timedelta(days=1)
    )
    changes = certificate_selectors.changes_since_issue(certificate)
    assert [c for c in changes if c.source == ChangeSource.REQUEST] == []
    assert not spec_for(RequestKind.PERMIT).changes_registry
    assert not spec_for(RequestKind.PERMIT).has_reporting_clock
