"""Rule 12: the unified social credit code (统一社会信用代码, GB 32100).

18 characters from 0-9 and A-H J-N P-R T U W-Y; the 18th is a MOD 31 check character with weights
3^(i−1) mod 31; characters 9–17 are an organisation code (GB 11714) whose 9th character is its own
check character. The first character names the registration authority: organs, 参公 units and
public institutions are registered by the establishment office ("1"), mass organisations also by
civil affairs ("5") or the trade unions ("8"); an enterprise code ("9…") is no institution's. Codes
issued by the establishment office name the kind of body in their second character: "1" organs,
"2" public institutions (and 参公 units), "3" mass organisations.
"""

import pytest
from django.core.exceptions import ValidationError

from orgs.choices import InstitutionKind, PublicServiceClass
from orgs.models import CREDIT_CODE_AUTHORITY_MISMATCH, CREDIT_CODE_KIND_MISMATCH, Institution
from orgs.services import institution_create
from orgs.validators import (
    ORGANISATION_CODE_CHECK,
    credit_code_check_character,
    organisation_code_check_character,
    validate_credit_code,
)
from tests.kit.factories import InstitutionFactory, RegionFactory, UserFactory

# The weights as printed in GB 32100 — an independent statement of 3^(i−1) mod 31.
GB_32100_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"

LENGTH_MESSAGE = "统一社会信用代码应为 18 位，当前为 %d 位。"
ALPHABET_MESSAGE = "统一社会信用代码含有不允许的字符：%s（不使用 I、O、Z、S、V）。"
CHECK_MESSAGE = "统一社会信用代码校验位错误：第 18 位应为“%s”，实为“%s”。"


