"""花名册批量变动: one request from a unit's roster upload whose items each carry their own kind
(入编, 信息更正, 出编); approval applies them all in one transaction, or none."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from people import services
from people.choices import RecordStatus, RequestKind, RequestState
from people.models import ChangeRequest, EstablishmentRecord, Person
from people.requests import items as request_items
from people.requests import services as request_services
from people.services.records import PERMIT_USED_UP
from staffing.selectors import line_figures
from tests.kit import builders
from tests.kit.clock import day

pytestmark = pytest.mark.django_db

OCCURRED = day(3, 2)


class Batch:
    """本单位: 3 approved, two staff (the first corrected, the second leaving), one open permit
    for the newcomer."""

    def __init__(self, world, evidence="退休审批表"):
        self.world = world
        self.clerk = world.users["clerk"]
        self.line = builders.quota(world.unit, approved=3)
        self.kept, self.leaving = builders.staff(self.line, 2)
        self.permit = builders.permit(self.line, count=1)
        self.request = services.request_create(
            institution=world.unit,
            kind=RequestKind.ROSTER,
            occurred_on=OCCURRED,
            reason="本单位花名册上传（批次 SC-TEST）",
            evidence=evidence,
            actor=self.clerk,
        )
        self.entry = services.item_add(
            request=self.request,
            actor=self.clerk,
            kind=RequestKind.ENTRY,
            data={
                "quota_line": self.line.pk,
                "permit": self.permit.pk,
                "post_category": builders.post_for(self.line),
                "entry_way": "recruitment",
                "new_person": {
                    "id_number": builders.id_number(male=False),
                    "name": "新同事",
                    "civil_servant_registered": False,
                },
            },
            person_name="新同事",
        )
        self.correction = services.item_add(
            request=self.request,
            actor=self.clerk,
            kind=RequestKind.CORRECTION,
            data={"person": {}, "record": {"job_title": "教研组长"}},
            record=self.kept,
        )
        self.exit = services.item_add(
            request=self.request,
            actor=self.clerk,
            kind=RequestKind.EXIT,
            data={"end_reason": "other", "ended_on": timezone.localdate().isoformat()},
            record=self.leaving,
        )

    def submit_and_review(self):
        services.request_submit(request=self.request, actor=self.clerk)
        services.request_review(request=self.request, actor=self.world.users["reviewer"])

    def approve(self):
        return services.request_approve(
            request=self.request, actor=self.world.users["office_staff"]
        )


def test_each_item_carries_its_own_kind(world):
    batch = Batch(world)
    items = list(batch.request.items.order_by("pk"))
    assert [item.kind for item in items] == ["entry", "correction", "exit"]
    assert [item.effective_kind for item in items] == ["entry", "correction", "exit"]
    assert batch.request.get_kind_display() == "花名册批量变动"
    # The roster kind uses the default reporting period.
    assert batch.request.due_on == OCCURRED + datetime.timedelta(days=30)


def test_an_item_of_a_roster_batch_must_name_its_kind_and_only_there(world):
    batch = Batch(world)
    with pytest.raises(ValidationError) as error:
        services.item_add(request=batch.request, actor=batch.clerk, data={}, record=batch.kept)
    assert error.value.messages == [request_items.ITEM_KIND_NEEDED]
    exit_request = services.request_create(
        institution=world.unit,
        kind=RequestKind.EXIT,
        occurred_on=OCCURRED,
        reason="退休",
        actor=batch.clerk,
    )
    with pytest.raises(ValidationError) as error:
        services.item_add(
            request=exit_request,
            actor=batch.clerk,
            kind=RequestKind.EXIT,
            data={"end_reason": "retirement"},
            record=batch.kept,
        )
    assert error.value.messages == [request_items.ITEM_KIND_NOT_ALLOWED]


def test_an_item_is_checked_as_its_own_kind(world):
    batch = Batch(world)
    with pytest.raises(ValidationError) as error:
        services.item_add(request=batch.request, actor=batch.clerk, kind=RequestKind.EXIT, data={})
    assert error.value.messages == [request_items.ITEM_NEEDS % {"kind": "出编", "what": "在编人员"}]


def test_approval_applies_the_entry_the_correction_and_the_exit_together(world):
    batch = Batch(world)
    assert (line_figures(batch.line).occupied, line_figures(batch.line).reserved) == (2, 1)
    batch.submit_and_review()

    batch.approve()

    batch.request.refresh_from_db()
    assert batch.request.state == RequestState.APPROVED
    figures = line_figures(batch.line)
    assert (figures.occupied, figures.reserved) == (2, 0)  # one out, one in on the permit
    batch.leaving.refresh_from_db()
    assert batch.leaving.status == RecordStatus.ENDED
    assert batch.leaving.ended_on == timezone.localdate()  # the item's own date
    batch.kept.refresh_from_db()
    assert batch.kept.job_title == "教研组长"
    newcomer = Person.objects.get(name="新同事")
    record = newcomer.records.get()
    assert (record.status, record.entry_on, record.permit) == ("active", OCCURRED, batch.permit)
    batch.entry.refresh_from_db()
    assert batch.entry.result_record == record


def test_the_preview_shows_the_batchs_figures_before_and_after(world):
    batch = Batch(world)
    preview = request_services.request_preview(batch.request)
    assert preview.ok, preview.errors
    assert preview.comparisons
    # Nothing is written by the preview.
    assert EstablishmentRecord.objects.filter(status="active").count() == 2
    assert not Person.objects.filter(name="新同事").exists()


def test_if_one_item_fails_at_approval_nothing_is_applied(world):
    batch = Batch(world)
    batch.submit_and_review()
    # The permit's last slot went to somebody else meanwhile.
    builders.enter(builders.person(world.region, "先到者"), batch.line, batch.permit)

    with pytest.raises(ValidationError) as error:
        batch.approve()

    assert "规则 3" in " ".join(error.value.messages)
    assert error.value.messages[0] == PERMIT_USED_UP % {
        "number": batch.permit.number,
        "count": 1,
        "used": 1,
    }
    batch.request.refresh_from_db()
    assert batch.request.state == RequestState.REVIEWED
    batch.leaving.refresh_from_db()
    batch.kept.refresh_from_db()
    assert batch.leaving.status == RecordStatus.ACTIVE  # the exit was not applied
    assert batch.kept.job_title == ""  # nor the correction
    assert not Person.objects.filter(name="新同事").exists()


def test_the_preview_names_the_failing_item(world):
    batch = Batch(world)
    builders.enter(builders.person(world.region, "先到者"), batch.line, batch.permit)
    preview = request_services.request_preview(batch.request)
    assert not preview.ok
    assert preview.errors[0].startswith("新同事：")
    with pytest.raises(ValidationError):
        services.request_submit(request=batch.request, actor=batch.clerk)


def test_a_batch_with_exits_or_corrections_needs_evidence(world):
    batch = Batch(world, evidence="")
    with pytest.raises(ValidationError) as error:
        services.request_submit(request=batch.request, actor=batch.clerk)
    assert error.value.message_dict["evidence"] == [
        request_services.EVIDENCE_REQUIRED % {"kind": "花名册批量变动"}
    ]


def test_a_returned_batch_can_be_corrected_and_resubmitted(world):
    batch = Batch(world)
    services.request_submit(request=batch.request, actor=batch.clerk)
    services.request_return(
        request=batch.request, actor=world.users["reviewer"], reason="出编人员仍在岗"
    )
    batch.request.refresh_from_db()
    assert batch.request.state == RequestState.RETURNED
    services.item_remove(item=batch.exit, actor=batch.clerk)
    batch.submit_and_review()

    batch.approve()

    batch.leaving.refresh_from_db()
    batch.kept.refresh_from_db()
    assert batch.leaving.status == RecordStatus.ACTIVE
    assert batch.kept.job_title == "教研组长"
    assert line_figures(batch.line).occupied == 3


def test_the_list_and_detail_pages_show_the_mixed_batch(client, world):
    batch = Batch(world)
    client.force_login(batch.clerk)
    listing = client.get(reverse("people:request_list"))
    assert listing.status_code == 200
    assert "花名册批量变动" in listing.content.decode()
    detail = client.get(batch.request.get_absolute_url())
    html = detail.content.decode()
    assert detail.status_code == 200
    assert "<th>变动类型</th>" in html
    for label in ("入编", "信息更正", "出编"):
        assert f">{label}</span>" in html
    assert "教研组长" in html and "出编时间" in html
    # Items of a batch come from the upload only.
    assert reverse("people:request_item_add", args=[batch.request.pk]) not in html
    response = client.post(reverse("people:request_item_add", args=[batch.request.pk]), {})
    assert response.status_code in (302, 403)
    assert batch.request.items.count() == 3


def test_the_approved_batch_page_shows_the_results(client, world):
    batch = Batch(world)
    batch.submit_and_review()
    batch.approve()
    client.force_login(world.users["office_staff"])
    html = client.get(batch.request.get_absolute_url()).content.decode()
    assert "核准结果" in html and "在编：" in html


def test_the_new_request_form_does_not_offer_the_roster_kind(client, world):
    client.force_login(world.users["clerk"])
    html = client.get(reverse("people:request_add")).content.decode()
    assert 'value="entry"' in html
    assert 'value="roster"' not in html
    assert not ChangeRequest.objects.exists()


def test_reconciliation_links_the_batchs_entry_and_exit_to_it(world):
    from people.reconciliation import ENTRY, EXIT, Movement, requests_of_movements

    batch = Batch(world)
    batch.submit_and_review()
    batch.approve()
    batch.entry.refresh_from_db()
    batch.leaving.refresh_from_db()
    movements = [
        Movement(day=OCCURRED, kind=ENTRY, record=batch.entry.result_record, document=None),
        Movement(day=OCCURRED, kind=EXIT, record=batch.leaving, document=None),
        Movement(day=OCCURRED, kind=EXIT, record=batch.kept, document=None),
    ]
    found = requests_of_movements(movements, world.users["office_staff"])
    assert found == {
        (1, batch.entry.result_record_id): batch.request,
        (-1, batch.leaving.pk): batch.request,
    }  # the corrected record is not an exit
