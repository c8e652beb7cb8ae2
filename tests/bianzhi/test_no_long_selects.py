"""A city's lists are long (issue 21): 6,700 units, 7,900 quota lines, thousands of documents,
departments, permits, users and people. No list and no form offers them as the options of a
select; each such choice is a ``SearchSelect`` (bianzhi.pickers) holding only the chosen object.

The county here is a city in small: ``LONG`` units of each kind with a quota line and a permit
each, ``LONG`` documents, accounts, and, in the clerk's unit (a large hospital), ``LONG``
departments and people in post. Every page without parameters, the pages of one row of each kind
and the item forms of the unit's change requests are rendered for a city-wide user and for the
clerk; no select on them may hold more than ``MOST_OPTIONS`` options (fixed lists such as types
and statuses are far shorter, and so are a county's regions and a unit's few open permits).
"""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from assessments import services as assessments_services
from bianzhi.access import Role
from orgs.choices import Category, InstitutionKind, Level, PublicServiceClass, Sector, System
from orgs.models import ApprovalDocument, Institution, InternalDepartment, UserScope
from people.models import EstablishmentRecord, Person
from people.requests.services import request_create
from staffing.choices import EstablishmentType, FundingForm
from staffing.models import QuotaLine, UsagePermit
from tests.assessments.scenario import small_scheme
from tests.kit.builders import enter, id_number, person, quota
from tests.kit.requested import url_patterns

pytestmark = pytest.mark.django_db

LONG = 300
MOST_OPTIONS = 60

# Pages without a select of rows: downloads, redirects, endpoints answering htmx or JSON.
NOT_PAGES = ("logout", "pick", "export", "download", "ledger", ".xlsx", "api:", "schema")

# Pages of one row that hold forms choosing other rows: (URL name, the row's attribute of
# ``City``).
ROW_PAGES = [
    ("orgs:institution_detail", "unit"),
    ("orgs:institution_edit", "unit"),
    ("orgs:department_edit", "department"),
    ("orgs:document_edit", "document"),
    ("staffing:permit_detail", "permit"),
    ("people:person_detail", "someone"),
    ("people:appointment_add", "someone"),
    ("people:exit_add", "record"),
    ("people:transfer_add", "record"),
    ("accounts:account_edit", "clerk"),
    ("assessments:round_detail", "round"),
]
# Kinds of the unit's change requests whose items choose one of its people or departments.
PEOPLE_KINDS = ["entry", "exit", "transfer", "correction", "appointment"]


