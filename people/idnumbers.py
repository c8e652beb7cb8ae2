"""Resident ID numbers (身份证号, GB 11643; domain rule 11) and their masking (rule 14).

``parse_id_number`` and ``disagreements`` are the rule 11 checks: the model (``Person.clean``)
and the imports call them, so a number is refused with the same message wherever it is typed.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

# Rule 14's masking is the privacy policy's; re-exported for the people app.
from bianzhi.privacy import mask_id_number as mask_id_number

from .choices import Sex

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"
EARLIEST_BIRTH_YEAR = 1900

WRONG_LENGTH = "身份证号应为 18 位（旧 15 位号码会自动升级），当前为 %(length)d 位。"
NOT_DIGITS = "身份证号前 17 位应全部为数字。"
BAD_BIRTH_DATE = "身份证号第 7–14 位的出生日期 %(digits)s 不是有效日期。"
BIRTH_BEFORE_1900 = "身份证号中的出生日期 %(date)s 早于 1900 年，请核对身份证号。"
FUTURE_BIRTH_DATE = "身份证号中的出生日期 %(date)s 晚于今天。"
BAD_CHECK_CHARACTER = (
    "身份证号校验位错误：第 18 位应为“%(expected)s”，实为“%(actual)s”，请核对号码。"
)

BIRTH_DATE_DISAGREES = "出生日期 %(given)s 与身份证号不符（身份证号显示为 %(derived)s）。"
SEX_DISAGREES = "性别“%(given)s”与身份证号不符（身份证号第 17 位表示%(derived)s性）。"
# Rule 7, here (not in rules.py) because the model's unique constraint names it too.
ID_NUMBER_REGISTERED = "该身份证号已登记，同一人不能重复登记（规则 7）。"


class InvalidIdNumber(ValueError):
    """An ID number that fails rule 11; ``message`` is the Chinese text to show."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class IdNumber:
    number: str
    birth_date: datetime.date
    is_male: bool

    @property
    def sex(self) -> str:
        return "男" if self.is_male else "女"


def check_character(first17: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARACTERS[total % 11]


def upgrade_legacy(number15: str) -> str:
    """A 15-digit number from before 1999: insert the century "19" and add the check character."""
    first17 = number15[:6] + "19" + number15[6:]
    return first17 + check_character(first17)


def parse_id_number(raw: str, *, today: datetime.date | None = None) -> IdNumber:
    """Normalise and validate an ID number; return it with the birth date and sex it encodes."""
    number = raw.strip().upper().replace(" ", "")
    if len(number) == 15 and number.isdigit():
        number = upgrade_legacy(number)
    if len(number) != 18:
        raise InvalidIdNumber(WRONG_LENGTH % {"length": len(number)})
    if not number[:17].isdigit():
        raise InvalidIdNumber(NOT_DIGITS)
    birth_date = _birth_date(number[6:14])
    if birth_date > (today or timezone.localdate()):
        raise InvalidIdNumber(FUTURE_BIRTH_DATE % {"date": birth_date.isoformat()})
    expected = check_character(number[:17])
    if number[17] != expected:
        raise InvalidIdNumber(BAD_CHECK_CHARACTER % {"expected": expected, "actual": number[17]})
    return IdNumber(number=number, birth_date=birth_date, is_male=int(number[16]) % 2 == 1)


def derived_sex(parsed: IdNumber) -> str:
    """The ``Sex`` value the 17th digit encodes."""
    return Sex.MALE.value if parsed.is_male else Sex.FEMALE.value


def disagreements(parsed: IdNumber, *, sex: str = "", birth_date=None) -> dict[str, str]:
    """Rule 11: a given sex (a ``Sex`` value) or birth date that the ID number contradicts, as
    {field name: message}; blank values are not checked (they are derived)."""
    errors = {}
    if birth_date and birth_date != parsed.birth_date:
        errors["birth_date"] = BIRTH_DATE_DISAGREES % {
            "given": birth_date.isoformat(),
            "derived": parsed.birth_date.isoformat(),
        }
    derived = derived_sex(parsed)
    if sex and sex != derived:
        errors["sex"] = SEX_DISAGREES % {"given": Sex(sex).label, "derived": Sex(derived).label}
    return errors


def _birth_date(digits: str) -> datetime.date:
    try:
        birth_date = datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise InvalidIdNumber(BAD_BIRTH_DATE % {"digits": digits}) from None
    if birth_date.year < EARLIEST_BIRTH_YEAR:
        raise InvalidIdNumber(BIRTH_BEFORE_1900 % {"date": birth_date.isoformat()})
    return birth_date
