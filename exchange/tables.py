"""What each table of the package holds: its model, its key and its columns, read by both the
export and the import so the two cannot drift apart (docs/exchange.md lists the same)."""

from dataclasses import dataclass

from certificates.models import Certificate
from orgs.models import ApprovalDocument, Institution, InternalDepartment, Region
from people.models import EstablishmentRecord, LeadershipAppointment, Person
from staffing.models import (
    Adjustment,
    AdjustmentLine,
    LeadershipQuota,
    PoolBalance,
    QuotaLine,
    RegionTotal,
)

from .models import ReportedCertificate

VALUE = "value"  # the field's value (dates as ISO 8601 text)
REGION = "region"  # a region, by its code
DOCUMENT = "document"  # an approval document, by its number
PERSON = "person"  # a person, by the ID number
REF = "ref"  # a row of another table of the package, by its id in the source instance

# How a table is keyed: by the source instance's id (mapped to ours in ExchangeKey), or by a
# natural key that means the same row in every instance.
SOURCE_ID = "id"


@dataclass(frozen=True)
class Column:
    name: str
    field: str
    kind: str = VALUE
    table: str = ""  # the referred table, for REF


def value(name, field=None):
    return Column(name, field or name)


def region(name, field):
    return Column(name, field, REGION)


def document(name, field=None):
    return Column(name, field or name, DOCUMENT)


def ref(name, field, table):
    return Column(name, field, REF, table)


@dataclass(frozen=True)
class Table:
    name: str
    model: type  # the model the import writes
    key: tuple[str, ...]  # SOURCE_ID, or the natural key's column names
    columns: tuple[Column, ...]
    source_model: type | None = None  # the model the export reads, if not ``model``

    @property
    def by_source_id(self) -> bool:
        return self.key == (SOURCE_ID,)

    @property
    def read_model(self) -> type:
        return self.source_model or self.model


ABOLISHABLE = (
    value("status"),
    value("abolished_on"),
    document("abolition_document"),
)

SPECS = {
    spec.name: spec
    for spec in (
        Table(
            "regions",
            Region,
            ("code",),
            (value("code"), value("name"), value("level"), region("parent_code", "parent")),
        ),
        Table(
            "documents",
            ApprovalDocument,
            ("number",),
            (
                value("number"),
                value("title"),
                value("issuer"),
                value("issued_on"),
                region("region_code", "region"),
                value("notes"),
            ),
        ),
        Table(
            "institutions",
            Institution,
            (SOURCE_ID,),
            (
                region("region_code", "region"),
                ref("parent_id", "parent", "institutions"),
                value("full_name"),
                value("other_names"),
                value("short_name"),
                value("relation"),
                value("kind"),
                value("system"),
                value("category"),
                value("level"),
                value("public_service_class"),
                value("sector"),
                value("credit_code"),
                value("legal_person_cert_no"),
                value("legal_representative"),
                value("purpose_and_scope"),
                document("establishing_document"),
                value("established_on"),
                value("main_duties"),
                value("sort_order"),
                *ABOLISHABLE,
            ),
        ),
        Table(
            "departments",
            InternalDepartment,
            (SOURCE_ID,),
            (
                ref("institution_id", "institution", "institutions"),
                value("name"),
                value("level"),
                value("main_duties"),
                value("sort_order"),
                *ABOLISHABLE,
            ),
        ),
        Table(
            "region_totals",
            RegionTotal,
            ("region_code", "establishment_type"),
            (
                region("region_code", "region"),
                value("establishment_type"),
                value("total"),
                document("document"),
            ),
        ),
        Table(
            "pool_balances",
            PoolBalance,
            ("region_code", "establishment_type", "purpose"),
            (
                region("region_code", "region"),
                value("establishment_type"),
                value("purpose"),
                value("balance"),
            ),
        ),
        Table(
            "quota_lines",
            QuotaLine,
            (SOURCE_ID,),
            (
                ref("institution_id", "institution", "institutions"),
                value("establishment_type"),
                value("funding_form"),
                value("approved"),
                value("management_posts"),
                value("professional_posts"),
                value("worker_posts"),
                value("over_establishment_reason"),
                value("over_establishment_measures"),
                value("over_establishment_deadline"),
            ),
        ),
        Table(
            "adjustments",
            Adjustment,
            (SOURCE_ID,),
            (
                region("region_code", "region"),
                value("kind"),
                value("summary"),
                document("document"),
                value("effective_on"),
                value("over_establishment_reason"),
                value("over_establishment_measures"),
                value("over_establishment_deadline"),
                value("push_down"),
                value("applied_at"),
            ),
        ),
        Table(
            "adjustment_lines",
            AdjustmentLine,
            (SOURCE_ID,),
            (
                ref("adjustment_id", "adjustment", "adjustments"),
                ref("institution_id", "institution", "institutions"),
                value("establishment_type"),
                value("funding_form"),
                value("pool_purpose"),
                value("delta"),
                value("approved_before"),
                value("approved_after"),
            ),
        ),
        Table(
            "leadership_quotas",
            LeadershipQuota,
            (SOURCE_ID,),
            (
                ref("institution_id", "institution", "institutions"),
                ref("department_id", "department", "departments"),
                value("post_kind"),
                value("post_title"),
                value("approved"),
                document("document"),
            ),
        ),
        Table(
            "people",
            Person,
            ("id_number",),
            (
                value("id_number"),
                value("name"),
                value("sex"),
                value("ethnicity"),
                value("birth_date"),
                value("native_place"),
                value("political_status"),
                value("education"),
                value("degree"),
                value("work_started_on"),
                value("professional_title"),
                value("civil_servant_registered"),
                region("region_code", "region"),
            ),
        ),
        Table(
            "records",
            EstablishmentRecord,
            (SOURCE_ID,),
            (
                Column("id_number", "person", PERSON),
                ref("quota_line_id", "quota_line", "quota_lines"),
                ref("department_id", "department", "departments"),
                value("post_category"),
                value("person_category"),
                value("job_title"),
                value("entry_way"),
                value("entry_on"),
                document("entry_document"),
                document("exam_exemption_document"),
                value("status"),
                value("ended_on"),
                value("end_reason"),
                document("end_document"),
                value("end_destination"),
                value("notes"),
            ),
        ),
        Table(
            "appointments",
            LeadershipAppointment,
            (SOURCE_ID,),
            (
                Column("id_number", "person", PERSON),
                ref("quota_id", "quota", "leadership_quotas"),
                value("title"),
                value("started_on"),
                document("start_document"),
                value("ended_on"),
                document("end_document"),
                value("counts_against_quota"),
                document("exemption_document"),
                document("over_quota_document"),
                document("civil_service_document"),
                document("dual_identity_document"),
            ),
        ),
        Table(
            "certificates",
            ReportedCertificate,
            (SOURCE_ID,),
            (
                region("region_code", "region"),
                ref("institution_id", "institution", "institutions"),
                value("number"),
                value("edition"),
                value("issued_on"),
                value("status"),
                value("status_label"),
                value("ended_on"),
                value("end_reason"),
            ),
            source_model=Certificate,
        ),
    )
}
