"""The unit clerk's download of the unit's roster (本单位花名册): the roster ledger's columns under
two title rows, the second saying when the file was made (``unit_roster_checks``), so that its
upload can tell whether the registry changed since.

Written with the ledger writer, like every other download: text cells stay text (``=HYPERLINK(…)``
in 职称 or 备注 is never a live formula), ID numbers and document numbers are text, coded columns
have drop-down lists and the header is frozen."""

import io

from django.utils import timezone

from bianzhi import privacy
from bianzhi.excel.writer import CODE, DATE, INTEGER, TEXT, Column, LedgerWriter
from orgs.models import Institution

from ..choices import RecordStatus
from ..models import EstablishmentRecord
from . import roster_format as f
from .unit_roster_checks import stamp_row


def unit_records(institution: Institution):
    return (
        EstablishmentRecord.objects.filter(
            quota_line__institution=institution, status=RecordStatus.ACTIVE
        )
        .select_related("person", "quota_line__institution", "department", "entry_document")
        .order_by("department__sort_order", "person__name", "pk")
    )


def roster_values(record: EstablishmentRecord, *, policy: privacy.IdPolicy) -> dict:
    """One record in the roster's columns, as the cells of the download show it: the ID number
    and birth date as the privacy policy allows (a masked number comes with the birth year only,
    which the upload does not read back for registered people)."""
    person, line = record.person, record.quota_line
    return {
        f.UNIT: line.institution.full_name,
        f.DEPARTMENT: record.department.name if record.department_id else "",
        f.NAME: person.name,
        f.SEX: person.get_sex_display(),
        f.ETHNICITY: person.ethnicity,
        f.ID_NUMBER: policy.id_number(person.id_number),
        f.BIRTH_DATE: person.birth_date if policy.full else policy.birth_text(person.birth_date),
        f.POLITICAL_STATUS: person.get_political_status_display(),
        f.PERSON_CATEGORY: record.get_person_category_display(),
        f.ESTABLISHMENT_TYPE: line.get_establishment_type_display(),
        f.FUNDING_FORM: line.get_funding_form_display() if line.funding_form else "",
        f.POST_CATEGORY: record.get_post_category_display(),
        f.JOB_TITLE: record.job_title,
        f.ENTRY_WAY: record.get_entry_way_display(),
        f.ENTRY_ON: record.entry_on,
        f.ENTRY_DOCUMENT: record.entry_document.number if record.entry_document_id else "",
        f.WORK_STARTED_ON: person.work_started_on,
        f.EDUCATION: person.get_education_display(),
        f.DEGREE: person.get_degree_display(),
        f.PROFESSIONAL_TITLE: person.professional_title,
        f.NOTES: record.notes,
    }


KINDS = {
    f.SERIAL: INTEGER,
    f.ID_NUMBER: CODE,
    f.ENTRY_DOCUMENT: CODE,
    **dict.fromkeys(f.DATE_HEADERS, DATE),
}
WIDTHS = {f.SERIAL: 6, f.UNIT: 24, f.ID_NUMBER: 21, f.ENTRY_DOCUMENT: 20, f.NOTES: 24}


def _column(header: str) -> Column:
    return Column(
        header,
        lambda values: values.get(header, ""),
        kind=KINDS.get(header, TEXT),
        width=WIDTHS.get(header, 12),
        choices=tuple(f.VALUE_LISTS.get(header, ())),
    )


def unit_roster_workbook(institution: Institution, user) -> bytes:
    """The unit's roster in the roster ledger's columns (title rows, then the header row)."""
    policy = privacy.policy_for(user, institution=institution)
    buffer = io.BytesIO()
    with LedgerWriter(
        buffer,
        title=f"{institution.full_name}实名制人员花名册",
        subtitle=stamp_row(timezone.now()),
        columns=[_column(header) for header in f.HEADERS],
        sheet_name="实名制人员花名册",
        frozen_columns=4,
        totals_label="合计：{count} 人",
    ) as ledger:
        for serial, record in enumerate(unit_records(institution), start=1):
            values = roster_values(record, policy=policy)
            values[f.SERIAL] = serial
            ledger.write_row(values)
    return buffer.getvalue()
