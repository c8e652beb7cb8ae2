"""编制结构: how a quota line's approved count divides into 管理岗位, 专业技术岗位 and 工勤技能岗位
(issue 14, item 13).

The division is 事业单位 岗位设置 vocabulary, so only public institutions' lines (事业编制) hold one:
organ and 参公 staff are civil servants, not on 管理岗位, and organ workers have their own type
(机关工勤编制). The three counts are set together, each
at least 0, and their sum may not exceed the line's quota in force today (rule 15): a scheduled
adjustment (待生效) counts only from its day, and the refusal says so. Three blanks clear the
structure. Who sits on each post category is compared with it by the standing check
``checks.establishment.PostStructureExceeded``.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from bianzhi.history import apply_changes, save_tracked
from orgs.choices import InstitutionKind
from orgs.models import ApprovalDocument

from . import occupancy
from .choices import EstablishmentType
from .models import QuotaLine
from .selectors import approved_on, line_schedule, scheduled_days

STRUCTURE_ONLY_FOR_PUBLIC = (
    "岗位结构（管理、专技、工勤）是事业单位岗位设置的划分，只能为事业单位的事业编制核定；"
    "%(line)s不核定岗位结构。"
)
STRUCTURE_INCOMPLETE = "管理岗位、专业技术岗位、工勤技能岗位须同时填写；三项都不填则清除岗位结构。"
STRUCTURE_NEGATIVE = "岗位数不能为负数。"
STRUCTURE_ABOVE_APPROVED = (
    "%(line)s今日生效的核定数为 %(approved)d 名，岗位结构合计 %(sum)d 名"
    "（管理 %(management)d、专技 %(professional)d、工勤 %(worker)d），超出 %(excess)d 名（规则 15）。"
)
STRUCTURE_SCHEDULED_NOTE = "另有待生效的编制调整（%(days)s 生效），生效前不计入核定数，请在生效后再按新核定数调整岗位结构。"
INSTITUTION_ABOLISHED = "“%(name)s”已撤销，不能核定其岗位结构。"

FIELDS = tuple(occupancy.STRUCTURE_FIELDS.values())
SHORT_LABELS = ("管理", "专技", "工勤")


def holds_structure(line: QuotaLine) -> bool:
    """Whether the line may hold a post structure: a public institution's 事业编制."""
    return (
        line.establishment_type == EstablishmentType.PUBLIC
        and line.institution.kind == InstitutionKind.PUBLIC_INSTITUTION
    )


@dataclass(frozen=True)
class PostCount:
    """One post category of a line: its structure count (None if not set) and its people."""

    label: str
    approved: int | None
    people: int

    @property
    def over(self) -> int:
        return max(self.people - self.approved, 0) if self.approved is not None else 0


def with_post_counts(lines) -> list:
    """The lines, each with ``post_counts`` (管理, 专技, 工勤: structure and active people) and
    ``has_structure``, from one grouped count of the records."""
    lines = list(lines)
    people = {
        (row["quota_line"], row[occupancy.RECORD_POST_CATEGORY]): row["n"]
        for row in occupancy.active_records()
        .filter(quota_line__in=[line.pk for line in lines])
        .order_by()
        .values("quota_line", occupancy.RECORD_POST_CATEGORY)
        .annotate(n=Count("pk"))
    }
    for line in lines:
        line.post_counts = [
            PostCount(label, getattr(line, field), people.get((line.pk, category), 0))
            for label, (category, field) in zip(
                SHORT_LABELS, occupancy.STRUCTURE_FIELDS.items(), strict=True
            )
        ]
        line.has_structure = any(count.approved is not None for count in line.post_counts)
        line.holds_structure = holds_structure(line)
    return lines


@transaction.atomic
def post_structure_set(
    *,
    line: QuotaLine,
    management: int | None,
    professional: int | None,
    worker: int | None,
    document: ApprovalDocument,
    actor,
    reason: str,
) -> QuotaLine:
    """Set (or, with three blanks, clear) the post structure of a 事业编制 line."""
    line = QuotaLine.objects.select_for_update().select_related("institution").get(pk=line.pk)
    label = f"“{line.institution.full_name}”{line.type_label}"
    if not line.institution.is_active:
        raise ValidationError(INSTITUTION_ABOLISHED % {"name": line.institution.full_name})
    if not holds_structure(line):
        raise ValidationError(STRUCTURE_ONLY_FOR_PUBLIC % {"line": label})
    counts = (management, professional, worker)
    blanks = sum(count is None for count in counts)
    if blanks not in (0, 3):
        raise ValidationError(STRUCTURE_INCOMPLETE)
    if blanks == 0:
        if any(count < 0 for count in counts):
            raise ValidationError(STRUCTURE_NEGATIVE)
        today = timezone.localdate()
        schedule = line_schedule(line)
        approved = approved_on(schedule, today)
        if sum(counts) > approved:
            message = STRUCTURE_ABOVE_APPROVED % {
                "line": label,
                "approved": approved,
                "sum": sum(counts),
                "management": management,
                "professional": professional,
                "worker": worker,
                "excess": sum(counts) - approved,
            }
            later = scheduled_days(line, after=today)
            if later:
                days = "、".join(f"{day:%Y-%m-%d}" for day in later)
                message += STRUCTURE_SCHEDULED_NOTE % {"days": days}
            raise ValidationError(message)
    if not apply_changes(line, dict(zip(FIELDS, counts, strict=True))):
        return line
    return save_tracked(line, actor=actor, reason=reason, document=document)