def reference_check_character(code17: str) -> str:
    total = sum(ALPHABET.index(c) * w for c, w in zip(code17, GB_32100_WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def with_check(code17: str) -> str:
    return code17 + credit_code_check_character(code17)


def messages_of(excinfo) -> list[str]:
    return excinfo.value.messages


VALID_CODES = [
    "91512081MA62K0260E",  # the example of rule 12
    "11512081MB00001150",  # 31 − 0 = 31 → check character "0"
    "12512081MB0000000N",
    "13512081MB0000000K",
]


@pytest.mark.parametrize("code", VALID_CODES)
def test_a_code_with_the_right_check_character_is_valid(code):
    validate_credit_code(code)


@pytest.mark.parametrize("code", [*VALID_CODES, "91350100M000100Y43"])
def test_check_character_follows_the_gb_32100_weights(code):
    assert credit_code_check_character(code[:17]) == reference_check_character(code[:17])
    assert credit_code_check_character(code[:17]) == code[17]


def test_a_wrong_check_character_is_refused_naming_the_expected_one():
    with pytest.raises(ValidationError) as excinfo:
        validate_credit_code("91350100M000100Y4Z")
    assert messages_of(excinfo) == [CHECK_MESSAGE % ("3", "Z")]
    assert excinfo.value.error_list[0].code == "credit_code_check"

    with pytest.raises(ValidationError) as excinfo:
        validate_credit_code("91350100M000100Y4A")
    assert messages_of(excinfo) == [CHECK_MESSAGE % ("3", "A")]


@pytest.mark.parametrize(
    "code",
    ["", "91512081MA62K0260", "91512081MA62K0260E0", "9151208"],
)
def test_a_code_of_the_wrong_length_is_refused(code):
    with pytest.raises(ValidationError) as excinfo:
        validate_credit_code(code)
    assert messages_of(excinfo) == [LENGTH_MESSAGE % len(code)]
    assert excinfo.value.error_list[0].code == "credit_code_length"


@pytest.mark.parametrize("forbidden", ["I", "O", "Z", "S", "V"])
def test_letters_i_o_z_s_v_are_refused(forbidden):
    code = "91512081M" + forbidden + "62K0260E"
    with pytest.raises(ValidationError) as excinfo:
        validate_credit_code(code)
    assert messages_of(excinfo) == [ALPHABET_MESSAGE % forbidden]
    assert excinfo.value.error_list[0].code == "credit_code_alphabet"


def test_every_forbidden_character_is_named_once():
    with pytest.raises(ValidationError) as excinfo:
        validate_credit_code("9151208-MA62K026OO")
    assert messages_of(excinfo) == [ALPHABET_MESSAGE % "-、O"]


def test_the_validator_accepts_lower_case():
    validate_credit_code("91512081ma62k0260e")


@pytest.mark.django_db
def test_institution_clean_normalises_a_lower_case_code_to_upper_case():
    institution = InstitutionFactory.build(region=RegionFactory(), credit_code="11512081mb00001150")
    institution.full_clean()
    assert institution.credit_code == "11512081MB00001150"


@pytest.mark.django_db
def test_a_lower_case_code_is_stored_in_upper_case():
    institution = institution_create(
        actor=UserFactory(),
        full_name="测试县自然资源局",
        region=RegionFactory(),
        kind=InstitutionKind.PARTY_GOVERNMENT,
        system="government",
        category="working",
        level="section",
        credit_code="11512081mb00001150",
    )
    institution.refresh_from_db()
    assert institution.credit_code == "11512081MB00001150"


# --- codes issued by the establishment office: the second character names the kind ------------

OFFICE_CODE_BODY = "512081MB000000"  # characters 3–16 of the code; the 17th varies below


def office_code(kind_digit: str) -> str:
    return with_check("1" + kind_digit + OFFICE_CODE_BODY + "0")  # "0": GB 11714 of MB000000


def institution_of_kind(kind: InstitutionKind, credit_code: str) -> Institution:
    extra = {}
    if kind == InstitutionKind.PUBLIC_INSTITUTION:
        extra["public_service_class"] = PublicServiceClass.CLASS_ONE
    return InstitutionFactory.build(
        region=RegionFactory(), kind=kind, credit_code=credit_code, **extra
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "kind_digit"),
    [
        (InstitutionKind.PARTY_GOVERNMENT, "1"),
        (InstitutionKind.PUBLIC_INSTITUTION, "2"),
        (InstitutionKind.CIVIL_SERVANT_MANAGED, "2"),
        (InstitutionKind.MASS_ORGANISATION, "1"),
        (InstitutionKind.MASS_ORGANISATION, "3"),
    ],
)
def test_an_office_issued_code_matching_the_kind_is_accepted(kind, kind_digit):
    institution_of_kind(kind, office_code(kind_digit)).full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "kind_digit", "expected"),
    [
        (InstitutionKind.PARTY_GOVERNMENT, "2", "1"),
        (InstitutionKind.PARTY_GOVERNMENT, "3", "1"),
        (InstitutionKind.PUBLIC_INSTITUTION, "1", "2"),
        (InstitutionKind.CIVIL_SERVANT_MANAGED, "1", "2"),
        (InstitutionKind.MASS_ORGANISATION, "2", "1”或“3"),
    ],
)
def test_an_office_issued_code_must_name_the_kind_of_body(kind, kind_digit, expected):
    code = office_code(kind_digit)
    validate_credit_code(code)  # a well-formed code: only the kind is wrong
    with pytest.raises(ValidationError) as excinfo:
        institution_of_kind(kind, code).full_clean()
    assert excinfo.value.message_dict == {
        "credit_code": [
            CREDIT_CODE_KIND_MISMATCH
            % {"kind": kind.label, "expected": expected, "actual": kind_digit}
        ]
    }


@pytest.mark.django_db
def test_the_kind_message_reads_naturally():
    with pytest.raises(ValidationError) as excinfo:
        institution_of_kind(InstitutionKind.PARTY_GOVERNMENT, office_code("2")).full_clean()
    assert excinfo.value.message_dict["credit_code"] == [
        "编办赋码的统一社会信用代码第 2 位表示机构类别：党政机关应为“1”，实为“2”。"
    ]


# --- the registration authority (character 1) must suit the kind -------------------------------


