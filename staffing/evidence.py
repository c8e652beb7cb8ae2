"""Attachments of an establishment adjustment (编制调整): the office attaches the evidence behind
it (会议纪要, 请示, 测算表). An adjustment is in the record from the moment it is made and never
edited (rule 4), so its attachments can be added later but never deleted."""

from django.core.exceptions import PermissionDenied, ValidationError

from attachments.registry import OwnerKind
from bianzhi import access

from .models import Adjustment

OFFICE_ONLY = "只有编办工作人员可以为编制调整上传附件。"
ADJUSTMENT_IS_FINAL = "编制调整办理后即记录在案、不能修改，其附件也不能删除；如传错文件，请上传正确的文件并在说明中注明。"


def _check_add(adjustment: Adjustment, user) -> None:
    if not access.can(user, access.Action.ADD, Adjustment):
        raise PermissionDenied(OFFICE_ONLY)


def _check_delete(adjustment: Adjustment, user) -> None:
    _check_add(adjustment, user)
    raise ValidationError(ADJUSTMENT_IS_FINAL)


ADJUSTMENT_ATTACHMENTS = OwnerKind(
    key="adjustment",
    model=Adjustment,
    check_add=_check_add,
    check_delete=_check_delete,
    hint="如编委会议纪要、请示、测算表的扫描件；编制调整的附件上传后不能删除。",
)
