"""Writing a validated roster: people and their records with ``bulk_create_with_history``, one
history record per row naming the import batch (rule 13), in batches so a city roster fits."""

from django.conf import settings
from simple_history.utils import bulk_create_with_history

from orgs.models import ApprovalDocument

from ..models import EstablishmentRecord, Person

KIND = "人员信息采集表"
BATCH_SIZE = 2000


def batched(items, size: int):
    """``itertools.batched`` (Python 3.12) for 3.11."""
    items = list(items) if not isinstance(items, list) else items
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _documents(rows, actor, reason, batch) -> dict[str, int]:
    """Entry documents by number; numbers not yet registered are registered as the old system's
    documents (issued on the earliest entry that cites them)."""
    wanted: dict = {}
    for row in rows:
        if row.entry_document:
            known = wanted.get(row.entry_document)
            if known is None or row.entry_on < known.entry_on:
                wanted[row.entry_document] = row
    found = {}
    for chunk in batched(list(wanted), 5000):
        found.update(ApprovalDocument.objects.filter(number__in=chunk).values_list("number", "id"))
    missing = [
        ApprovalDocument(
            number=number,
            title=f"入编文件（{KIND}导入，批次 {batch}）",
            issuer=settings.BIANZHI["OFFICE_NAME"],
            issued_on=row.entry_on,
            region_id=row.region_id,
        )
        for number, row in wanted.items()
        if number not in found
    ]
    created = bulk_create_with_history(
        missing, ApprovalDocument, BATCH_SIZE, default_user=actor, default_change_reason=reason
    )
    found.update((document.number, document.pk) for document in created)
    return found


def write_rows(rows, *, actor, reason: str, batch: str) -> dict[str, int]:
    documents = _documents(rows, actor, reason, batch)
    people = records = 0
    for chunk in batched(rows, BATCH_SIZE):
        persons = bulk_create_with_history(
            [
                Person(
                    id_number=row.id_number,
                    name=row.name,
                    sex=row.sex,
                    birth_date=row.birth_date,
                    ethnicity=row.ethnicity,
                    political_status=row.political_status,
                    education=row.education,
                    degree=row.degree,
                    work_started_on=row.work_started_on,
                    professional_title=row.professional_title,
                    civil_servant_registered=row.civil_servant_registered,
                    region_id=row.region_id,
                )
                for row in chunk
            ],
            Person,
            BATCH_SIZE,
            default_user=actor,
            default_change_reason=reason,
        )
        created = bulk_create_with_history(
            [
                EstablishmentRecord(
                    person_id=person.pk,
                    quota_line_id=row.line_id,
                    department_id=row.department_id,
                    post_category=row.post_category,
                    person_category=row.person_category,
                    job_title=row.job_title,
                    entry_way=row.entry_way,
                    entry_on=row.entry_on,
                    entry_document_id=documents.get(row.entry_document),
                    notes=row.notes,
                )
                for row, person in zip(chunk, persons, strict=True)
            ],
            EstablishmentRecord,
            BATCH_SIZE,
            default_user=actor,
            default_change_reason=reason,
        )
        people += len(persons)
        records += len(created)
    return {"实名人员": people, "占编记录": records, "入编文件": len(documents)}
