"""编制及人员变动对账: per quota type, approved opening + adjustments = closing, and occupants
opening + entries − exits ± transfers = closing, by effective dates; each movement with its
document and, when an approved change request made it, that request."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bianzhi.history import system_actor
from orgs.models import Institution
from people import reconciliation, services
from people.choices import RequestKind
from people.reconciliation import ENTRY, EXIT, TRANSFER_IN, TRANSFER_OUT
from staffing import services as staffing_services
from staffing.choices import EstablishmentType, FundingForm
from tests.kit import builders
from tests.kit.clock import day
from tests.kit.views import Urls, ViewTestCases

RECONCILIATION = "people:institution_reconciliation"
START, END = day(3, 1), day(6, 30)


class TestReconciliationPageAccess(ViewTestCases.DetailView):
    """Every role that may see the institution may reconcile it; out of scope is a 404."""

    model = Institution
    urls = Urls(detail=RECONCILIATION)

    def make_object(self, world, place):
        institution = world.place(place)
        builders.quota(institution, 3)
        return institution


def adjust(institution, delta, effective_on, funding_form=FundingForm.FULL):
    staffing_services.adjustment_apply(
        region=institution.region,
        kind="increase" if delta > 0 else "decrease",
        summary="调整编制",
        document=builders.document(institution),
        effective_on=effective_on,
        lines=[
            staffing_services.LineChange(
                EstablishmentType.PUBLIC, delta, institution=institution, funding_form=funding_form
            )
        ],
        actor=system_actor(),
    )


def enter(institution, line, name, on):
    return builders.enter(builders.person(institution.region, name), line, entry_on=on)


@pytest.fixture
def period(world):
    """A unit with a fully funded and a partly funded line, and movements before, inside and
    after the period [START, END] (see the expected figures in the tests)."""
    unit, actor = world.unit, system_actor()
    full = builders.quota(unit, 5)  # effective 2026-01-01
    partial = builders.quota(unit, 2, EstablishmentType.PUBLIC, FundingForm.PARTIAL)
    adjust(unit, 1, day(2, 15), FundingForm.PARTIAL)  # before the period
    adjust(unit, 2, day(4, 1))  # inside
    first, second, _ = (enter(unit, full, name, day(2, 1)) for name in ("甲", "乙", "丙"))
    enter(unit, full, "丁", day(3, 10))
    short_stay = enter(unit, full, "辛", day(3, 20))
    services.exit_register(record=first, ended_on=day(4, 5), end_reason="retirement", actor=actor)
    services.exit_register(
        record=short_stay, ended_on=day(6, 1), end_reason="resignation", actor=actor
    )
    sibling_line = builders.quota(world.sibling, 3)
    services.transfer_register(
        record=second,
        quota_line=sibling_line,
        permit=builders.permit(sibling_line),
        transferred_on=day(5, 1),
        post_category="management",
        actor=actor,
    )
    incoming = enter(world.sibling, sibling_line, "戊", day(2, 1))
    services.transfer_register(
        record=incoming,
        quota_line=full,
        permit=builders.permit(full),
        transferred_on=day(5, 10),
        post_category="professional",
        actor=actor,
    )
    enter(unit, partial, "己", END)  # on the last day: inside
    enter(unit, partial, "庚", END + datetime.timedelta(days=1))  # after
    adjust(unit, -1, day(7, 1))  # after
    return {"full": full, "partial": partial}


def blocks(world, user_role="clerk", start=START, end=END):
    result = reconciliation.reconcile(world.unit, start, end, user=world.users[user_role])
    return {block.line.pk: block for block in result.types}


def test_approved_opening_plus_adjustments_is_closing_per_type(world, period):
    by_line = blocks(world)
    full, partial = by_line[period["full"].pk], by_line[period["partial"].pk]
    assert (full.approved_opening, full.adjusted, full.approved_closing) == (5, 2, 7)
    assert [row.line.delta for row in full.adjustments] == [2]
    assert [row.approved_after for row in full.adjustments] == [7]
    assert (partial.approved_opening, partial.adjusted, partial.approved_closing) == (3, 0, 3)
    assert all(block.approved_balances for block in by_line.values())


def test_occupants_opening_plus_entries_minus_exits_plus_minus_transfers_is_closing(world, period):
    by_line = blocks(world)
    full, partial = by_line[period["full"].pk], by_line[period["partial"].pk]
    assert (full.occupied_opening, full.occupied_closing) == (3, 3)
    assert (full.entries, full.transfers_in, full.exits, full.transfers_out) == (2, 1, 2, 1)
    assert (partial.occupied_opening, partial.entries, partial.occupied_closing) == (0, 1, 1)
    for block in by_line.values():
        moved = block.entries + block.transfers_in - block.exits - block.transfers_out
        assert block.occupied_opening + moved == block.occupied_closing
        assert block.occupied_balances


def test_the_identity_holds_for_any_period_cut(world, period):
    """Opening and closing are counted by the database, movements one by one: they agree for
    every cut, including periods of one day and periods with nothing in them."""
    days = [day(1, 1), day(2, 1), day(3, 10), day(4, 5), day(5, 10), END]
    for start in days:
        for end in (d for d in [*days, day(7, 1)] if d >= start):
            for block in blocks(world, start=start, end=end).values():
                assert block.occupied_balances, (start, end, block.line)
                assert block.approved_balances, (start, end, block.line)


def test_each_movement_has_its_date_kind_and_document_in_date_order(world, period):
    full = blocks(world)[period["full"].pk]
    rows = [(m.day, m.record.person.name, m.kind) for m in full.movements]
    assert rows == [
        (day(3, 10), "丁", ENTRY),
        (day(3, 20), "辛", ENTRY),
        (day(4, 5), "甲", EXIT),
        (day(5, 1), "乙", TRANSFER_OUT),
        (day(5, 10), "戊", TRANSFER_IN),
        (day(6, 1), "辛", EXIT),
    ]
    assert [m.kind_label for m in full.movements][:4] == ["入编", "入编", "出编", "调出"]


def test_movements_show_their_entry_and_end_documents(world):
    line = builders.quota(world.unit, 3)
    entry_document = builders.document(world.unit)
    record = builders.enter(
        builders.person(world.region, "甲"), line, entry_on=START, entry_document=entry_document
    )
    end_document = builders.document(world.unit)
    services.exit_register(
        record=record,
        ended_on=END,
        end_reason="retirement",
        end_document=end_document,
        actor=system_actor(),
    )
    movements = blocks(world)[line.pk].movements
    assert [(m.kind, m.document) for m in movements] == [
        (ENTRY, entry_document),
        (EXIT, end_document),
    ]


# --- the change request behind a movement --------------------------------------------------------


def approved_request(world, kind, occurred_on, **item):
    clerk = world.users["clerk"]
    request = services.request_create(
        institution=world.unit,
        kind=kind,
        occurred_on=occurred_on,
        reason="单位人员变动",
        evidence="调令",
        actor=clerk,
    )
    services.item_add(request=request, actor=clerk, **item)
    services.request_submit(request=request, actor=clerk)
    services.request_review(request=request, actor=world.users["reviewer"], comment="同意")
    return services.request_approve(request=request, actor=world.users["office_staff"])


def test_a_movement_made_by_an_approved_change_request_links_to_it(client, world):
    line = builders.quota(world.unit, 3)
    leaving = builders.enter(builders.person(world.region, "甲"), line, entry_on=day(2, 1))
    entry = approved_request(
        world,
        RequestKind.ENTRY,
        day(4, 1),
        data={
            "quota_line": line.pk,
            "permit": builders.permit(line).pk,
            "post_category": builders.post_for(line),
            "entry_way": "recruitment",
            "new_person": {"id_number": builders.id_number(), "name": "乙"},
        },
    )
    exit_ = approved_request(
        world, RequestKind.EXIT, day(5, 1), record=leaving, data={"end_reason": "retirement"}
    )
    builders.enter(builders.person(world.region, "丙"), line, entry_on=day(5, 2))
    movements = {m.record.person.name: m for m in blocks(world)[line.pk].movements}
    assert movements["乙"].request == entry
    assert movements["甲"].request == exit_
    assert movements["丙"].request is None
    client.force_login(world.users["clerk"])
    page = client.get(reverse(RECONCILIATION, args=[world.unit.pk]), {"start": START, "end": END})
    for request in (entry, exit_):
        assert (
            f'<a href="{request.get_absolute_url()}">{request.number}</a>' in page.content.decode()
        )


# --- the page ------------------------------------------------------------------------------------


def test_the_page_shows_the_period_and_every_type_balancing(client, world, period):
    client.force_login(world.users["clerk"])
    response = client.get(
        reverse(RECONCILIATION, args=[world.unit.pk]), {"start": START, "end": END}
    )
    result = response.context["result"]
    assert (result.start, result.end) == (START, END)
    assert len(result.types) == 2 and result.balances
    assert "不符" not in response.content.decode()


def test_without_a_period_the_page_reconciles_this_year_so_far(client, world):
    client.force_login(world.users["clerk"])
    result = client.get(reverse(RECONCILIATION, args=[world.unit.pk])).context["result"]
    today = timezone.localdate()
    assert (result.start, result.end) == (today.replace(month=1, day=1), today)


@pytest.mark.parametrize(
    "start, end, message",
    [
        (day(6, 30).isoformat(), day(3, 1).isoformat(), "起始日期不能晚于截止日期"),
        (day(3, 1).isoformat(), "2999-01-01", "截止日期不能晚于今天"),
    ],
)
def test_a_reversed_or_future_period_is_refused_with_a_message(client, world, start, end, message):
    client.force_login(world.users["clerk"])
    response = client.get(
        reverse(RECONCILIATION, args=[world.unit.pk]), {"start": start, "end": end}
    )
    assert response.status_code == 200
    assert response.context["result"] is None
    assert message in response.content.decode()


def test_a_clerk_of_another_unit_gets_404(client, world):
    client.force_login(world.users["clerk"])
    for place in ("sibling", "foreign"):
        url = reverse(RECONCILIATION, args=[world.place(place).pk])
        assert client.get(url, {"start": START, "end": END}).status_code == 404


def test_the_page_runs_the_same_queries_for_few_movements_or_many(client, world):
    line = builders.quota(world.unit, 30)
    builders.staff(line, 2)
    client.force_login(world.users["clerk"])
    url = reverse(RECONCILIATION, args=[world.unit.pk])
    period = {"start": day(1, 1).isoformat(), "end": timezone.localdate().isoformat()}
    with CaptureQueriesContext(connection) as few:
        client.get(url, period)
    for record in builders.staff(line, 8, name_prefix="新进")[:4]:
        services.exit_register(
            record=record, ended_on=day(6, 1), end_reason="resignation", actor=system_actor()
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url, period)
    assert len(many) == len(few), "the reconciliation runs a query per movement"
