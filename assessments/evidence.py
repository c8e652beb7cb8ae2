"""Who may attach evidence (佐证材料) to an evaluation: the unit while it self-assesses, the
office until the evaluation is scored."""

from django.core.exceptions import PermissionDenied, ValidationError

from bianzhi import access

EVIDENCE_CLOSED = "该评估已评分，不能再增删佐证材料。"
EVIDENCE_SELF_CLOSED = "自评已提交，单位不能再增删佐证材料。"
EVIDENCE_ROLE = "您不能为该评估上传佐证材料。"


def check_add(evaluation, user) -> None:
    role = access.role_of(user)
    if role in access.OFFICE_ROLES:
        if not evaluation.is_open:
            raise ValidationError(EVIDENCE_CLOSED)
        return
    if role in (access.Role.CLERK, access.Role.REVIEWER):
        if not evaluation.is_self_assessing:
            raise ValidationError(EVIDENCE_SELF_CLOSED)
        return
    raise PermissionDenied(EVIDENCE_ROLE)


check_delete = check_add