class City:
    def __init__(self, world):
        region = world.region
        self.world = world
        self.unit = world.unit
        units = Institution.objects.bulk_create(
            [
                Institution(
                    full_name=f"示例县第{n}卫生院",
                    region=region,
                    kind=InstitutionKind.PUBLIC_INSTITUTION,
                    system=System.OTHER,
                    category=Category.SUBORDINATE_INSTITUTION,
                    level=Level.UNIT,
                    public_service_class=PublicServiceClass.CLASS_ONE,
                    sector=Sector.HEALTH,
                    sort_order=n,
                )
                for n in range(LONG)
            ]
            + [
                Institution(
                    full_name=f"示例县第{n}局",
                    region=region,
                    kind=InstitutionKind.PARTY_GOVERNMENT,
                    system=System.GOVERNMENT,
                    category=Category.WORKING_DEPARTMENT,
                    level=Level.SECTION,
                    sort_order=n,
                )
                for n in range(LONG)
            ]
        )
        QuotaLine.objects.bulk_create(
            QuotaLine(
                institution=unit,
                establishment_type=EstablishmentType.PUBLIC
                if unit.kind == InstitutionKind.PUBLIC_INSTITUTION
                else EstablishmentType.ADMINISTRATIVE,
                funding_form=FundingForm.FULL
                if unit.kind == InstitutionKind.PUBLIC_INSTITUTION
                else "",
            )
            for unit in units
        )
        self.line = quota(world.unit, approved=LONG + 10)
        self.document = ApprovalDocument.objects.filter(institutions=world.unit).first()
        documents = ApprovalDocument.objects.bulk_create(
            ApprovalDocument(
                number=f"示编发〔2026〕{n + 100}号",
                title=f"关于第{n}项机构编制事项的批复",
                issuer="示例县机构编制委员会",
                issued_on=datetime.date(2026, 1, 15),
                region=region,
            )
            for n in range(LONG)
        )
        ApprovalDocument.institutions.through.objects.bulk_create(
            ApprovalDocument.institutions.through(
                approvaldocument_id=document.pk, institution_id=world.unit.pk
            )
            for document in documents
        )
        InternalDepartment.objects.bulk_create(
            InternalDepartment(institution=world.unit, name=f"第{n}科", sort_order=n)
            for n in range(LONG)
        )
        self.department = InternalDepartment.objects.filter(institution=world.unit).first()
        self.someone = person(region, "在编一")
        self.permit = UsagePermit.objects.get(pk=enter(self.someone, self.line).permit_id)
        # A unit holds a few open permits; the city holds one for each of its lines.
        UsagePermit.objects.bulk_create(
            UsagePermit(
                number=f"示核〔2026〕{n + 100}号",
                quota_line=line,
                count=1,
                purpose=self.permit.purpose,
                issued_on=self.permit.issued_on,
                expires_on=self.permit.expires_on,
            )
            for n, line in enumerate(QuotaLine.objects.filter(institution__in=units))
        )
        people = Person.objects.bulk_create(
            Person(name=f"职工{n}", region=region, id_number=id_number()) for n in range(LONG)
        )
        self.record = record = EstablishmentRecord.objects.get(person=self.someone)
        self.clerk = world.users["clerk"]
        EstablishmentRecord.objects.bulk_create(
            EstablishmentRecord(
                person=someone,
                quota_line=self.line,
                post_category=record.post_category,
                entry_way=record.entry_way,
                entry_on=record.entry_on,
            )
            for someone in people
        )
        users = get_user_model().objects.bulk_create(
            get_user_model()(username=f"clerk{n}") for n in range(LONG)
        )
        UserScope.objects.bulk_create(
            UserScope(user=user, role=Role.CLERK, institution=unit)
            for user, unit in zip(users, units, strict=False)
        )
        self.requests = [
            request_create(
                institution=world.unit,
                kind=kind,
                occurred_on=datetime.date(2026, 3, 1),
                reason="单位人员变动",
                evidence="调令",
                actor=self.clerk,
            )
            for kind in PEOPLE_KINDS
        ]
        scheme, _ = small_scheme(region)
        self.round = assessments_services.start_round(
            scheme=scheme, name="本年度绩效考核", user=world.users["office_admin"]
        )


@pytest.fixture
def city(world, fresh_id_serials):
    return City(world)


def pages(city):
    for pattern in url_patterns():
        if pattern.public or pattern.sample_kwargs:
            continue
        if any(word in pattern.name for word in NOT_PAGES):
            continue
        yield reverse(pattern.name)
    for name, attribute in ROW_PAGES:
        yield reverse(name, args=[getattr(city, attribute).pk])
    for change_request in city.requests:
        yield reverse("people:request_item_add", args=[change_request.pk])


def long_selects(html: str):
    for attributes, inner in re.findall(r"<select([^>]*)>(.*?)</select>", html, re.S):
        count = inner.count("<option")
        if count > MOST_OPTIONS:
            name = re.search(r'name="([^"]*)"', attributes)
            yield (name.group(1) if name else attributes.strip()), count


@pytest.mark.parametrize("role", ["office_admin", "clerk"])
def test_no_page_offers_a_citys_rows_as_the_options_of_a_select(client, city, role):
    client.force_login(city.world.users[role])
    found = []
    for url in pages(city):
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        found += [
            f"{url} {name}: {count}" for name, count in long_selects(response.content.decode())
        ]

    listed = "\n".join(found)
    assert found == [], f"selects of more than {MOST_OPTIONS} options:\n{listed}"
