"""The demo county 示例县: loaded through the services with history (rule 13), covering the
registry's value lists, with valid credit codes (rule 12), loaded only once, and one account per
role."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from bianzhi import access
from bianzhi.access import REGION_ROLES, Role
from bianzhi.history import system_actor
from orgs.choices import InstitutionKind, PublicServiceClass, Status, System
from orgs.models import ApprovalDocument, Institution, InternalDepartment, Region, UserScope
from orgs.validators import validate_credit_code
from sampledata.demo.orgs import (
    ACCOUNT_REASON,
    COUNTY_CODE,
    DEMO_ACCOUNTS,
    DEMO_REASON,
    create_demo_accounts,
    fixture_path,
    load_demo_orgs,
)
from tests.kit.database import FAST_HASHERS, committed
from tests.kit.writes import row_counts

ABOLISHED_NAME = "示例县招商引资服务中心"
ABOLITION_NUMBER = "示编发〔2024〕9号"


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker):
    """The demo county and accounts, loaded once for a class of tests, committed and emptied
    after it (each test still rolls back its own changes); see tests/kit/database.py."""
    with committed(django_db_blocker):
        counts = load_demo_orgs(actor=system_actor())
        create_demo_accounts()
        yield counts


@pytest.fixture
def actor():
    return system_actor()


def county_institutions():
    return Institution.objects.filter(region__code=COUNTY_CODE)


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
class TestLoadedDemo:
    def test_demo_county_sits_under_the_demo_city(self, demo):
        county = Region.objects.get(code=COUNTY_CODE)
        assert (county.name, county.level) == ("示例县", "county")
        assert (county.parent.code, county.parent.name, county.parent.level) == (
            "990100",
            "示例市",
            "city",
        )
        assert demo["regions"] == 2

    def test_demo_covers_every_kind_and_every_system(self, demo):
        institutions = county_institutions()
        assert institutions.count() >= 55
        assert demo["institutions"] == institutions.count()
        assert set(institutions.values_list("kind", flat=True)) == set(InstitutionKind.values)
        fixture = json.loads(fixture_path().read_text(encoding="utf-8"))
        used_systems = {row["system"] for row in fixture["institutions"]}
        assert set(institutions.values_list("system", flat=True)) == used_systems
        assert used_systems == set(System.values)
        classes = set(institutions.values_list("public_service_class", flat=True)) - {""}
        assert classes == set(PublicServiceClass.values)

    def test_demo_names_are_fictional(self):
        names = county_institutions().values_list("full_name", flat=True)
        assert all("示例县" in name for name in names)

    def test_every_credit_code_is_valid_and_unique(self):
        codes = list(county_institutions().values_list("credit_code", flat=True))
        assert all(codes)
        assert len(set(codes)) == len(codes)
        for code in codes:
            validate_credit_code(code)

    def test_public_institutions_carry_class_and_legal_person_certificate(self):
        public = county_institutions().filter(kind=InstitutionKind.PUBLIC_INSTITUTION)
        assert not public.filter(legal_person_cert_no="").exists()
        assert not public.filter(public_service_class="").exists()
        organs = county_institutions().exclude(
            kind__in=[InstitutionKind.PUBLIC_INSTITUTION, InstitutionKind.CIVIL_SERVANT_MANAGED]
        )
        assert not organs.exclude(legal_person_cert_no="").exists()

    def test_institutions_form_a_tree_at_least_three_deep(self):
        depths = [len(institution.ancestors()) + 1 for institution in county_institutions()]
        assert max(depths) >= 3

    def test_every_institution_has_its_founding_document_among_its_documents(self):
        institutions = county_institutions()
        assert not institutions.filter(establishing_document__isnull=True).exists()
        assert not institutions.filter(established_on__isnull=True).exists()
        for institution in institutions:
            assert institution.documents.filter(pk=institution.establishing_document_id).exists()

    def test_most_institutions_have_internal_departments(self, demo):
        institutions = county_institutions()
        with_departments = institutions.filter(departments__isnull=False).distinct().count()
        assert with_departments >= institutions.count() * 2 // 3
        assert demo["departments"] == InternalDepartment.objects.count()

    def test_every_demo_row_has_history_naming_the_actor_and_reason(self, actor):
        for model in (Region, ApprovalDocument, Institution, InternalDepartment):
            history = model.history.all()
            assert set(history.values_list("history_user", flat=True)) == {actor.pk}
            assert set(history.values_list("history_change_reason", flat=True)) == {DEMO_REASON}
            created = set(history.filter(history_type="+").values_list("id", flat=True))
            assert created == set(model.objects.values_list("pk", flat=True))

    def test_one_institution_is_abolished_with_its_document(self, demo):
        assert demo["abolished"] == 1
        abolished = Institution.objects.get(full_name=ABOLISHED_NAME)
        assert abolished.status == Status.ABOLISHED
        assert abolished.abolition_document.number == ABOLITION_NUMBER
        assert abolished.abolition_document.institutions.filter(pk=abolished.pk).exists()
        assert abolished.departments.exists()
        assert not abolished.departments.filter(status=Status.ACTIVE).exists()
        assert abolished.history.latest().history_document == ABOLITION_NUMBER

    def test_second_load_writes_no_rows_and_no_history(self, actor):
        before = row_counts()
        assert any(label.split(".")[1].startswith("Historical") for label in before)
        again = load_demo_orgs(actor=actor)
        assert set(again.values()) == {0}
        assert row_counts() == before

    def test_each_role_has_a_demo_account_that_can_log_in(self, client, settings):
        settings.PASSWORD_HASHERS = FAST_HASHERS
        assert {account.role for account in DEMO_ACCOUNTS} == set(Role)
        for account in DEMO_ACCOUNTS:
            scope = UserScope.objects.select_related("user", "region", "institution").get(
                user__username=account.username
            )
            assert scope.role == account.role
            if account.role in REGION_ROLES:
                assert scope.region.code == COUNTY_CODE
            else:
                assert scope.institution.full_name == account.institution_name
            assert not scope.may_see_full_id
            assert scope.department == (account.department or "")
            assert scope.user.is_staff == (account.role == Role.OFFICE_ADMIN)
            assert scope.history.get().history_change_reason == ACCOUNT_REASON
            credentials = {"username": account.username, "password": account.password}
            assert client.post(reverse("login"), credentials).status_code == 302
            client.logout()

    def test_reviewer_sees_the_schools_and_clerk_only_its_school(self):
        users = get_user_model().objects
        reviewer_sees = access.restrict(Institution.objects.all(), users.get(username="reviewer"))
        assert reviewer_sees.filter(full_name="示例县第一中学").exists()
        assert not reviewer_sees.filter(full_name="示例县人民医院").exists()
        clerk_sees = access.restrict(Institution.objects.all(), users.get(username="clerk"))
        assert list(clerk_sees.values_list("full_name", flat=True)) == ["示例县第一中学"]

    def test_existing_accounts_are_left_untouched(self):
        admin = get_user_model().objects.get(username="admin")
        admin.set_password("kept-by-the-office")
        admin.save()
        before = row_counts()
        rows = create_demo_accounts()
        assert [row[0] for row in rows] == [
            "admin",
            "staff",
            "reviewer",
            "clerk",
            "partner",
            "partner-org",
            "partner-hr",
        ]
        assert row_counts() == before
        admin.refresh_from_db()
        assert admin.check_password("kept-by-the-office")
