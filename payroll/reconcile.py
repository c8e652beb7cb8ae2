"""The comparison of rule 43: a payroll of one month against the registry of a region (and the
regions below it) on the month's last day (rule 44).

The registry is read in a constant number of queries whatever the size of the region (the
institutions, the records held on the day, then the ended records and the ID numbers of only the
people a finding needs), into dicts keyed by the ID number's blind index; the payroll is then
compared in one pass. The payroll's ID numbers are never stored in plain text: a finding keeps
the ciphertext, the index and the masked form, as the people register does.
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from bianzhi.tree import subtree_ids
from orgs.models import Institution
from people import idcrypto
from people.idnumbers import mask_id_number
from people.models import EstablishmentRecord, Person
from people.retirement import retirement_group, retirement_month
from staffing.choices import EstablishmentType, FundingForm
from staffing.occupancy import record_held_on

from .choices import FindingKind
from .models import PayrollFinding, PayrollRun, month_end

# Rule 44: what the payroll may write for each establishment type and funding form.
CATEGORY_NAMES = {
    "行政编制": EstablishmentType.ADMINISTRATIVE,
    "行政": EstablishmentType.ADMINISTRATIVE,
    "政法专项编制": EstablishmentType.POLITICAL_LEGAL,
    "政法专项": EstablishmentType.POLITICAL_LEGAL,
    "政法编制": EstablishmentType.POLITICAL_LEGAL,
    "机关工勤编制": EstablishmentType.ORGAN_WORKER,
    "机关工勤": EstablishmentType.ORGAN_WORKER,
    "工勤编制": EstablishmentType.ORGAN_WORKER,
    "事业编制": EstablishmentType.PUBLIC,
    "事业": EstablishmentType.PUBLIC,
}
FUNDING_NAMES = {
    "全额拨款": FundingForm.FULL,
    "全额": FundingForm.FULL,
    "财政全额拨款": FundingForm.FULL,
    "差额拨款": FundingForm.PARTIAL,
    "差额": FundingForm.PARTIAL,
    "财政差额拨款": FundingForm.PARTIAL,
    "自收自支": FundingForm.SELF,
    "自收": FundingForm.SELF,
}
TYPE_LABELS = dict(EstablishmentType.choices)
FUNDING_LABELS = dict(FundingForm.choices)
_SPACES = re.compile(r"\s+")

NOT_IN_REGISTRY = "%(day)s 不在本区划实名制名册的在编人员中"
ENTERED_LATER = "%(day)s 尚未入编（入编时间 %(entry)s）"
OTHER_REGION = "在本区划以外登记"
NOT_PAID = "在编（%(unit)s，%(type)s），工资表中没有此人"
OTHER_UNIT = "工资表发放单位“%(paid)s”，在编单位为%(unit)s"
UNKNOWN_UNIT = "工资表发放单位“%(paid)s”未在机构名录中找到，在编单位为%(unit)s"
CATEGORY = "工资表为%(paid)s，在编编制为%(line)s"
AFTER_EXIT = "已于 %(ended)s %(reason)s，仍发放%(month)s工资"
PAST_RETIREMENT = "已于 %(month)s 到达退休时间（规则 10）但仍在编，仍发放%(payroll)s工资"


def normal_name(text: str) -> str:
    """A unit name as compared: no spaces, Chinese brackets."""
    return _SPACES.sub("", text or "").replace("(", "（").replace(")", "）")


def type_text(establishment_type: str, funding_form: str) -> str:
    label = TYPE_LABELS.get(establishment_type, establishment_type)
    if establishment_type == EstablishmentType.PUBLIC and funding_form:
        return f"{label}（{FUNDING_LABELS.get(funding_form, funding_form)}）"
    return label


def cn_month(month: datetime.date) -> str:
    return f"{month.year}年{month.month}月"


@dataclass(slots=True)
class PayrollRow:
    """One row of the payroll, validated."""

    number: int
    name: str
    id_number: str
    index: str
    unit: str
    category: str  # EstablishmentType value
    funding: str  # FundingForm value, or "" when not given
    category_text: str
    funding_text: str
    amount: Decimal | None


@dataclass(slots=True)
class Held:
    """A record held on the comparison day."""

    record_id: int
    person_id: int
    institution_id: int
    establishment_type: str
    funding_form: str
    retires: datetime.date | None


class Registry:
    """The registry of a region subtree on one day, keyed by ID number index."""

    def __init__(self, region, day: datetime.date):
        self.day = day
        self.region_ids = subtree_ids(type(region), [region.pk])
        self.units: dict[int, str] = {}
        self.unit_names: dict[str, set[int]] = defaultdict(set)
        for pk, full_name, short_name, other_names, credit_code in Institution.objects.filter(
            region__in=self.region_ids
        ).values_list("pk", "full_name", "short_name", "other_names", "credit_code"):
            self.units[pk] = full_name
            names = [full_name, short_name, credit_code, *other_names.split("、")]
            for name in names:
                if name := normal_name(name):
                    self.unit_names[name].add(pk)
        self.held: dict[str, Held] = {}
        rows = (
            EstablishmentRecord.objects.filter(
                record_held_on(day), quota_line__institution__region__in=self.region_ids
            )
            .order_by()
            .values_list(
                "pk",
                "person_id",
                "person__id_number_index",
                "person__birth_date",
                "person__sex",
                "post_category",
                "quota_line__institution_id",
                "quota_line__establishment_type",
                "quota_line__funding_form",
            )
            .iterator(chunk_size=10_000)
        )
        groups = {}
        for pk, person_id, index, birth, sex, post, unit, kind, funding in rows:
            retires = None
            if birth is not None:
                key = (sex == "M", post == "worker")
                group = groups.get(key)
                if group is None:
                    group = groups[key] = retirement_group(is_male=key[0], worker_post=key[1])
                retires = retirement_month(birth, group)
            self.held[index] = Held(pk, person_id, unit, kind, funding, retires)

    def units_named(self, name: str) -> set[int]:
        return self.unit_names.get(normal_name(name), set())

    def unit_label(self, pk: int) -> str:
        return f"“{self.units.get(pk, '')}”"


def _ended_records(indexes: list[str], day: datetime.date) -> dict[str, dict]:
    """The latest record that ended on or before ``day`` of each person (ID index), anywhere;
    and the people registered at all, with the entry of a record starting after the day."""
    found: dict[str, dict] = {}
    if not indexes:
        return found
    for row in (
        EstablishmentRecord.objects.filter(person__id_number_index__in=indexes)
        .order_by("ended_on", "entry_on", "pk")
        .values(
            "pk",
            "person_id",
            "person__id_number_index",
            "entry_on",
            "ended_on",
            "end_reason",
            "quota_line__institution_id",
            "quota_line__institution__region_id",
            "quota_line__establishment_type",
            "quota_line__funding_form",
        )
    ):
        index = row["person__id_number_index"]
        info = found.setdefault(index, {"person_id": row["person_id"]})
        if row["ended_on"] is not None and row["ended_on"] <= day:
            info["ended"] = row  # ordered by ended_on: the latest wins
        elif row["entry_on"] > day:
            info.setdefault("later", row)
        else:
            info.setdefault("elsewhere", row)
    return found


def _finding(run: PayrollRun, kind: str, row: PayrollRow | None, detail: str, **fields):
    finding = PayrollFinding(run=run, kind=kind, detail=detail[:300], **fields)
    if row is not None:
        finding.row_number = row.number
        finding.name = row.name
        finding.paid_unit = row.unit[:200]
        finding.paid_category = row.category_text[:30]
        finding.paid_funding = row.funding_text[:30]
        finding.amount = row.amount
        finding.id_number_encrypted = idcrypto.encrypt(row.id_number)
        finding.id_number_index = row.index
        finding.id_number_masked = mask_id_number(row.id_number)
    return finding


def _held_fields(held: Held) -> dict:
    return {
        "person_id": held.person_id,
        "record_id": held.record_id,
        "institution_id": held.institution_id,
        "establishment_type": held.establishment_type,
        "funding_form": held.funding_form,
    }


def compare(run: PayrollRun, rows: list[PayrollRow], progress=None) -> list[PayrollFinding]:
    """The findings of rule 43 (unsaved), in the order of the payroll, then 在编未发放."""
    from people.choices import EndReason

    day = month_end(run.month)
    registry = Registry(run.region, day)
    if progress:
        progress(registry)
    run.registry_count = len(registry.held)
    month_text = cn_month(run.month)
    findings: list[PayrollFinding] = []
    paid: set[str] = set()
    missing: list[PayrollRow] = []
    for row in rows:
        paid.add(row.index)
        held = registry.held.get(row.index)
        if held is None:
            missing.append(row)
            continue
        units = registry.units_named(row.unit)
        paid_unit = next(iter(units)) if len(units) == 1 else None
        if held.institution_id not in units:
            message = OTHER_UNIT if units else UNKNOWN_UNIT
            detail = message % {"paid": row.unit, "unit": registry.unit_label(held.institution_id)}
            findings.append(
                _finding(
                    run,
                    FindingKind.OTHER_UNIT,
                    row,
                    detail,
                    paid_institution_id=paid_unit,
                    **_held_fields(held),
                )
            )
        funding_differs = (
            held.establishment_type == EstablishmentType.PUBLIC
            and row.funding
            and row.funding != held.funding_form
        )
        if row.category != held.establishment_type or funding_differs:
            paid_text = type_text(row.category, row.funding)
            line_text = type_text(held.establishment_type, held.funding_form)
            findings.append(
                _finding(
                    run,
                    FindingKind.CATEGORY,
                    row,
                    CATEGORY % {"paid": paid_text, "line": line_text},
                    paid_institution_id=paid_unit,
                    **_held_fields(held),
                )
            )
        if held.retires is not None and held.retires < run.month:
            detail = PAST_RETIREMENT % {"month": cn_month(held.retires), "payroll": month_text}
            findings.append(
                _finding(
                    run,
                    FindingKind.AFTER_EXIT,
                    row,
                    detail,
                    paid_institution_id=paid_unit,
                    ended_on=held.retires,
                    **_held_fields(held),
                )
            )
    earlier = _ended_records([row.index for row in missing], day)
    for row in missing:
        info = earlier.get(row.index, {})
        units = registry.units_named(row.unit)
        paid_unit = next(iter(units)) if len(units) == 1 else None
        ended = info.get("ended")
        if ended is not None and ended["ended_on"] < run.month:
            reason = EndReason(ended["end_reason"]).label if ended["end_reason"] else "出编"
            reason = "退休" if ended["end_reason"] == EndReason.RETIREMENT else f"出编（{reason}）"
            detail = AFTER_EXIT % {
                "ended": ended["ended_on"].isoformat(),
                "reason": reason,
                "month": month_text,
            }
            findings.append(
                _finding(
                    run,
                    FindingKind.AFTER_EXIT,
                    row,
                    detail,
                    paid_institution_id=paid_unit,
                    person_id=ended["person_id"],
                    record_id=ended["pk"],
                    institution_id=ended["quota_line__institution_id"],
                    establishment_type=ended["quota_line__establishment_type"],
                    funding_form=ended["quota_line__funding_form"],
                    ended_on=ended["ended_on"],
                )
            )
            continue
        if ended is not None:
            continue  # exited within the payroll month: that month's pay is due (rule 44)
        detail = NOT_IN_REGISTRY % {"day": day.isoformat()}
        if "later" in info:
            detail = ENTERED_LATER % {
                "day": day.isoformat(),
                "entry": info["later"]["entry_on"].isoformat(),
            }
        elif "elsewhere" in info:
            detail = f"{detail}（{OTHER_REGION}）"
        findings.append(
            _finding(
                run,
                FindingKind.NOT_IN_REGISTRY,
                row,
                detail,
                paid_institution_id=paid_unit,
                person_id=info.get("person_id"),
            )
        )
    unpaid = {index: held for index, held in registry.held.items() if index not in paid}
    people = Person.objects.filter(pk__in=[held.person_id for held in unpaid.values()]).values_list(
        "pk", "name", "id_number_encrypted", "id_number_index", "id_number_masked"
    )
    by_person = {row[0]: row for row in people}
    for held in sorted(unpaid.values(), key=lambda held: (held.institution_id, held.person_id)):
        _, name, encrypted, index, masked = by_person[held.person_id]
        detail = NOT_PAID % {
            "unit": registry.unit_label(held.institution_id),
            "type": type_text(held.establishment_type, held.funding_form),
        }
        finding = _finding(run, FindingKind.NOT_PAID, None, detail, **_held_fields(held))
        finding.name = name
        finding.id_number_encrypted = encrypted
        finding.id_number_index = index
        finding.id_number_masked = masked
        findings.append(finding)
    return findings
