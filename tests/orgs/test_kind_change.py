"""Rule 17: an institution's kind (单位类型) changes only when rule 6 still holds under the new kind.
``orgs.services.institution_update`` runs the checks staffing (quota lines) and people
(establishment records) register in ``orgs.services.kind_change_checks``; a refusal names what is
left and what to do first, and writes nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from bianzhi.access import Role
from bianzhi.history import system_actor
from orgs.choices import InstitutionKind, PublicServiceClass
from orgs.models import Institution
from orgs.services import institution_update, kind_change_checks
from people.kind_change import (
    NOT_CIVIL_SERVANTS,
    RECORDS_OF_OTHER_KIND,
    records_left_on_kind_change,
)
from staffing import services as staffing_services
from staffing.choices import EstablishmentType
from staffing.kind_change import QUOTA_OF_OTHER_KIND, SCHEDULED, quota_left_on_kind_change
from tests.kit import builders
from tests.kit.factories import InstitutionFactory, PublicInstitutionFactory, make_user

pytestmark = pytest.mark.django_db

ORGAN = InstitutionKind.PARTY_GOVERNMENT
MANAGED = InstitutionKind.CIVIL_SERVANT_MANAGED
TO_ORGAN = {"kind": ORGAN, "public_service_class": ""}


def change_kind(institution, changes):
    return institution_update(
        institution=institution,
        actor=make_user(Role.OFFICE_STAFF, region=institution.region),
        reason="调整单位类型",
        changes=changes,
    )


def refusal(institution, changes) -> list[str]:
    before = Institution.history.count()
    with pytest.raises(ValidationError) as excinfo:
        change_kind(institution, changes)
    institution.refresh_from_db()
    assert Institution.history.count() == before
    return excinfo.value.message_dict["kind"]


def test_the_checks_of_staffing_and_people_are_registered():
    assert quota_left_on_kind_change in kind_change_checks
    assert records_left_on_kind_change in kind_change_checks


def test_a_school_with_public_quota_and_people_cannot_become_an_organ():
    school = PublicInstitutionFactory(full_name="示例县第一中学")
    line = builders.quota(school, 5)
    builders.staff(line, 3)

    messages = refusal(school, TO_ORGAN)

    assert messages == [
        QUOTA_OF_OTHER_KIND % {"kind": "党政机关", "lines": "事业编制（全额拨款） 5 名"},
        RECORDS_OF_OTHER_KIND % {"kind": "党政机关", "records": "事业编制（全额拨款） 3 人"},
    ]
    assert "划转或核减" in messages[0] and "调出" in messages[1] and "规则 6、17" in messages[1]
    assert school.kind == InstitutionKind.PUBLIC_INSTITUTION


def test_quota_alone_blocks_the_change():
    school = PublicInstitutionFactory()
    builders.quota(school, 4)
    assert refusal(school, TO_ORGAN) == [
        QUOTA_OF_OTHER_KIND % {"kind": "党政机关", "lines": "事业编制（全额拨款） 4 名"}
    ]


def test_a_scheduled_adjustment_of_a_type_the_new_kind_may_not_hold_blocks_the_change(today):
    school = PublicInstitutionFactory()
    staffing_services.adjustment_apply(
        region=school.region,
        kind="initial",
        summary="核定编制",
        document=builders.document(school),
        effective_on=today + datetime.timedelta(days=200),
        lines=[
            staffing_services.LineChange(
                establishment_type=EstablishmentType.PUBLIC,
                delta=6,
                institution=school,
                funding_form="full",
            )
        ],
        actor=system_actor(),
    )
    [message] = refusal(school, TO_ORGAN)
    assert SCHEDULED in message and "事业编制（全额拨款）" in message


def test_an_organ_with_political_legal_quota_cannot_become_a_mass_organisation():
    bureau = InstitutionFactory(full_name="示例县公安局")
    builders.quota(bureau, 8, EstablishmentType.POLITICAL_LEGAL)
    builders.quota(bureau, 2, EstablishmentType.ADMINISTRATIVE)
    assert refusal(bureau, {"kind": InstitutionKind.MASS_ORGANISATION}) == [
        QUOTA_OF_OTHER_KIND % {"kind": "群团机关", "lines": "政法专项编制 8 名"}
    ]


def test_a_unit_becoming_managed_needs_its_staff_registered_as_civil_servants():
    school = PublicInstitutionFactory(full_name="示例县第二中学")
    line = builders.quota(school, 5)
    for name in ("甲", "乙"):
        builders.enter(builders.person(school.region, name, civil_servant_registered=False), line)
    builders.enter(builders.person(school.region, "丙"), line)

    assert refusal(school, {"kind": MANAGED}) == [
        NOT_CIVIL_SERVANTS % {"kind": "参照公务员法管理事业单位", "count": 2, "names": "乙、甲"}
    ]


def test_a_change_that_keeps_rule_6_goes_through():
    school = PublicInstitutionFactory()
    line = builders.quota(school, 5)
    builders.staff(line, 2)  # registered civil servants (the builders' default)

    change_kind(school, {"kind": MANAGED})
    school.refresh_from_db()
    assert school.kind == MANAGED


def test_an_empty_unit_may_change_kind():
    unit = PublicInstitutionFactory()
    change_kind(unit, TO_ORGAN)
    unit.refresh_from_db()
    assert unit.kind == ORGAN


def test_other_changes_do_not_run_the_kind_checks():
    school = PublicInstitutionFactory(public_service_class=PublicServiceClass.CLASS_ONE)
    builders.quota(school, 5)
    change_kind(school, {"short_name": "一中", "kind": InstitutionKind.PUBLIC_INSTITUTION})
    school.refresh_from_db()
    assert school.short_name == "一中"
