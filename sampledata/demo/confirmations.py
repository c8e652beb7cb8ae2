"""身份确认 in the demo county (rules 47–48). SAMPLE DATA ONLY.

The demo 组织 partner has confirmed the civil-servant registration of the county's 发展和改革局
and rejected one (a 自查 breach); the demo 人社 partner has confirmed the 聘用 of the first
school's staff. Everything else stays 待确认 for the demo accounts to work on. Loaded once:
nothing is written when a confirmation exists.
"""

from django.contrib.auth import get_user_model

from confirmations import selectors, services
from confirmations.choices import StatusKind
from confirmations.models import IdentityConfirmation

ORGAN_UNIT = "示例县发展和改革局"
SCHOOL_UNIT = "示例县第一中学"
REJECT_REASON = "经核对公务员登记备案名册，未查到此人的登记信息"


def _records(user, kind: StatusKind, unit: str):
    return [
        row
        for row in selectors.worklist(user).filter(quota_line__institution__full_name=unit)
        if row.status_kind == kind
    ]


def load_demo_confirmations() -> int:
    """Confirm and reject as the demo partners; return how many confirmations were written."""
    if IdentityConfirmation.objects.exists():
        return 0
    users = get_user_model().objects.in_bulk(["partner-org", "partner-hr"], field_name="username")
    organization, human_resources = users.get("partner-org"), users.get("partner-hr")
    if organization is None or human_resources is None:
        return 0
    written = 0
    civil_servants = _records(organization, StatusKind.CIVIL_SERVICE, ORGAN_UNIT)
    if civil_servants:
        rejected, *confirmed = civil_servants
        if confirmed:
            written += len(services.confirm(records=confirmed, actor=organization))
        services.reject(record=rejected, actor=organization, reason=REJECT_REASON)
        written += 1
    staff = _records(human_resources, StatusKind.EMPLOYMENT, SCHOOL_UNIT)
    if staff:
        written += len(services.confirm(records=staff, actor=human_resources))
    return written
