"""The first-collection rule of the 人员信息采集表 import and the office admin's switch.

The import fills quotas without usage permits, so it is for first collection only: a unit that
already has establishment records (active or ended) is refused unless the office admin has
opened the unit's switch (``roster_switch_set``, recorded with actor and reason).
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from bianzhi.history import save_tracked
from orgs.models import Institution

from ..models import EstablishmentRecord, RosterImportSwitch

REASON_REQUIRED = "请填写开启或关闭补录导入的理由。"
UNCHANGED = "“%(institution)s”的补录导入已是“%(state)s”状态。"


def recorded_institution_ids(institution_ids) -> set[int]:
    """Of ``institution_ids``, the units that already have establishment records."""
    return set(
        EstablishmentRecord.objects.filter(quota_line__institution_id__in=list(institution_ids))
        .values_list("quota_line__institution_id", flat=True)
        .distinct()
    )


def open_institution_ids(institution_ids) -> set[int]:
    """Of ``institution_ids``, the units whose switch the office admin has opened."""
    return set(
        RosterImportSwitch.objects.filter(
            institution_id__in=list(institution_ids), is_open=True
        ).values_list("institution_id", flat=True)
    )


@transaction.atomic
def roster_switch_set(
    *, institution: Institution, is_open: bool, actor, reason: str
) -> RosterImportSwitch:
    """Open or close the unit's 补录导入; every change is one history record with its reason."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": REASON_REQUIRED})
    institution = Institution.objects.select_for_update().get(pk=institution.pk)
    switch = RosterImportSwitch.objects.select_for_update().filter(institution=institution).first()
    if switch is None:
        switch = RosterImportSwitch(institution=institution)
    elif switch.is_open == is_open:
        state = "允许补录" if is_open else "已关闭"
        raise ValidationError(UNCHANGED % {"institution": institution.full_name, "state": state})
    switch.is_open = is_open
    switch.reason = reason
    return save_tracked(switch, actor=actor, reason=reason)
