"""Validation of codes printed on official records."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_LENGTH = 18

region_code_validator = RegexValidator(r"^\d{6}$", "行政区划代码应为 6 位数字（GB/T 2260）。")


def credit_code_check_character(code17: str) -> str:
    """The 18th character of a unified social credit code (GB 32100, domain rule 12)."""
    total = sum(CREDIT_CODE_ALPHABET.index(char) * (3**i % 31) for i, char in enumerate(code17))
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    """Rule 12: 18 characters of the code alphabet, the last one a MOD 31 check character."""
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
