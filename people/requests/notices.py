"""The notices (站内消息, ``bianzhi.notices``) a change request's decisions send: the unit's
clerks hear that their request was approved (with the usage permit an approved 用编申请 issued),
and whoever returned a request hears that the unit has sent it back corrected. Called by the
services in the transaction of the decision."""

from django.contrib.auth import get_user_model

from bianzhi import notices
from bianzhi.models import NoticeKind

from ..choices import RequestAction
from ..models import ChangeRequest

APPROVED = "您单位的%(kind)s申报 %(number)s 已核准%(what)s。"
APPROVED_PERMITS = "，核发用编通知单 %(numbers)s"
APPROVED_CHANGES = "，变动已写入实名库"
RESUBMITTED = "%(institution)s已按退回意见修改%(kind)s申报 %(number)s 并重新提交。"


def notify_approved(request: ChangeRequest, items) -> None:
    permits = [item.result_permit.number for item in items if item.result_permit_id]
    what = APPROVED_PERMITS % {"numbers": "、".join(permits)} if permits else APPROVED_CHANGES
    notices.notify(
        notices.unit_clerks(request.institution),
        kind=NoticeKind.APPROVED,
        text=APPROVED
        % {"kind": request.get_kind_display(), "number": request.number, "what": what},
        url=request.get_absolute_url(),
    )


def notify_resubmitted(request: ChangeRequest) -> None:
    """Whoever returned it last (the reviewer or the office) hears it is back."""
    returned = request.events.filter(action=RequestAction.RETURN).order_by("-at", "-pk").first()
    if returned is None:
        return
    returner = get_user_model().objects.get(pk=returned.actor_id)
    notices.notify(
        [returner],
        kind=NoticeKind.RESUBMITTED,
        text=RESUBMITTED
        % {
            "institution": request.institution.full_name,
            "kind": request.get_kind_display(),
            "number": request.number,
        },
        url=request.get_absolute_url(),
    )
