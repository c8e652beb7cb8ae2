"""Data hygiene: a name is the same name whatever invisible characters were typed or pasted with
it (one cleaning, people.names, in the model, the entry form and the imports); a person cannot
start work before birth or be born before 1900."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError

from bianzhi.history import system_actor
from people import services
from people.idnumbers import BIRTH_BEFORE_1900
from people.imports.roster import roster_import
from people.models import Person
from people.models.personnel import WORK_BEFORE_BIRTH
from people.names import clean_name
from tests.imports.books import roster_row, workbook_bytes
from tests.kit import builders
from tests.kit.writes import nothing_written

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_id_serials")]

DISGUISED = "张\u200b三\u202e"


@pytest.mark.parametrize(
    "typed",
    [
        DISGUISED,
        "\ufeff张三",
        "张\u200d三",
        "\u2066张三\u2069",
        " 张三\u00ad ",
        "张\u200c三\u200e",
        "张三\u0007",
    ],
)
def test_invisible_characters_are_removed_from_a_name(typed):
    assert clean_name(typed) == "张三"


@pytest.mark.parametrize(
    "typed", ["王\u3000华", "王 华", "王\u00a0华", " 王  华 ", "王\u3000\u3000华", "王\u2002华"]
)
def test_no_space_is_kept_inside_a_name_in_chinese_characters(typed):
    assert clean_name(typed) == "王华"


def test_a_minority_name_keeps_its_middle_dot_and_latin_parts_one_space():
    assert clean_name("阿依古丽\u3000  买买提") == "阿依古丽买买提"
    assert clean_name("买买提·艾力") == "买买提·艾力"
    assert clean_name("买买提 · 艾力") == "买买提·艾力"
    assert clean_name("买买提\u30fb艾力") == "买买提·艾力"  # the katakana dot of Japanese IMEs
    assert clean_name("买买提\u2022艾力") == "买买提·艾力"
    assert clean_name("Ayşe\u3000 Yılmaz") == "Ayşe Yılmaz"


def test_a_registered_name_is_stored_clean(region, actor):
    person = services.person_register(
        actor=actor, region=region, id_number=builders.id_number(), name=DISGUISED
    )

    person.refresh_from_db()
    assert person.name == "张三"


def test_a_disguised_name_is_listed_with_its_namesake(region, actor):
    for name in ("张三", DISGUISED):
        services.person_register(
            actor=actor, region=region, id_number=builders.id_number(), name=name
        )

    assert Person.objects.filter(name="张三").count() == 2


def test_a_name_of_invisible_characters_only_is_no_name(region, actor):
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        services.person_register(
            actor=actor, region=region, id_number=builders.id_number(), name="\u200b\u202e"
        )

    assert "name" in excinfo.value.message_dict


def test_the_roster_import_cleans_names(world):
    builders.quota(world.unit, 3)
    number = builders.id_number()
    content = workbook_bytes([roster_row(number, 姓名=DISGUISED)])

    result = roster_import(file=io.BytesIO(content), actor=system_actor(), dry_run=False)

    assert result.ok, [str(error) for error in result.errors]
    assert Person.objects.by_id_number(number).get().name == "张三"


def test_work_cannot_start_before_birth(region, actor):
    birth = datetime.date(1990, 5, 17)
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        services.person_register(
            actor=actor,
            region=region,
            id_number=builders.id_number(birth=birth),
            name="王芳",
            work_started_on=datetime.date(1989, 9, 1),
        )

    assert excinfo.value.message_dict == {
        "work_started_on": [WORK_BEFORE_BIRTH % {"date": "1989-09-01", "birth": "1990-05-17"}]
    }


def test_nobody_is_born_before_1900(region, actor):
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        services.person_register(
            actor=actor, region=region, id_number="440524188001010014", name="李强"
        )

    assert excinfo.value.message_dict == {"id_number": [BIRTH_BEFORE_1900 % {"date": "1880-01-01"}]}
