"""Rule 11 (ID numbers: GB 11643 check character, real birth date, sex) and rule 14 (masking)."""

import datetime

import pytest

from people.idnumbers import (
    BAD_BIRTH_DATE,
    BAD_CHECK_CHARACTER,
    FUTURE_BIRTH_DATE,
    NOT_DIGITS,
    InvalidIdNumber,
    check_character,
    mask_id_number,
    parse_id_number,
)


@pytest.mark.parametrize(
    ("number", "birth", "sex"),
    [
        ("11010519491231002X", datetime.date(1949, 12, 31), "女"),
        ("44052419500101001X", datetime.date(1950, 1, 1), "男"),
    ],
)
def test_valid_examples_of_rule_11(number, birth, sex):
    parsed = parse_id_number(number)
    assert (parsed.number, parsed.birth_date, parsed.sex) == (number, birth, sex)


def test_lower_case_x_and_spaces_are_normalised():
    assert parse_id_number(" 11010519491231002x ").number == "11010519491231002X"


def test_legacy_15_digit_numbers_are_upgraded():
    parsed = parse_id_number("110105491231002")
    assert parsed.number == "11010519491231002X"
    assert parsed.birth_date == datetime.date(1949, 12, 31)


def test_a_mistyped_number_names_the_expected_check_character():
    with pytest.raises(InvalidIdNumber) as refused:
        parse_id_number("110105194912310021")
    assert refused.value.message == BAD_CHECK_CHARACTER % {"expected": "X", "actual": "1"}


def test_an_impossible_birth_date_is_refused():
    first17 = "11010519490230002"
    with pytest.raises(InvalidIdNumber) as refused:
        parse_id_number(first17 + check_character(first17))
    assert refused.value.message == BAD_BIRTH_DATE % {"digits": "19490230"}


def test_a_birth_date_in_the_future_is_refused():
    first17 = "11010520300101002"
    with pytest.raises(InvalidIdNumber) as refused:
        parse_id_number(first17 + check_character(first17), today=datetime.date(2026, 11, 22))
    assert refused.value.message == FUTURE_BIRTH_DATE % {"date": "2030-01-01"}


@pytest.mark.parametrize("number", ["1101051949123100", "11010519491231002X1", ""])
def test_wrong_lengths_are_refused(number):
    with pytest.raises(InvalidIdNumber, match="应为 18 位"):
        parse_id_number(number)


def test_letters_in_the_first_17_characters_are_refused():
    with pytest.raises(InvalidIdNumber) as refused:
        parse_id_number("1101051949123100AX")
    assert refused.value.message == NOT_DIGITS


def test_seventeenth_digit_gives_the_sex():
    for digit, sex in [("1", "男"), ("2", "女"), ("9", "男"), ("0", "女")]:
        first17 = "1101051980010100" + digit
        assert parse_id_number(first17 + check_character(first17)).sex == sex


def test_masking_keeps_first_six_and_last_four():
    assert mask_id_number("11010519491231002X") == "110105********002X"
