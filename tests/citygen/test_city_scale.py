"""The generated city at a small scale: consistent with the rules, and the guard that keeps the
query count of every measured page independent of the data size (issue 7)."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from bianzhi.history import system_actor
from people.choices import RecordStatus
from people.models import EstablishmentRecord, Person
from sampledata.citygen import CityExists, generate_city
from sampledata.citygen.pages import QueryCounter, city_pages
from staffing.models import QuotaLine
from staffing.selectors import with_figures

# The small scale: large enough that every measured list has rows in both cities.
SMALL = {"institutions": 300, "people": 5000}


def _query_counts(city_code: str) -> dict:
    users, pages = city_pages(city_code)
    client = Client()
    counts = {}
    for page in pages:
        client.force_login(users[page.role])
        with QueryCounter(connection) as queries:
            response = client.get(page.url)
        assert response.status_code in (200, 302), (page, response.status_code)
        table = response.context.get("table") if response.context else None
        # An empty list would skip its prefetch queries: the counts compare equal work.
        assert table is None or len(table.rows), (page, "no rows")
        counts[(page.role, page.name)] = queries.count
    return counts


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_city():
    actor = system_actor()
    generate_city(**SMALL, seed=1, actor=actor, log=lambda line: None)
    small = _query_counts("990100")
    doubled = {key: 2 * value for key, value in SMALL.items()}
    generate_city(**doubled, seed=2, actor=actor, city_code="980100", log=lambda line: None)
    large = _query_counts("980100")
    assert (
        EstablishmentRecord.objects.filter(
            quota_line__institution__region__code__startswith="9801", status=RecordStatus.ACTIVE
        ).count()
        == 2 * SMALL["people"]
    )
    assert large == small, {key: (small[key], large.get(key)) for key in small}


@pytest.mark.django_db
def test_generated_city_keeps_the_rules():
    actor = system_actor()
    counts = generate_city(**SMALL, seed=3, actor=actor, log=lambda line: None)
    assert counts["people_in_post"] == SMALL["people"]
    lines = with_figures(QuotaLine.objects.all())
    # Rule 1/2: no permit reserves more than the vacancy; over-establishment only where documented.
    assert not lines.filter(available__lt=0, over=0).exists()
    assert (
        lines.filter(over__gt=0).count()
        == lines.filter(over__gt=0).exclude(over_establishment_reason="").count()
    )
    # Rule 11: every ID number carries its holder's birth date.
    for person in Person.objects.order_by("?")[:200]:
        person.full_clean()
    # Every row has history, dated when its event happened.
    assert Person.history.count() == Person.objects.count()
    two_years_ago = timezone.localdate() - datetime.timedelta(days=730)
    assert EstablishmentRecord.history.filter(history_date__date__lt=two_years_ago).exists()
    with pytest.raises(CityExists):
        generate_city(**SMALL, seed=3, actor=actor, log=lambda line: None)
