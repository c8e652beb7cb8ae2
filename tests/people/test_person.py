"""Registering a person (rules 7, 10, 11): the ID number is checked and normalised, birth date and
sex are derived from it and must agree with it, it is never registered twice; the retirement
month follows the person's sex and post."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from people import services
from people.choices import PostCategory, Sex
from people.idnumbers import (
    BAD_BIRTH_DATE,
    BAD_CHECK_CHARACTER,
    BIRTH_BEFORE_1900,
    NOT_DIGITS,
    WRONG_LENGTH,
)
from people.models import (
    BIRTH_DATE_DISAGREES,
    SEX_DISAGREES,
    EstablishmentRecord,
    Person,
)
from tests.kit import builders
from tests.kit.factories import PublicInstitutionFactory, RegionFactory
from tests.kit.writes import nothing_written

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_id_serials")]

# Valid examples of domain.md rule 11, and the legacy 15-digit form of the first.
WOMAN_1949 = "11010519491231002X"
WOMAN_1949_LEGACY = "110105491231002"
MAN_1950 = "44052419500101001X"
MAN_1880 = "440524188001010014"
MAN_1980_LEGACY = "440524800101001"
MAN_1980 = "440524198001010013"
DUPLICATE_ID = Person._meta.get_field("id_number_index").error_messages["unique"]


def register(region, actor, id_number, name="王芳", **fields):
    return services.person_register(
        actor=actor, region=region, id_number=id_number, name=name, **fields
    )


# --- rule 11: the ID number ---------------------------------------------------------------------


def test_birth_date_and_sex_are_derived_from_the_id_number(region, actor):
    woman = register(region, actor, WOMAN_1949)
    man = register(region, actor, MAN_1950, name="李强")

    assert (woman.birth_date, woman.sex) == (datetime.date(1949, 12, 31), Sex.FEMALE)
    assert (man.birth_date, man.sex) == (datetime.date(1950, 1, 1), Sex.MALE)


@pytest.mark.parametrize(
    ("legacy", "upgraded", "birth", "sex"),
    [
        (WOMAN_1949_LEGACY, WOMAN_1949, datetime.date(1949, 12, 31), Sex.FEMALE),
        (MAN_1980_LEGACY, MAN_1980, datetime.date(1980, 1, 1), Sex.MALE),
    ],
)
def test_a_legacy_15_digit_number_is_upgraded_on_registration(
    region, actor, legacy, upgraded, birth, sex
):
    person = register(region, actor, legacy)

    person.refresh_from_db()
    assert (person.id_number, person.birth_date, person.sex) == (upgraded, birth, sex)


def test_a_lower_case_check_character_is_normalised(region, actor):
    person = register(region, actor, "11010519491231002x")
    person.refresh_from_db()
    assert person.id_number == WOMAN_1949


def test_a_birth_date_that_disagrees_with_the_id_number_is_refused(region, actor):
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        register(region, actor, WOMAN_1949, birth_date=datetime.date(1949, 12, 30))

    assert excinfo.value.message_dict == {
        "birth_date": [BIRTH_DATE_DISAGREES % {"given": "1949-12-30", "derived": "1949-12-31"}]
    }


def test_a_sex_that_disagrees_with_the_id_number_is_refused(region, actor):
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        register(region, actor, WOMAN_1949, sex=Sex.MALE)

    assert excinfo.value.message_dict == {"sex": [SEX_DISAGREES % {"given": "男", "derived": "女"}]}


def test_both_disagreements_are_reported_at_once(region, actor):
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        register(region, actor, MAN_1950, sex=Sex.FEMALE, birth_date=datetime.date(1950, 1, 2))

    assert excinfo.value.message_dict == {
        "birth_date": [BIRTH_DATE_DISAGREES % {"given": "1950-01-02", "derived": "1950-01-01"}],
        "sex": [SEX_DISAGREES % {"given": "女", "derived": "男"}],
    }


def test_a_birth_date_and_sex_that_agree_are_accepted(region, actor):
    person = register(
        region, actor, WOMAN_1949, birth_date=datetime.date(1949, 12, 31), sex=Sex.FEMALE
    )
    assert person.pk is not None


def test_a_mistyped_check_character_is_refused(region, actor):
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        register(region, actor, "110105194912310021")

    assert excinfo.value.message_dict == {
        "id_number": [BAD_CHECK_CHARACTER % {"expected": "X", "actual": "1"}]
    }


def test_a_mistyped_digit_is_caught_by_the_check_character(region, actor):
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        register(region, actor, "11010519491231012X")

    assert excinfo.value.message_dict == {
        "id_number": [BAD_CHECK_CHARACTER % {"expected": "6", "actual": "X"}]
    }


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("1101051949123100", WRONG_LENGTH % {"length": 16}),
        ("1101051949123A002X", NOT_DIGITS),
        ("110105194902300028", BAD_BIRTH_DATE % {"digits": "19490230"}),
        (MAN_1880, BIRTH_BEFORE_1900 % {"date": "1880-01-01"}),
    ],
    ids=["short", "letter", "no-such-day", "born-before-1900"],
)
def test_malformed_id_numbers_are_refused(region, actor, number, message):
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        register(region, actor, number)

    assert excinfo.value.messages == [message]


def test_a_number_too_long_is_refused_with_the_id_number_message(region, actor):
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        register(region, actor, "11010519491231002X1")

    assert WRONG_LENGTH % {"length": 19} in excinfo.value.messages


# --- rule 7: no duplicate ID numbers ------------------------------------------------------------


def test_an_id_number_is_registered_once(region, actor):
    register(region, actor, WOMAN_1949)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        register(region, actor, WOMAN_1949, name="王芳芳")

    assert excinfo.value.message_dict == {"id_number": [DUPLICATE_ID]}


def test_the_legacy_form_of_a_registered_number_is_a_duplicate(region, actor):
    register(region, actor, WOMAN_1949)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        register(region, actor, WOMAN_1949_LEGACY)

    assert excinfo.value.message_dict == {"id_number": [DUPLICATE_ID]}


def test_a_number_registered_in_another_region_is_a_duplicate(region, actor):
    register(RegionFactory(name="邻县"), actor, WOMAN_1949)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        register(region, actor, WOMAN_1949)

    assert excinfo.value.message_dict == {"id_number": [DUPLICATE_ID]}


def test_the_database_refuses_a_duplicate_id_number_around_the_services(region, actor):
    register(region, actor, WOMAN_1949)
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(id_number=WOMAN_1949, name="王芳", region=region)


def test_two_people_of_the_same_name_may_be_registered(region, actor):
    register(region, actor, WOMAN_1949, name="张伟")
    register(region, actor, MAN_1950, name="张伟")
    assert Person.objects.filter(name="张伟").count() == 2


# --- rule 10: the retirement month of a record --------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "male", "post", "retires"),
    [
        # Women: 55 in cadre, management and professional posts, 50 in worker posts.
        (datetime.date(1971, 4, 20), False, PostCategory.PROFESSIONAL, datetime.date(2026, 8, 1)),
        (datetime.date(1971, 4, 20), False, PostCategory.MANAGEMENT, datetime.date(2026, 8, 1)),
        (datetime.date(1971, 4, 20), False, PostCategory.WORKER, datetime.date(2021, 4, 1)),
        (datetime.date(1975, 3, 20), False, PostCategory.WORKER, datetime.date(2025, 5, 1)),
        (datetime.date(1975, 3, 20), False, PostCategory.PROFESSIONAL, datetime.date(2031, 7, 1)),
        # Men: 60 whatever the post.
        (datetime.date(1965, 1, 20), True, PostCategory.WORKER, datetime.date(2025, 2, 1)),
        (datetime.date(1965, 1, 20), True, PostCategory.MANAGEMENT, datetime.date(2025, 2, 1)),
    ],
)
def test_the_retirement_month_follows_sex_and_post(region, birth, male, post, retires):
    school = PublicInstitutionFactory(region=region, full_name="测试县第一中学")
    line = builders.quota(school, 3)
    person = builders.person(region, "赵敏", male=male, birth=birth)

    # Not entered through the service: some of these people are past retirement on the kit's
    # entry date, and rule 19 refuses such an entry (issue 14, item 13a).
    record = EstablishmentRecord(person=person, quota_line=line, post_category=post)

    assert record.retirement_month() == retires


def test_a_person_without_birth_date_has_no_retirement_month():
    record = EstablishmentRecord(person=Person(name="无名"), post_category=PostCategory.WORKER)
    assert record.retirement_month() is None


# --- history (rule 13) --------------------------------------------------------------------------


def test_registering_records_one_history_entry_naming_actor_and_reason(region, actor):
    person = services.person_register(
        actor=actor, region=region, id_number=WOMAN_1949, name="王芳", reason="新录用人员登记"
    )

    assert [
        (r.history_user, r.history_change_reason, r.history_document) for r in person.history.all()
    ] == [(actor, "新录用人员登记", "")]
