"""Words (issue 14): 单位类型 as the office writes it. The kind 党政机关 covers every organ, but a
court is a 审判机关, a people's congress standing committee a 人大机关 and a 民主党派 organ a
民主党派机关; pages and the 机构编制台账 name an organ by its system."""

import pytest
from django.urls import reverse

from bianzhi import ledgers
from bianzhi.access import Role
from orgs.choices import InstitutionKind, PublicServiceClass, System, kind_label
from tests.kit.factories import InstitutionFactory, RegionFactory, make_user
from tests.ledgers.read import read

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "system", "label"),
    [
        (InstitutionKind.PARTY_GOVERNMENT, System.PARTY, "党政机关"),
        (InstitutionKind.PARTY_GOVERNMENT, System.GOVERNMENT, "党政机关"),
        (InstitutionKind.PARTY_GOVERNMENT, System.CONGRESS, "人大机关"),
        (InstitutionKind.PARTY_GOVERNMENT, System.CPPCC, "政协机关"),
        (InstitutionKind.PARTY_GOVERNMENT, System.COURT, "审判机关"),
        (InstitutionKind.PARTY_GOVERNMENT, System.PROCURATORATE, "检察机关"),
        (InstitutionKind.PARTY_GOVERNMENT, System.DEMOCRATIC_PARTY, "民主党派机关"),
        (InstitutionKind.PARTY_GOVERNMENT, System.OTHER, "机关"),
        (InstitutionKind.MASS_ORGANISATION, System.MASS, "群团机关"),
        (InstitutionKind.PUBLIC_INSTITUTION, System.COURT, "事业单位"),
        (InstitutionKind.CIVIL_SERVANT_MANAGED, System.GOVERNMENT, "参照公务员法管理事业单位"),
    ],
)
def test_an_organ_is_named_by_its_system(kind, system, label):
    assert kind_label(kind, system) == label


@pytest.fixture
def county():
    return RegionFactory(name="示例县")


@pytest.fixture
def court(county):
    return InstitutionFactory(region=county, full_name="示例县人民法院", system=System.COURT)


def test_the_court_page_and_list_do_not_call_it_a_party_and_government_organ(client, county, court):
    client.force_login(make_user(Role.OFFICE_STAFF, region=county))
    detail = client.get(court.get_absolute_url()).content.decode()
    assert "审判机关" in detail and "党政机关" not in detail
    listing = client.get(reverse("orgs:institution_list")).content.decode()
    assert "审判机关" in listing and "党政机关" not in listing.split("<table", 1)[1]


def test_the_home_page_counts_organs_by_system(client, county, court):
    InstitutionFactory(region=county, full_name="示例县财政局", system=System.GOVERNMENT)
    InstitutionFactory(
        region=county,
        full_name="示例县第一中学",
        kind=InstitutionKind.PUBLIC_INSTITUTION,
        public_service_class=PublicServiceClass.CLASS_ONE,
    )
    client.force_login(make_user(Role.OFFICE_STAFF, region=county))
    counts = dict(client.get(reverse("orgs:home")).context["kind_counts"])
    assert counts == {
        "党政机关": 1,
        "审判机关": 1,
        "群团机关": 0,
        "参照公务员法管理事业单位": 0,
        "事业单位": 1,
    }


def test_the_institutions_ledger_names_the_court_a_judicial_organ(tmp_path, county, court):
    path = tmp_path / "institutions.xlsx"
    user = make_user(Role.OFFICE_STAFF, region=county)
    ledgers.write_ledger(ledgers.get("institutions"), user=user, params={}, target=str(path))
    assert read(path).column("单位类型") == ["审判机关"]
