"""Reading one cell of a roster row: value lists, text with length limits, dates; each problem is
appended to ``errors`` as a RowError and a harmless value returned, so a row reports every error."""

from bianzhi.excel.reader import BadValue, as_date, as_text
from bianzhi.excel.report import RowError

from ..names import clean_name
from . import roster_format as f

REQUIRED_VALUE = "必须填写。"
UNKNOWN_VALUE = "“%(value)s”不在可选值中（可选：%(choices)s）。"
TOO_LONG = "不能超过 %(max)d 个字。"
DATE_IN_FUTURE = "%(date)s 晚于今天。"
DATE_BEFORE_BIRTH = "%(date)s 早于出生日期 %(birth)s。"
LENGTHS = {f.NAME: 50, f.JOB_TITLE: 50, f.PROFESSIONAL_TITLE: 50, f.NOTES: 200}
LENGTHS[f.ENTRY_DOCUMENT] = 100


def choice(row, header, errors, number, *, required=False) -> str:
    text = as_text(row.get(header))
    if not text:
        if required:
            errors.append(RowError(number, header, REQUIRED_VALUE))
        return f.DEFAULTS.get(header, "")
    values = f.VALUE_LISTS[header]
    value = values.get(text) or f.alias_of(header, text)
    if value is None:
        errors.append(
            RowError(
                number,
                header,
                UNKNOWN_VALUE % {"value": text, "choices": "、".join(list(values)[:12])},
            )
        )
        return ""
    return value


def text(row, header, errors, number, *, required=False) -> str:
    value = as_text(row.get(header))
    if required and not value:
        errors.append(RowError(number, header, REQUIRED_VALUE))
    limit = LENGTHS.get(header)
    if limit and len(value) > limit:
        errors.append(RowError(number, header, TOO_LONG % {"max": limit}))
    return value


def id_number_text(value) -> str | None:
    """The 身份证号 cell as text; None for a number that may have lost digits. A float lost them
    (Excel, openpyxl and pandas write 1.101011990010112e+17); an integer the cell holds digit for
    digit is exact, unless a float could hold it too: a rounded float written out as digits."""
    if isinstance(value, float):
        return None
    if isinstance(value, int) and value >= 2**53 and int(float(value)) == value:
        return None
    return as_text(value)


def name(row, errors, number) -> str:
    """The 姓名 cell, cleaned as every entered name is (people.names)."""
    value = clean_name(as_text(row.get(f.NAME)))
    if not value:
        errors.append(RowError(number, f.NAME, REQUIRED_VALUE))
    elif len(value) > LENGTHS[f.NAME]:
        errors.append(RowError(number, f.NAME, TOO_LONG % {"max": LENGTHS[f.NAME]}))
    return value


def date(row, header, errors, number, *, required=False, birth=None, today=None):
    try:
        value = as_date(row.get(header))
    except BadValue as error:
        errors.append(RowError(number, header, error.message))
        return None
    if value is None:
        if required:
            errors.append(RowError(number, header, REQUIRED_VALUE))
        return None
    if today and value > today:
        errors.append(RowError(number, header, DATE_IN_FUTURE % {"date": value.isoformat()}))
    elif birth and value < birth:
        message = DATE_BEFORE_BIRTH % {"date": value.isoformat(), "birth": birth.isoformat()}
        errors.append(RowError(number, header, message))
    return value
