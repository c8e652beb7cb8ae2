"""What the quota ledgers share: value labels and the 序号 column."""

from bianzhi.excel.writer import INTEGER, Column

from ..choices import (
    AdjustmentKind,
    EstablishmentType,
    FundingForm,
    PermitPurpose,
    PermitStatus,
    PushDownMode,
)


def labels(choices) -> dict:
    return {value: str(label) for value, label in choices.choices}


TYPE = labels(EstablishmentType)
FUNDING = labels(FundingForm)
ADJUSTMENT_KIND = labels(AdjustmentKind)
PURPOSE = labels(PermitPurpose)
PERMIT_STATUS = labels(PermitStatus)
PUSH_DOWN = {"": "", **labels(PushDownMode)}


def label(mapping: dict, field: str):
    return lambda row: mapping.get(row[field], row[field])


def type_label(row, type_field="establishment_type", funding_field="funding_form") -> str:
    text = TYPE.get(row[type_field], row[type_field])
    funding = row[funding_field]
    return f"{text}（{FUNDING.get(funding, funding)}）" if funding else text


def serial_column() -> Column:
    return Column("序号", lambda row: row["serial"], kind=INTEGER, width=6, key="serial")


def numbered(rows):
    for serial, row in enumerate(rows, start=1):
        row["serial"] = serial
        yield row
