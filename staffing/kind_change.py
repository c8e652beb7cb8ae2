"""Rule 17, the quota half: an institution's kind (单位类型) may change only when it holds no quota
line of a type the new kind may not hold (rule 6). Registered with
``orgs.services.kind_change_checks`` in ``apps.StaffingConfig.ready``."""

from django.utils import timezone

from orgs.choices import InstitutionKind
from orgs.models import Institution

from .choices import ALLOWED_TYPES
from .models import AdjustmentLine, QuotaLine

QUOTA_OF_OTHER_KIND = (
    "单位类型改为%(kind)s后不能再核定%(lines)s（规则 6、17），"
    "请先通过编制调整将这些编制划转或核减为 0，再修改单位类型。"
)
SCHEDULED = "（含待生效调整）"


def quota_left_on_kind_change(institution: Institution, new_kind: str) -> list[str]:
    """Quota lines of a type ``new_kind`` may not hold: approved now, or changed by an adjustment
    still scheduled (待生效), which would otherwise take effect in a unit that may not hold it."""
    allowed = ALLOWED_TYPES.get(new_kind, frozenset())
    scheduled = set(
        AdjustmentLine.objects.filter(
            institution=institution, adjustment__effective_on__gt=timezone.localdate()
        )
        .exclude(establishment_type__in=allowed)
        .values_list("establishment_type", "funding_form")
    )
    lines = (
        QuotaLine.objects.filter(institution=institution)
        .exclude(establishment_type__in=allowed)
        .order_by("establishment_type", "funding_form")
    )
    held = [
        f"{line.type_label} {line.approved} 名"
        + (SCHEDULED if (line.establishment_type, line.funding_form) in scheduled else "")
        for line in lines
        if line.approved > 0 or (line.establishment_type, line.funding_form) in scheduled
    ]
    if not held:
        return []
    return [
        QUOTA_OF_OTHER_KIND % {"kind": InstitutionKind(new_kind).label, "lines": "、".join(held)}
    ]
