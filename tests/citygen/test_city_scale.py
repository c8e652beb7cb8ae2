"""The generated city at a small scale: consistent with the rules, and the guard that keeps the
query count of every measured page independent of the data size (issue 7)."""

import datetime
import itertools

import pytest
from django.db import connection
from django.db.models import Count, F
from django.test import Client

from bianzhi.history import system_actor
from hospitals import selectors as hospital_selectors
from hospitals.models import ControlTotal, Hospital
from orgs.models import Institution
from orgs.validators import validate_credit_code
from people.choices import EndReason, EntryWay, RecordStatus, RequestKind
from people.models import EstablishmentRecord, Person
from people.services import request_create
from sampledata.citygen import CityExists, generate_city
from sampledata.citygen.pages import QueryCounter, city_pages
from schools.models import SchoolProfile, StudentCount
from schools.standards import previous_school_year, school_year_of
from staffing.choices import AdjustmentKind
from staffing.models import Adjustment, AdjustmentLine, QuotaLine
from staffing.selectors import with_figures

# The small scale: large enough that every measured list has rows in both cities.
SMALL = {"institutions": 300, "people": 5000}


def _listed(response) -> int | None:
    """How many rows the page's measured list shows; None for a page without one."""
    context = response.context
    if not context:
        return None
    if context.get("table") is not None:
        return len(context["table"].rows)
    if "entries" in context:
        return len(context["entries"])
    return None


def _give_the_clerk_a_task(city_code: str, today) -> None:
    """The clerk's 我的待办 lists drafts; whether the generator left one in the measured unit
    depends on the seed, and an empty list skips a query. A draft in each city makes the two
    cities do the same work on any day."""
    users, _ = city_pages(city_code, today=today)
    clerk = users["clerk"]
    request_create(
        institution=clerk.scope.institution,
        kind=RequestKind.EXIT,
        occurred_on=today - datetime.timedelta(days=3),
        reason="退休",
        actor=clerk,
    )


def _query_counts(city_code: str, today) -> dict:
    users, pages = city_pages(city_code, today=today)
    client = Client()
    counts = {}
    for page in pages:
        client.force_login(users[page.role])
        with QueryCounter(connection) as queries:
            response = client.get(page.url)
        assert response.status_code in (200, 302), (page, response.status_code)
        # An empty list would skip its prefetch queries: the counts compare equal work.
        assert _listed(response) != 0, (page, "no rows")
        counts[(page.role, page.name)] = queries.count
    return counts


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_city(today):
    actor = system_actor()
    generate_city(**SMALL, seed=1, actor=actor, today=today, log=lambda line: None)
    _give_the_clerk_a_task("990100", today)
    small = _query_counts("990100", today)
    doubled = {key: 2 * value for key, value in SMALL.items()}
    generate_city(
        **doubled, seed=2, actor=actor, today=today, city_code="980100", log=lambda line: None
    )
    _give_the_clerk_a_task("980100", today)
    large = _query_counts("980100", today)
    assert (
        EstablishmentRecord.objects.filter(
            quota_line__institution__region__code__startswith="9801", status=RecordStatus.ACTIVE
        ).count()
        == 2 * SMALL["people"]
    )
    assert large == small, {key: (small[key], large.get(key)) for key in small}


def _careers_follow_one_another() -> None:
    """Some people moved between units before their present post (so a person's history can
    be long); each move (调动, rule 7) ends one record the day the next opens, in another unit."""
    movers = (
        Person.objects.annotate(posts=Count("records"))
        .filter(posts__gt=2)
        .values_list("pk", flat=True)
    )
    assert len(movers) >= 3
    for person in movers:
        records = list(
            EstablishmentRecord.objects.filter(person=person)
            .select_related("quota_line")
            .order_by("entry_on")
        )
        assert [r.status for r in records].count(RecordStatus.ACTIVE) <= 1
        for before, after in itertools.pairwise(records):
            assert before.end_reason == EndReason.INTERNAL_TRANSFER
            assert before.ended_on == after.entry_on
            assert before.quota_line.institution_id != after.quota_line.institution_id
            assert after.entry_way == EntryWay.TRANSFER_IN


@pytest.mark.django_db
def test_generated_city_keeps_the_rules(today):
    actor = system_actor()
    counts = generate_city(**SMALL, seed=3, actor=actor, today=today, log=lambda line: None)
    assert counts["people_in_post"] == SMALL["people"]
    # Rule 28: the schools have their stages and students for this and last school year.
    assert counts["schools"] == SchoolProfile.objects.count() > 0
    this_year = school_year_of(today)
    years = set(StudentCount.objects.values_list("school_year", flat=True))
    assert years == {previous_school_year(this_year), this_year}
    assert StudentCount.history.count() == StudentCount.objects.count()
    lines = with_figures(QuotaLine.objects.all())
    # Rule 1/2: no permit reserves more than the vacancy; over-establishment only where documented.
    assert not lines.filter(available__lt=0, over=0).exists()
    assert (
        lines.filter(over__gt=0).count()
        == lines.filter(over__gt=0).exclude(over_establishment_reason="").count()
    )
    # Rule 23: the city has 编制下沉, every one a 划转 into township units.
    pushed = Adjustment.objects.exclude(push_down="")
    assert pushed.exists()
    assert not pushed.exclude(kind=AdjustmentKind.TRANSFER).exists()
    for line in AdjustmentLine.objects.filter(adjustment__in=pushed, delta__gt=0):
        assert line.institution.is_township_unit
    # Rule 12: the credit codes pass both check characters (GB 32100 and GB 11714).
    for institution in Institution.objects.order_by("?")[:200]:
        validate_credit_code(institution.credit_code)
    # Rule 11: every ID number carries its holder's birth date.
    for person in Person.objects.order_by("?")[:200]:
        person.full_clean()
    # Every row has history, dated when its event happened.
    assert Person.history.count() == Person.objects.count()
    two_years_ago = today - datetime.timedelta(days=730)
    assert EstablishmentRecord.history.filter(history_date__date__lt=two_years_ago).exists()
    # Rule 29: every hospital files a control total covering its 编制 and 备案制 people, above
    # the standard only with a reason; 备案制 people hold no 编制 record (rule 7).
    assert counts["hospitals"] > 0
    assert counts["filed_staff"] > 0
    hospitals = hospital_selectors.with_figures(Hospital.objects.all(), on=today)
    for hospital in hospitals:
        assert hospital.fig_year == today.year - 1
        assert hospital.control_total >= hospital.quota_occupied + hospital.filed_occupied
    assert not ControlTotal.objects.filter(
        total__gt=F("standard"), over_standard_reason=""
    ).exists()
    assert not EstablishmentRecord.objects.filter(
        status=RecordStatus.ACTIVE, person__filed_records__status=RecordStatus.ACTIVE
    ).exists()
    _careers_follow_one_another()
    with pytest.raises(CityExists):
        generate_city(**SMALL, seed=3, actor=actor, today=today, log=lambda line: None)