@pytest.mark.django_db
def test_a_public_institution_refuses_an_enterprise_code():
    """Issue 14: a 事业单位 accepted the enterprise code 91…; it is the establishment office's."""
    code = "91512081MA62K0260E"
    validate_credit_code(code)  # a well-formed code: only the authority is wrong
    with pytest.raises(ValidationError) as excinfo:
        institution_of_kind(InstitutionKind.PUBLIC_INSTITUTION, code).full_clean()
    assert excinfo.value.message_dict == {
        "credit_code": [
            CREDIT_CODE_AUTHORITY_MISMATCH
            % {
                "kind": "事业单位",
                "expected": "1",
                "expected_label": "机构编制部门",
                "actual": "9",
                "actual_label": "市场监管部门登记的企业等",
            }
        ]
    }
    assert "规则 12" in excinfo.value.message_dict["credit_code"][0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kind",
    [
        InstitutionKind.PARTY_GOVERNMENT,
        InstitutionKind.CIVIL_SERVANT_MANAGED,
        InstitutionKind.MASS_ORGANISATION,
    ],
)
def test_no_institution_takes_an_enterprise_code(kind):
    with pytest.raises(ValidationError) as excinfo:
        institution_of_kind(kind, "91512081MA62K0260E").full_clean()
    assert "实为“9”" in excinfo.value.message_dict["credit_code"][0]


@pytest.mark.django_db
@pytest.mark.parametrize("authority", ["5", "8"])
def test_a_mass_organisation_may_be_registered_by_civil_affairs_or_the_trade_unions(authority):
    code = with_check(authority + "1" + OFFICE_CODE_BODY + "0")
    institution_of_kind(InstitutionKind.MASS_ORGANISATION, code).full_clean()


@pytest.mark.django_db
def test_an_organ_refuses_a_civil_affairs_code():
    code = with_check("51" + OFFICE_CODE_BODY + "0")
    with pytest.raises(ValidationError) as excinfo:
        institution_of_kind(InstitutionKind.PARTY_GOVERNMENT, code).full_clean()
    assert "实为“5”（民政部门）" in excinfo.value.message_dict["credit_code"][0]


# --- the organisation code (characters 9–17, GB 11714) -------------------------------------------


def reference_organisation_check(body8: str) -> str:
    """GB 11714 as printed: digits as themselves, A–Z as 10–35, weights 3 7 9 10 5 8 4 2,
    C9 = 11 − (sum mod 11), 10 → X, 11 → 0."""
    values = [int(c) if c.isdigit() else ord(c) - ord("A") + 10 for c in body8]
    remainder = 11 - sum(v * w for v, w in zip(values, [3, 7, 9, 10, 5, 8, 4, 2], strict=True)) % 11
    return {10: "X", 11: "0"}.get(remainder, str(remainder))


@pytest.mark.parametrize("code", [*VALID_CODES, "91350100M000100Y43"])
def test_characters_9_to_17_are_an_organisation_code_with_its_check_character(code):
    assert organisation_code_check_character(code[8:16]) == reference_organisation_check(code[8:16])
    assert organisation_code_check_character(code[8:16]) == code[16]


def test_the_example_of_rule_12_passes_gb_11714():
    # M=22, A=10, 6, 2, K=20, 0, 2, 6: 66+70+54+20+100+0+8+12 = 330 ≡ 0 (mod 11) → 11 → "0"
    assert organisation_code_check_character("MA62K026") == "0"


@pytest.mark.parametrize(("body8", "check"), [("D2143569", "X"), ("00000000", "0")])
def test_ten_is_written_x_and_eleven_zero(body8, check):
    assert organisation_code_check_character(body8) == reference_organisation_check(body8) == check


def test_a_wrong_organisation_code_check_character_is_refused():
    # The MOD 31 check character is right for these 17 characters; only GB 11714 fails.
    code = with_check("12512081MB0000003")
    with pytest.raises(ValidationError) as excinfo:
        validate_credit_code(code)
    assert messages_of(excinfo) == [ORGANISATION_CODE_CHECK % {"expected": "0", "actual": "3"}]
    assert excinfo.value.error_list[0].code == "organisation_code_check"
