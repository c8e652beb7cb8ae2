"""沿革 of an institution: establishment, quota adjustments (before → after), leadership quota
changes with their documents, renames and abolition, oldest first."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bianzhi.history import system_actor
from orgs.models import Institution
from orgs.services import institution_abolish, institution_create, institution_update
from staffing import services
from staffing.choices import EstablishmentType, FundingForm, PostKind
from staffing.timeline import (
    ABOLISHED,
    CHANGED,
    ESTABLISHED,
    LEADERSHIP,
    QUOTA,
    RENAMED,
    timeline,
)
from tests.kit import builders
from tests.kit.clock import day
from tests.kit.factories import PublicInstitutionFactory
from tests.kit.views import Urls, ViewTestCases

TIMELINE = "staffing:institution_timeline"


class TestTimelinePageAccess(ViewTestCases.DetailView):
    """Every role that may see the institution may read its 沿革; out of scope is a 404."""

    model = Institution
    urls = Urls(detail=TIMELINE)

    def make_object(self, world, place):
        institution = world.place(place)
        builders.quota(institution, 3)
        return institution


def adjust(institution, delta, effective_on):
    services.adjustment_apply(
        region=institution.region,
        kind="increase" if delta > 0 else "decrease",
        summary="增加编制" if delta > 0 else "核减编制",
        document=builders.document(institution, issued_on=effective_on),
        effective_on=effective_on,
        lines=[
            services.LineChange(
                EstablishmentType.PUBLIC, delta, institution=institution, funding_form="full"
            )
        ],
        actor=system_actor(),
    )


def set_leaders(institution, approved, issued_on):
    return services.leadership_quota_set(
        institution=institution,
        post_kind=PostKind.UNIT_DEPUTY,
        approved=approved,
        document=builders.document(institution, issued_on=issued_on),
        actor=system_actor(),
        reason="核定领导职数",
    )


@pytest.fixture
def centre(world):
    """A centre set up in 2019, its history recorded later and out of order of effect."""
    actor = system_actor()
    founding = builders.document(number="示编发〔2019〕3号", issued_on=day(5, 1, years=-7))
    centre = institution_create(
        actor=actor,
        document=founding,
        **{
            field: getattr(PublicInstitutionFactory.build(region=world.region), field)
            for field in ("full_name", "region", "kind", "system", "category", "level")
        },
        public_service_class="class_one",
        established_on=day(5, 10, years=-7),
    )
    institution_update(
        institution=centre,
        actor=actor,
        reason="更名",
        changes={"full_name": "示例县政务服务中心", "level": "section"},
        document=builders.document(
            centre, number="示编发〔2024〕8号", issued_on=day(6, 1, years=-2)
        ),
    )
    adjust(centre, 6, day(1, 1))
    set_leaders(centre, 1, day(2, 1))
    adjust(centre, 2, day(3, 1, years=-1))  # recorded after, effective before
    set_leaders(centre, 2, day(5, 1))
    set_leaders(centre, 2, day(6, 1))  # same count, new document: not a change of count
    adjust(centre, -8, day(9, 1))
    institution_abolish(
        institution=centre,
        document=builders.document(centre, number="示编发〔2026〕30号", issued_on=day(9, 2)),
        abolished_on=day(9, 2),
        actor=actor,
        reason="撤销",
    )
    centre.refresh_from_db()
    return centre


def test_the_timeline_runs_oldest_first_by_effective_or_document_date(centre):
    events = timeline(centre)
    assert [(e.day, e.kind) for e in events] == [
        (day(5, 10, years=-7), ESTABLISHED),
        (day(6, 1, years=-2), RENAMED),
        (day(6, 1, years=-2), CHANGED),
        (day(3, 1, years=-1), QUOTA),
        (day(1, 1), QUOTA),
        (day(2, 1), LEADERSHIP),
        (day(5, 1), LEADERSHIP),
        (day(9, 1), QUOTA),
        (day(9, 2), ABOLISHED),
    ]
    days = [e.day for e in events]
    assert days == sorted(days)


def test_establishment_and_abolition_name_their_documents(centre):
    events = timeline(centre)
    assert events[0].number == "示编发〔2019〕3号"
    assert "设立" in events[0].subject and "示例县政务服务中心" not in events[0].subject
    assert events[-1].number == "示编发〔2026〕30号"


def test_a_rename_shows_from_and_to_with_its_document(centre):
    rename = next(e for e in timeline(centre) if e.kind == RENAMED)
    assert rename.after == "示例县政务服务中心" and rename.before != rename.after
    assert rename.number == "示编发〔2024〕8号"
    level = next(e for e in timeline(centre) if e.kind == CHANGED)
    assert (level.before, level.after) == ("副科级", "正科级")


def test_adjustments_show_before_and_after_as_recorded(centre):
    quota = [(e.before, e.after, e.delta) for e in timeline(centre) if e.kind == QUOTA]
    # Recorded in the order applied: +6, then +2 (effective earlier), then −8.
    assert quota == [("6", "8", 2), ("0", "6", 6), ("8", "0", -8)]


def test_leadership_changes_show_the_count_before_and_after(centre):
    changes = [(e.before, e.after, e.number) for e in timeline(centre) if e.kind == LEADERSHIP]
    assert [(before, after) for before, after, _ in changes] == [("—", "1"), ("1", "2")]
    assert all(number for *_, number in changes)


def test_the_page_lists_the_events_and_queries_do_not_grow(client, world):
    unit = world.unit
    client.force_login(world.users["clerk"])
    url = reverse(TIMELINE, args=[unit.pk])
    adjust_partial = builders.quota(unit, 2, EstablishmentType.PUBLIC, FundingForm.PARTIAL)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(1, 9):
        adjust(unit, 1, day(3, n))
        set_leaders(unit, n % 3 + 1, day(3, n))  # a new count each time, within the ceiling
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert len(page.context["events"]) == 1 + 1 + 8 + 8
    assert adjust_partial.type_label in page.content.decode()
    assert len(many) == len(few), "the timeline runs a query per event"


def test_posts_approved_by_the_founding_document_follow_the_establishment(world):
    """A founding document is issued before the institution is set up; what it approves takes
    effect with the establishment, so it is listed after 设立, on the establishment date."""
    unit = world.unit
    unit.established_on = day(3, 1, years=-6)
    unit.save()
    set_leaders(unit, 1, day(2, 1, years=-6))
    events = timeline(unit)
    assert [(e.kind, e.day) for e in events[:2]] == [
        (ESTABLISHED, day(3, 1, years=-6)),
        (LEADERSHIP, day(3, 1, years=-6)),
    ]
