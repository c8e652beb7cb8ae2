"""What every kind's applier shares: the office's side of an approval (``Approval``) and reading
an item's ``data`` (pks and ISO dates) back into objects. Each applier calls the registry's own
services, so a request obeys exactly the rules a direct registration does (rules 2, 3, 5, 6, 7)."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F

from orgs.models import InternalDepartment
from staffing.choices import PermitStatus
from staffing.models import QuotaLine, UsagePermit

from ..models import ChangeRequest

PERMIT_VALIDITY_DAYS = 365


@dataclass(frozen=True)
class Approval:
    """What the office adds when it approves: the document, the day, and for 用编申请 the
    permit's expiry."""

    actor: object
    document: object
    on: datetime.date
    reason: str
    permit_expires_on: datetime.date | None = None


def data_pk(data: dict, name: str):
    return data.get(name) or None


def data_object(model, pk):
    return model.objects.get(pk=pk) if pk else None


def data_date(value) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if isinstance(value, str) and value else value


def placement(data: dict) -> dict:
    """Where an entry or a transfer puts the person: department, post, category, title."""
    return {
        "department": data_object(InternalDepartment, data_pk(data, "department")),
        "post_category": data["post_category"],
        "person_category": data.get("person_category") or "staff",
        "job_title": data.get("job_title", ""),
    }


def item_ended_on(item_data: dict, request: ChangeRequest) -> datetime.date:
    """An exit ends on the request's occurred-on date, or on its own date where the item names
    one (an exit found by a roster upload, in a batch whose date is its earliest entry's)."""
    return data_date(item_data.get("ended_on")) or request.occurred_on


def receiving_permit(line: QuotaLine, on: datetime.date) -> UsagePermit | None:
    """The oldest open permit of ``line`` valid on ``on`` with a slot left (rule 3)."""
    return (
        UsagePermit.objects.filter(
            quota_line=line, status=PermitStatus.OPEN, issued_on__lte=on, expires_on__gte=on
        )
        .annotate(used=Count("records"))
        .filter(used__lt=F("count"))
        .order_by("issued_on", "pk")
        .first()
    )
