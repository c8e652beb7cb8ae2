"""人员信息采集表补录开关: the office admin's logged permission to import a roster again into a
unit that already has records (the import is for first collection only)."""

from django.db import models

from bianzhi.access import OFFICE_ROLES, Action, Role, Scoping
from bianzhi.history import tracked_history
from orgs.models import Institution

OFFICE_ADMIN_ONLY = frozenset({Role.OFFICE_ADMIN})


class RosterImportSwitch(models.Model):
    """One unit's switch; every change is recorded with its actor and reason (rule 13)."""

    institution = models.OneToOneField(
        Institution,
        verbose_name="单位",
        on_delete=models.PROTECT,
        related_name="roster_import_switch",
    )
    is_open = models.BooleanField("允许补录导入", default=False)
    reason = models.CharField("理由", max_length=200)

    history = tracked_history()
    scoping = Scoping(region="institution__region", institution="institution")
    access_rules = {
        Action.VIEW: OFFICE_ROLES,
        Action.ADD: OFFICE_ADMIN_ONLY,
        Action.CHANGE: OFFICE_ADMIN_ONLY,
        Action.ABOLISH: frozenset(),
        Action.EXPORT: frozenset(),
    }

    class Meta:
        verbose_name = "人员信息采集表补录开关"
        verbose_name_plural = "人员信息采集表补录开关"

    def __str__(self) -> str:
        state = "允许补录" if self.is_open else "已关闭"
        return f"{self.institution}：{state}"
