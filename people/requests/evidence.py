"""证明材料: the files a unit attaches to its change request (``attachments``), and the evidence
a reviewer or the office can name as missing when returning it; the names lead the return
reason, so the unit's notice shows them first."""

from attachments.registry import OwnerKind

from ..models import ChangeRequest
from . import workflow

MISSING_EVIDENCE = (
    "招聘公示截图",
    "招聘或考录审批材料",
    "调令或调动审批表",
    "退休审批表",
    "辞职或辞退批复",
    "任免文件",
    "身份证复印件",
    "学历学位证书",
    "其他证明材料",
)
MISSING_PREFIX = "缺少附件："


def return_reason(reason: str, missing=()) -> str:
    """The reason recorded and shown to the unit: the missing attachments first, then the
    reviewer's words."""
    lines = [f"{MISSING_PREFIX}{'、'.join(missing)}。"] if missing else []
    if reason.strip():
        lines.append(reason.strip())
    return "\n".join(lines)


def _check_drafting(request: ChangeRequest, user) -> None:
    # Attaching and deleting are part of drafting: the unit's clerk, while draft or returned.
    workflow.check(workflow.EDIT, request, user)


REQUEST_ATTACHMENTS = OwnerKind(
    key="request",
    model=ChangeRequest,
    check_add=_check_drafting,
    check_delete=_check_drafting,
    hint="如招聘公示截图、调令、退休审批表、任免文件的扫描件；提交后不能再删除，退回后可补充。",
)
