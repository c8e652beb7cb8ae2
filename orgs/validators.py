"""Validation of codes printed on official records.

A unified social credit code (GB 32100, rule 12) reads: character 1 the registration authority
(登记管理部门, "1" the establishment office, "5" civil affairs, "9" market regulation …),
character 2 the kind of body it registered ("11" organs, "12" public institutions, "91"
enterprises …), characters 3–8 the region, characters 9–17 the organisation code (组织机构代码,
GB 11714, its own check character last) and character 18 the MOD 31 check character. Whether the
authority and kind suit an institution's kind is checked in ``Institution.clean``.
"""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

from .choices import InstitutionKind

CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_LENGTH = 18
# GB 11714: weights of the eight body characters of an organisation code; digits count as
# themselves and letters A–Z as 10–35.
ORGANISATION_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
ORGANISATION_CODE_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

ORGANISATION_CODE_CHECK = (
    "统一社会信用代码第 9–17 位为组织机构代码，其校验位（第 17 位）应为“%(expected)s”，"
    "实为“%(actual)s”（GB 11714，规则 12）。"
)

region_code_validator = RegexValidator(r"^\d{6}$", "行政区划代码应为 6 位数字（GB/T 2260）。")


def credit_code_check_character(code17: str) -> str:
    """The 18th character of a unified social credit code (GB 32100, domain rule 12)."""
    total = sum(CREDIT_CODE_ALPHABET.index(char) * (3**i % 31) for i, char in enumerate(code17))
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def organisation_code_check_character(body8: str) -> str:
    """The 9th character of an organisation code (GB 11714): 11 − (Σ value × weight mod 11),
    10 written "X" and 11 written "0"."""
    total = sum(
        ORGANISATION_CODE_DIGITS.index(char) * weight
        for char, weight in zip(body8, ORGANISATION_CODE_WEIGHTS, strict=True)
    )
    return "0123456789X0"[11 - total % 11]


def validate_credit_code(value: str) -> None:
    """Rule 12: 18 characters of the code alphabet, the last one a MOD 31 check character, and
    characters 9–17 an organisation code whose last character is its GB 11714 check character."""
    code = value.strip().upper()
    if len(code) != CREDIT_CODE_LENGTH:
        raise ValidationError(
            "统一社会信用代码应为 18 位，当前为 %(length)d 位。",
            code="credit_code_length",
            params={"length": len(code)},
        )
    # The 18th character is judged by the check below, which names the one expected.
    bad = sorted({char for char in code[:17] if char not in CREDIT_CODE_ALPHABET})
    if bad:
        raise ValidationError(
            "统一社会信用代码含有不允许的字符：%(chars)s（不使用 I、O、Z、S、V）。",
            code="credit_code_alphabet",
            params={"chars": "、".join(bad)},
        )
    expected = credit_code_check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(
            "统一社会信用代码校验位错误：第 18 位应为“%(expected)s”，实为“%(actual)s”。",
            code="credit_code_check",
            params={"expected": expected, "actual": code[17]},
        )
    expected = organisation_code_check_character(code[8:16])
    if code[16] != expected:
        raise ValidationError(
            ORGANISATION_CODE_CHECK,
            code="organisation_code_check",
            params={"expected": expected, "actual": code[16]},
        )


CREDIT_CODE_KIND_MISMATCH = (
    "编办赋码的统一社会信用代码第 2 位表示机构类别：%(kind)s应为“%(expected)s”，实为“%(actual)s”。"
)

CREDIT_CODE_AUTHORITY_MISMATCH = (
    "统一社会信用代码第 1 位表示登记管理部门：%(kind)s应为“%(expected)s”（%(expected_label)s），"
    "实为“%(actual)s”（%(actual_label)s）（规则 12）。"
)

# GB 32100 registration authorities (the first character of a credit code).
CREDIT_CODE_AUTHORITIES = {
    "1": "机构编制部门",
    "2": "外交部门",
    "3": "司法行政部门",
    "4": "文化部门",
    "5": "民政部门",
    "6": "旅游部门",
    "7": "宗教事务部门",
    "8": "工会",
    "9": "市场监管部门登记的企业等",
    "A": "军队编制部门",
    "N": "农业农村部门",
    "Y": "其他部门",
}
# Who may register each kind of institution: organs, 参公 units and public institutions only the
# establishment office (11, 12); mass organisations also civil affairs (51 社会团体) or the trade
# unions (81). An enterprise code (91…) is never an institution's.
CREDIT_CODE_AUTHORITIES_BY_KIND = {
    InstitutionKind.PARTY_GOVERNMENT: "1",
    InstitutionKind.MASS_ORGANISATION: "158",
    InstitutionKind.CIVIL_SERVANT_MANAGED: "1",
    InstitutionKind.PUBLIC_INSTITUTION: "1",
}
# The second character of codes issued by the establishment office (registration authority "1").
CREDIT_CODE_KIND_DIGITS = {
    InstitutionKind.PARTY_GOVERNMENT: "1",
    InstitutionKind.MASS_ORGANISATION: "13",
    InstitutionKind.CIVIL_SERVANT_MANAGED: "2",
    InstitutionKind.PUBLIC_INSTITUTION: "2",
}


def credit_code_kind_error(code: str, kind: str) -> ValidationError | None:
    """Rule 12: the registration authority (character 1) and, for codes the establishment
    office issued, the kind of body (character 2) must suit the institution's kind."""
    if len(code) != 18 or not kind:
        return None
    authorities = CREDIT_CODE_AUTHORITIES_BY_KIND[InstitutionKind(kind)]
    if code[0] not in authorities:
        return ValidationError(
            CREDIT_CODE_AUTHORITY_MISMATCH,
            params={
                "kind": InstitutionKind(kind).label,
                "expected": "”或“".join(authorities),
                "expected_label": "或".join(CREDIT_CODE_AUTHORITIES[a] for a in authorities),
                "actual": code[0],
                "actual_label": CREDIT_CODE_AUTHORITIES.get(code[0], "未知登记管理部门"),
            },
        )
    if code[0] != "1":
        return None
    expected = CREDIT_CODE_KIND_DIGITS[InstitutionKind(kind)]
    if code[1] in expected:
        return None
    return ValidationError(
        CREDIT_CODE_KIND_MISMATCH,
        params={
            "kind": InstitutionKind(kind).label,
            "expected": "”或“".join(expected),
            "actual": code[1],
        },
    )
