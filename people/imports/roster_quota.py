"""The quota side of the 人员信息采集表 import: rows past a line's approved quota need the
over-establishment document and reason given with the import (rule 4's explicit reason); the
resulting over-establishment is listed as notices."""

from django.db.models import Count

from staffing import occupancy

from . import roster_format as f

OVER_ESTABLISHMENT = (
    "“%(institution)s”%(type)s核定 %(approved)d 名，导入后实有 %(occupied)d 人，超编 %(over)d 人。"
)
BEYOND_QUOTA = (
    "“%(institution)s”%(type)s核定 %(approved)d 名，本行超出核定数；超编导入须在导入时"
    "填写超编依据文件和超编原因。"
)


def _occupied(line_ids) -> dict[int, int]:
    """Active records per quota line before the import; holders of a talent special quota hold
    its own slots, not the line's (rule 27)."""
    return dict(
        occupancy.active_records()
        .filter(quota_line_id__in=list(line_ids))
        .values("quota_line")
        .annotate(n=Count("id"))
        .values_list("quota_line", "n")
    )


def _names(lookups) -> dict[int, str]:
    return {i.pk: i.full_name for group in lookups.institutions.values() for i in group}


def check_beyond_quota(importer, rows) -> int:
    """Count the rows past their line's approved quota (in file order); without the importer's
    over-establishment document each of them is a row error."""
    lines = {line.pk: line for line in importer.lookups.lines.values()}
    occupied = _occupied({row.line_id for row in rows})
    names = _names(importer.lookups)
    beyond = 0
    for row in rows:
        line = lines[row.line_id]
        occupied[line.pk] = occupied.get(line.pk, 0) + 1
        if occupied[line.pk] <= line.approved:
            continue
        beyond += 1
        if importer.document is None:
            message = BEYOND_QUOTA % {
                "institution": names[line.institution_id],
                "type": line.type_label,
                "approved": line.approved,
            }
            importer.error(row.number, f.ESTABLISHMENT_TYPE, message)
    return beyond


def report_over_establishment(importer, rows) -> None:
    new: dict[int, int] = {}
    for row in rows:
        new[row.line_id] = new.get(row.line_id, 0) + 1
    existing = _occupied(new)
    names = _names(importer.lookups)
    for line in importer.lookups.lines.values():
        if line.pk not in new:
            continue
        occupied = existing.get(line.pk, 0) + new[line.pk]
        if occupied > line.approved:
            importer.result.notices.append(
                OVER_ESTABLISHMENT
                % {
                    "institution": names[line.institution_id],
                    "type": line.type_label,
                    "approved": line.approved,
                    "occupied": occupied,
                    "over": occupied - line.approved,
                }
            )
