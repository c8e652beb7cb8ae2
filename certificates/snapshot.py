"""The frozen content of a publicity notice or a certificate: everything it prints, read once from
the registry and stored as JSON, so a reprint never shows today's data.

A fixed number of queries whatever the size of the unit.
"""

from dataclasses import dataclass

from django.conf import settings

from orgs.choices import ORGAN_KINDS, Status
from orgs.models import Institution
from people.choices import RecordStatus
from people.idnumbers import mask_id_number
from people.models import EstablishmentRecord, LeadershipAppointment
from staffing.choices import PostKind
from staffing.models import LeadershipQuota
from staffing.selectors import institution_lines, leadership_with_figures

# 2: 法定代表人, 宗旨和业务范围 and each line's 岗位设置; roster ID numbers sealed (sealing.py).
VERSION = 2


def _date(value) -> str:
    return value.isoformat() if value else ""


def _basic(institution: Institution) -> dict:
    parent = institution.parent
    document = institution.establishing_document
    return {
        "full_name": institution.full_name,
        "other_names": institution.other_names,
        "short_name": institution.short_name,
        "region": institution.region.name,
        "parent": parent.full_name if parent else "",
        "relation": institution.get_relation_display(),
        "kind": institution.kind_label,
        "system": institution.get_system_display(),
        "category": institution.get_category_display(),
        "level": institution.get_level_display(),
        "public_service_class": institution.get_public_service_class_display(),
        "credit_code": institution.credit_code,
        "legal_person_cert_no": institution.legal_person_cert_no,
        "legal_representative": institution.legal_representative,
        "purpose_and_scope": institution.purpose_and_scope,
        "is_public_institution": institution.is_public_institution,
        "establishing_document": document.number if document else "",
        "established_on": _date(institution.established_on),
        "main_duties": institution.main_duties,
    }


def _departments(institution: Institution) -> list[dict]:
    return [
        {"name": d.name, "level": d.get_level_display()}
        for d in institution.departments.filter(status=Status.ACTIVE).order_by("sort_order", "pk")
    ]


def _posts(line) -> dict | None:
    """岗位设置 of a 事业编制 line, where the office has set it (staffing.post_structure)."""
    if line.management_posts is None:
        return None
    return {
        "management": line.management_posts,
        "professional": line.professional_posts,
        "worker": line.worker_posts,
    }


def _quotas(institution: Institution) -> list[dict]:
    return [
        {
            "type": line.get_establishment_type_display(),
            "funding": line.get_funding_form_display() if line.funding_form else "",
            "label": line.type_label,
            "approved": line.approved,
            "occupied": line.occupied,
            "vacancy": line.vacancy,
            "over": line.over,
            "posts": _posts(line),
        }
        for line in institution_lines(institution)
        if line.approved or line.occupied
    ]


POST_ORDER = {kind: index for index, kind in enumerate(PostKind.values)}


def _leadership(institution: Institution) -> list[dict]:
    quotas = sorted(
        leadership_with_figures(
            LeadershipQuota.objects.filter(institution=institution).select_related("department")
        ),
        key=lambda quota: (
            quota.department_id is not None,
            quota.department.sort_order if quota.department_id else 0,
            quota.department_id or 0,
            POST_ORDER.get(quota.post_kind, len(POST_ORDER)),
            quota.pk,
        ),
    )
    holders: dict[int, list[str]] = {}
    for appointment in (
        LeadershipAppointment.objects.filter(quota__in=quotas, ended_on__isnull=True)
        .select_related("person")
        .order_by("started_on", "pk")
    ):
        holders.setdefault(appointment.quota_id, []).append(
            f"{appointment.person.name}（{appointment.title}）"
        )
    return [
        {
            "where": quota.department.name if quota.department_id else "本单位",
            "post": quota.post_label,
            "approved": quota.approved,
            "filled": quota.filled,
            "holders": holders.get(quota.pk, []),
        }
        for quota in quotas
    ]


def _roster(institution: Institution, *, full_id_numbers: bool) -> list[dict]:
    records = (
        EstablishmentRecord.objects.filter(
            quota_line__institution=institution, status=RecordStatus.ACTIVE
        )
        .select_related("person", "department", "quota_line")
        .order_by("department__sort_order", "department_id", "person_category", "person__name")
    )
    rows = []
    for number, record in enumerate(records, start=1):
        person = record.person
        rows.append(
            {
                "no": number,
                "name": person.name,
                "sex": person.get_sex_display(),
                "ethnicity": person.ethnicity,
                "birth": person.birth_date.strftime("%Y-%m") if person.birth_date else "",
                "id_number": person.id_number
                if full_id_numbers
                else mask_id_number(person.id_number),
                "department": record.department.name if record.department_id else "",
                "type": record.quota_line.type_label,
                "post": record.get_post_category_display(),
                "job_title": record.job_title,
                "category": record.get_person_category_display(),
                "entry_on": _date(record.entry_on),
            }
        )
    return rows


# What identifies a person on a roster whether it was frozen with masked or full ID numbers, and
# what of the person's row a certificate prints. The running number is left out: it follows the
# others.
ROSTER_COMPARED = (
    "sex",
    "ethnicity",
    "birth",
    "department",
    "type",
    "post",
    "job_title",
    "category",
    "entry_on",
)


@dataclass(frozen=True)
class RosterChanges:
    added: list[str]
    removed: list[str]
    altered: list[str]

    @property
    def unchanged(self) -> bool:
        return not (self.added or self.removed or self.altered)


def _roster_key(row: dict) -> tuple[str, str]:
    return row.get("name", ""), mask_id_number(row.get("id_number", ""))


def roster_changes(publicised: list[dict], current: list[dict]) -> RosterChanges:
    """Who was added, removed or changed between a publicised roster and the current one (rule
    20). People are matched by name and masked ID number, as the notice holds no full number."""
    before = {_roster_key(row): row for row in publicised}
    after = {_roster_key(row): row for row in current}
    return RosterChanges(
        added=[key[0] for key in after if key not in before],
        removed=[key[0] for key in before if key not in after],
        altered=[
            key[0]
            for key, row in after.items()
            if key in before
            and any(row.get(field) != before[key].get(field) for field in ROSTER_COMPARED)
        ],
    )


def unit_snapshot(institution: Institution, *, full_id_numbers: bool) -> dict:
    """Everything printed about ``institution``. Publicity notices never hold full ID numbers
    (rule 14); the issued certificate, an official record, does."""
    institution = Institution.objects.select_related(
        "region", "parent", "establishing_document"
    ).get(pk=institution.pk)
    quotas = _quotas(institution)
    roster = _roster(institution, full_id_numbers=full_id_numbers)
    return {
        "version": VERSION,
        "office": settings.BIANZHI["OFFICE_NAME"],
        "cover": "red" if institution.kind in ORGAN_KINDS else "blue",
        "basic": _basic(institution),
        "departments": _departments(institution),
        "quotas": quotas,
        "approved_total": sum(q["approved"] for q in quotas),
        "occupied_total": len(roster),
        "leadership": _leadership(institution),
        "roster": roster,
    }
