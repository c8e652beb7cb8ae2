"""导出上报数据包: the registry of one region and the regions below it as it stood at the end of
a day, read from the history tables (people.asof), written as a package (exchange.package)."""

import datetime
from collections.abc import Callable

from django.db.models import Q
from django.utils import timezone

from certificates.choices import CertificateStatus
from orgs.models import ApprovalDocument, Region
from people import idcrypto
from people.asof import as_of, end_of_day
from people.models import Person
from staffing.models import UsagePermit

from . import package
from .tables import DOCUMENT, PERSON, REF, REGION, SPECS, VALUE

FUTURE_DATE = "数据截止日期不能晚于今天。"


def _as_of_rows(table: str, cutoff, **filters) -> list[dict]:
    model = SPECS[table].read_model
    return list(as_of(model.history.filter(**filters), cutoff).order_by("id").values())


def _convert(table: str, row: dict, *, codes, numbers, id_numbers, exported) -> dict:
    out = {"id": row["id"]} if SPECS[table].by_source_id else {}
    for column in SPECS[table].columns:
        if column.kind == VALUE:
            if column.field == "id_number":
                out[column.name] = idcrypto.decrypt(row["id_number_encrypted"])
            elif column.field in row:
                out[column.name] = row[column.field]
            continue
        raw = row[f"{column.field}_id"]
        if raw is None:
            out[column.name] = None
        elif column.kind == REGION:
            out[column.name] = codes.get(raw)
        elif column.kind == DOCUMENT:
            out[column.name] = numbers[raw]
        elif column.kind == PERSON:
            out[column.name] = id_numbers[raw]
        elif column.kind == REF:
            # A row outside the package (a parent unit of another region) is not carried.
            out[column.name] = raw if raw in exported[column.table] else None
    return out


def build(
    region: Region, day: datetime.date, *, progress: Callable[[int], None] | None = None
) -> tuple[dict, dict[str, list[dict]]]:
    """(header, {table: rows}) of ``region``'s subtree at the end of ``day``."""
    if day > timezone.localdate():
        raise ValueError(FUTURE_DATE)
    cutoff = end_of_day(day)
    region_ids = region.subtree_ids()
    raw: dict[str, list[dict]] = {}
    raw["regions"] = _as_of_rows("regions", cutoff, id__in=region_ids)
    raw["institutions"] = _as_of_rows("institutions", cutoff, region_id__in=region_ids)
    institution_ids = [row["id"] for row in raw["institutions"]]
    raw["departments"] = _as_of_rows("departments", cutoff, institution_id__in=institution_ids)
    raw["region_totals"] = _as_of_rows("region_totals", cutoff, region_id__in=region_ids)
    raw["pool_balances"] = _as_of_rows("pool_balances", cutoff, region_id__in=region_ids)
    raw["quota_lines"] = _as_of_rows("quota_lines", cutoff, institution_id__in=institution_ids)
    raw["adjustments"] = _as_of_rows("adjustments", cutoff, region_id__in=region_ids)
    # A line of another region's unit (a transfer across regions) is that region's to report.
    known = set(institution_ids)
    raw["adjustment_lines"] = [
        row
        for row in _as_of_rows(
            "adjustment_lines",
            cutoff,
            adjustment_id__in=[row["id"] for row in raw["adjustments"]],
        )
        if row["institution_id"] is None or row["institution_id"] in known
    ]
    raw["leadership_quotas"] = _as_of_rows(
        "leadership_quotas", cutoff, institution_id__in=institution_ids
    )
    raw["records"] = _as_of_rows(
        "records", cutoff, quota_line_id__in=[row["id"] for row in raw["quota_lines"]]
    )
    raw["appointments"] = _as_of_rows(
        "appointments", cutoff, quota_id__in=[row["id"] for row in raw["leadership_quotas"]]
    )
    person_ids = {row["person_id"] for row in raw["records"] + raw["appointments"]}
    people = Person.history.filter(Q(region_id__in=region_ids) | Q(id__in=person_ids))
    raw["people"] = list(as_of(people, cutoff).order_by("id").values())
    raw["certificates"] = [
        {key: value for key, value in row.items() if key != "snapshot"}
        for row in as_of(
            SPECS["certificates"].read_model.history.filter(institution_id__in=institution_ids),
            cutoff,
        )
        .order_by("id")
        .values(
            "id",
            "region_id",
            "institution_id",
            "number",
            "edition",
            "issued_on",
            "status",
            "ended_on",
            "end_reason",
        )
    ]
    if progress:
        progress(1)

    # Documents: the region's own and every one a row cites, wherever it was issued.
    cited = set()
    for table, rows in raw.items():
        fields = [f"{c.field}_id" for c in SPECS[table].columns if c.kind == DOCUMENT]
        for row in rows:
            cited.update(row[field] for field in fields if row.get(field))
    document_rows = list(
        as_of(ApprovalDocument.history.all(), cutoff)
        .filter(id__in=list(cited))
        .order_by("id")
        .values()
    )
    own = {row["id"] for row in document_rows}
    document_rows += [
        row
        for row in _as_of_rows("documents", cutoff, region_id__in=region_ids)
        if row["id"] not in own
    ]
    raw["documents"] = sorted(document_rows, key=lambda row: row["id"])

    codes = dict(Region.objects.values_list("pk", "code"))
    numbers = {row["id"]: row["number"] for row in raw["documents"]}
    id_numbers = {row["id"]: idcrypto.decrypt(row["id_number_encrypted"]) for row in raw["people"]}
    special_permits = set(
        UsagePermit.objects.filter(special_quota__isnull=False).values_list("pk", flat=True)
    )
    exported = {table: {row.get("id") for row in rows} for table, rows in raw.items()}
    tables = {}
    for table in package.TABLES:
        tables[table] = [
            _convert(
                table,
                row,
                codes=codes,
                numbers=numbers,
                id_numbers=id_numbers,
                exported=exported,
            )
            for row in raw[table]
        ]
    for converted, row in zip(tables["records"], raw["records"], strict=True):
        converted["on_special_quota"] = row["permit_id"] in special_permits
    labels = dict(CertificateStatus.choices)
    for row in tables["certificates"]:
        row["status_label"] = str(labels.get(row["status"], row["status"]))
    tables["people"].sort(key=lambda row: row["id_number"])
    header = {
        "region": {
            "code": region.code,
            "name": region.name,
            "parent_code": region.parent.code if region.parent_id else None,
        },
        "as_of": day.isoformat(),
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "id_numbers": "full",
    }
    if progress:
        progress(2)
    return header, tables


def write_package(region: Region, day: datetime.date, target, **kwargs) -> dict:
    header, tables = build(region, day, **kwargs)
    return package.write(target, header=header, tables=tables)
