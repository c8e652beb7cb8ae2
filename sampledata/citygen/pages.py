"""The pages the city is measured on, as office staff and as a unit clerk: shared by the
query-count guard (tests) and the page benchmark (benchmarks/bench_pages.py)."""

import datetime
import math
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from bianzhi.access import Role
from orgs.models import Institution, UserScope
from people.choices import RecordStatus
from people.models import EstablishmentRecord, LeadershipAppointment, Person
from plans.models import AnnualPlan

from .names import CITY


@dataclass(frozen=True)
class Page:
    name: str
    role: str  # "staff" or "clerk"
    url: str


def two_years_back(today: datetime.date) -> datetime.date:
    return today.replace(year=today.year - 2, day=min(today.day, 28))


def city_pages(city_code: str = CITY[0], today: datetime.date | None = None) -> tuple[dict, list]:
    """({role: user}, [Page]) for the city with ``city_code``: the city's office staff, and the
    clerk of its largest unit (the most people in post)."""
    today = today or timezone.localdate()
    suffix = "" if city_code == CITY[0] else city_code
    staff = get_user_model().objects.get(username=f"citystaff{suffix}")
    prefix = city_code[:4]
    unit = (
        Institution.objects.filter(region__code__startswith=prefix)
        .annotate(
            people=Count(
                "quota_lines__records",
                filter=Q(quota_lines__records__status=RecordStatus.ACTIVE),
            )
        )
        .order_by("-people", "pk")
        .first()
    )
    clerk = UserScope.objects.get(role=Role.CLERK, institution=unit).user
    record = (
        EstablishmentRecord.objects.filter(quota_line__institution=unit, status=RecordStatus.ACTIVE)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    person = record.person
    plan = AnnualPlan.objects.get(region=unit.region, year=today.year)
    back = two_years_back(today).isoformat()
    year_back = (today - datetime.timedelta(days=365)).isoformat()

    def url(name, *args, **query):
        path = reverse(name, args=args)
        return f"{path}?{urlencode(query)}" if query else path

    shared = [
        ("home", url("orgs:home")),
        ("roster_by_name", url("people:person_list", q=person.name)),
        ("roster_by_id_number", url("people:person_list", q=person.id_number)),
        ("person_detail", url("people:person_detail", person.pk)),
        ("institution_detail", url("orgs:institution_detail", unit.pk)),
        ("institution_figures", url("staffing:institution_establishment", unit.pk)),
        ("asof_two_years_back", url("people:institution_asof", unit.pk, on=back)),
    ]
    pages = [
        Page(
            "institution_list_filtered",
            "staff",
            url("orgs:institution_list", kind="public", q="小学"),
        )
    ]
    pages += [Page(name, "staff", address) for name, address in shared]
    pages += [
        Page("region_overview", "staff", url("people:overview")),
        Page("region_overview_duplicates", "staff", url("people:overview_duplicates")),
        Page("region_overview_breaches", "staff", url("checks:overview_card")),
        Page("region_overview_charts", "staff", url("people:overview_charts")),
        Page("region_totals", "staff", url("staffing:region_totals")),
        # The last twelve months: on 1 January "this year to date" would be one day long.
        Page("supervision_late", "staff", url("people:supervision", tab="late", start=year_back)),
        Page("supervision_units", "staff", url("people:supervision", start=year_back)),
        Page("self_check", "staff", url("checks:breach_list")),
        Page("retirement_forecast", "staff", url("people:retirement_forecast")),
        Page("push_down_totals", "staff", url("staffing:push_down_totals")),
        Page("school_standards", "staff", url("schools:standard_list")),
        Page("annual_plan", "staff", url("plans:plan_detail", plan.pk)),
        Page("annual_plan_ledger", "staff", url("plans:ledger", year=today.year)),
        Page("hospital_list", "staff", url("hospitals:hospital_list")),
        Page("filed_staff_list", "staff", url("hospitals:filedstaff_list")),
        Page("institution_list_filtered", "clerk", url("orgs:institution_list", kind="public")),
        # 经费核定 (rule 46): this year's twelve month-ends over the city, last year's, a funding
        # form's deep page, and the clerk's own unit.
        Page("funding", "staff", url("funding:year")),
        Page("funding_last_year", "staff", url("funding:year", year=today.year - 1)),
        Page(
            "funding_partial_page_20",
            "staff",
            url("funding:year", year=today.year, funding_form="partial", page=20),
        ),
        Page("funding", "clerk", url("funding:year")),
    ]
    pages += city_lists(prefix, url)
    pages += [
        Page(
            "person_history_longest", "staff", url("people:person_history", longest_person(prefix))
        ),
        Page(
            "institution_history_longest",
            "staff",
            url("orgs:institution_history", longest_institution(prefix)),
        ),
    ]
    pages += [Page(name, "clerk", address) for name, address in shared]
    return {"staff": staff, "clerk": clerk}, pages


# The roster's offered sorts (people.tables.RosterTable), each read from an index.
ROSTER_SORTS = (
    "institution",
    "-institution",
    "name",
    "department",
    "establishment_type",
    "entry_on",
)
ROSTER_PER_PAGE = 25


def city_lists(prefix: str, url) -> list[Page]:
    """The city-wide lists as office staff (issue 21): the roster unfiltered, in each offered
    order, deep in its pages and on its last page, and the lists with unit pickers."""
    in_post = EstablishmentRecord.objects.filter(
        quota_line__institution__region__code__startswith=prefix, status=RecordStatus.ACTIVE
    ).count()
    last = max(math.ceil(in_post / ROSTER_PER_PAGE), 1)
    pages = [Page("roster", "staff", url("people:person_list"))]
    pages += [
        Page(
            f"roster_sort_{sort.replace('-', 'desc_')}",
            "staff",
            url("people:person_list", sort=sort),
        )
        for sort in ROSTER_SORTS
    ]
    pages += [
        Page("roster_page_200", "staff", url("people:person_list", page=min(200, last))),
        Page("roster_last_page", "staff", url("people:person_list", page=last)),
        Page("institution_list", "staff", url("orgs:institution_list")),
        Page("permit_list", "staff", url("staffing:permit_list")),
        Page("adjustment_list", "staff", url("staffing:adjustment_list")),
        Page("leadership_list", "staff", url("staffing:leadership_list")),
        Page("request_list", "staff", url("people:request_list")),
        Page("document_list", "staff", url("orgs:document_list")),
    ]
    return pages


def longest_person(prefix: str, candidates: int = 50) -> int:
    """The person of the city whose history page is longest: most changes of their own, of
    their records and of their leadership posts, counted for the ``candidates`` with most
    changes of records and the ``candidates`` with most changes of posts."""
    sections = (
        (EstablishmentRecord.history, "person_id", "quota_line__institution"),
        (LeadershipAppointment.history, "person_id", "quota__institution"),
    )
    chosen: set[int] = set()
    for changes, person, unit in sections:
        chosen.update(
            changes.filter(**{f"{unit}__region__code__startswith": prefix})
            .values(person)
            .annotate(rows=Count("history_id"))
            .order_by("-rows", person)
            .values_list(person, flat=True)[:candidates]
        )
    rows = dict.fromkeys(chosen, 0)
    for changes, person in (*((c, p) for c, p, _ in sections), (Person.history, "id")):
        counted = (
            changes.filter(**{f"{person}__in": chosen})
            .values(person)
            .annotate(rows=Count("history_id"))
            .values_list(person, "rows")
        )
        for person_id, count in counted:
            rows[person_id] += count
    return max(rows, key=lambda person_id: (rows[person_id], -person_id))


def longest_institution(prefix: str) -> int:
    """The unit of the city with the most changes of its own."""
    return (
        Institution.history.filter(region__code__startswith=prefix)
        .values("id")
        .annotate(rows=Count("history_id"))
        .order_by("-rows", "id")
        .values_list("id", flat=True)
        .first()
    )


class QueryCounter:
    """Counts the statements a block sends on ``connection`` (works with DEBUG off, unlike
    ``connection.queries``, which every request start clears)."""

    def __init__(self, connection):
        self.connection = connection
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __enter__(self):
        self._wrapper = self.connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)
