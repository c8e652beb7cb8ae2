"""Rules 6, 7 and 11 refuse a bad roster row with the service's own message: the import and the
services call the same checks (people.rules, people.idnumbers, staffing.models)."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError

from bianzhi.history import system_actor
from people import services as people_services
from people.imports.roster import roster_import
from people.models import Person
from staffing import services as staffing_services
from staffing.choices import EstablishmentType
from tests.kit import builders

from .books import roster_row, workbook_bytes


def import_error(row):
    content = workbook_bytes([row])
    result = roster_import(file=io.BytesIO(content), actor=system_actor(), dry_run=True)
    assert len(result.errors) == 1, result.error_lines()
    return result.errors[0]


def refusal(call, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    return caught.value


def register(world, id_number, **fields):
    return people_services.person_register(
        actor=system_actor(), region=world.region, id_number=id_number, name="张伟", **fields
    )


def test_rule_6_a_worker_outside_a_worker_slot_in_an_organ(world):
    line = builders.quota(world.sibling, 2)
    row = roster_row(
        builders.id_number(),
        单位=world.sibling.full_name,
        编制类型="行政编制",
        经费形式=None,
        岗位类别="工勤技能岗位",
    )
    error = import_error(row)
    refused = refusal(
        people_services.entry_register,
        person=builders.person(world.region),
        quota_line=line,
        permit=builders.permit(line),
        post_category="worker",
        entry_way="recruitment",
        entry_on=datetime.date(2020, 1, 1),
        actor=system_actor(),
    )
    assert error.column == "岗位类别"
    assert refused.messages == [error.message]


def test_rule_6_an_administrative_slot_in_a_public_institution(world):
    builders.quota(world.unit, 2)
    error = import_error(roster_row(builders.id_number(), 编制类型="行政编制", 经费形式=None))
    refused = refusal(
        staffing_services.adjustment_apply,
        region=world.region,
        kind="initial",
        summary="核定编制",
        document=builders.document(world.unit),
        effective_on=datetime.date(2020, 1, 1),
        lines=[
            staffing_services.LineChange(
                establishment_type=EstablishmentType.ADMINISTRATIVE,
                delta=1,
                institution=world.unit,
            )
        ],
        actor=system_actor(),
    )
    assert error.column == "编制类型" and "规则 6" in error.message
    assert refused.messages == [error.message]


def test_rule_7_an_id_number_already_registered(world):
    builders.quota(world.unit, 2)
    registered = builders.person(world.other_region, "外县人")
    error = import_error(roster_row(registered.id_number))
    refused = refusal(register, world=world, id_number=registered.id_number)
    assert error.column == "身份证号"
    assert refused.message_dict["id_number"] == [error.message]
    assert "外县人" not in error.message  # the person may be outside the importer's scope


def test_rule_11_a_wrong_check_character(world):
    builders.quota(world.unit, 2)
    error = import_error(roster_row("110105194912310021"))
    refused = refusal(register, world=world, id_number="110105194912310021")
    assert error.column == "身份证号" and "校验位" in error.message
    assert refused.message_dict["id_number"] == [error.message]


def test_rule_11_a_sex_the_id_number_contradicts(world):
    builders.quota(world.unit, 2)
    number = builders.id_number(male=True)
    error = import_error(roster_row(number, 性别="女"))
    refused = refusal(register, world=world, id_number=number, sex="F")
    assert error.column == "性别"
    assert refused.message_dict["sex"] == [error.message]


def test_rule_11_a_birth_date_the_id_number_contradicts(world):
    builders.quota(world.unit, 2)
    number = builders.id_number(birth=datetime.date(1990, 5, 17))
    error = import_error(roster_row(number, 出生日期="1990-05-18"))
    refused = refusal(
        register, world=world, id_number=number, birth_date=datetime.date(1990, 5, 18)
    )
    assert error.column == "出生日期"
    assert refused.message_dict["birth_date"] == [error.message]
    assert not Person.objects.by_id_number(number).exists()
