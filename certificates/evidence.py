"""Attachments of a publicity objection (公示异议): whoever records objections (the office, the
unit's clerk) attaches what came with it, while the objection is open; once it is resolved its
attachments stay as they are."""

from django.core.exceptions import PermissionDenied, ValidationError

from attachments.registry import OwnerKind
from bianzhi import access

from .models import Objection

ROLE_MAY_NOT = "您的角色不能为公示异议上传或删除附件。"
OBJECTION_RESOLVED = "该异议已处理，附件不能再增删。"


def _check_open(objection: Objection, user) -> None:
    if not access.can(user, access.Action.ADD, Objection):
        raise PermissionDenied(ROLE_MAY_NOT)
    if not objection.is_open:
        raise ValidationError(OBJECTION_RESOLVED)


OBJECTION_ATTACHMENTS = OwnerKind(
    key="objection",
    model=Objection,
    check_add=_check_open,
    check_delete=_check_open,
    hint="如异议人提交的书面材料、照片的扫描件；异议处理后不能再增删。",
)
