"""What a unit's roster upload checks besides its rows: when the download was made, whether the
registry changed after it, and who already has an open request.

The download carries the moment it was made in its second title row (``生成时间：…``, local time,
to the second). An upload whose file was made before the unit's last registry change is stale:
the rows it lacks may be people entered since, and its values may undo corrections approved
since. Such an upload is refused unless the clerk confirms it.
"""

import datetime
import re

from django.db.models import Max
from django.utils import timezone

from bianzhi.excel.reader import as_text
from orgs.models import Institution

from ..choices import CLOSED_STATES, RecordStatus
from ..models import ChangeRequestItem, EstablishmentRecord, Person

CUT_OFF_LABEL = "截至日期："
GENERATED_LABEL = "生成时间："
GENERATED_FORMAT = "%Y-%m-%d %H:%M:%S"
GENERATED_NOTE = "（上传时据此核对名册是否过期，请勿修改）"
_GENERATED = re.compile(r"生成时间[:：]\s*(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})")
_CUT_OFF = re.compile(r"截至日期[:：]\s*(\d{4}-\d{2}-\d{2})")


def stamp_row(now: datetime.datetime) -> list[str]:
    """The download's second title row: its cut-off date, and the moment it was made."""
    local = timezone.localtime(now)
    return [
        f"{CUT_OFF_LABEL}{local.date().isoformat()}",
        f"{GENERATED_LABEL}{local:{GENERATED_FORMAT}}{GENERATED_NOTE}",
    ]


def read_stamp(title_rows) -> tuple[datetime.datetime | None, datetime.date | None]:
    """The moment the file was made and its cut-off date, as far as its title rows tell."""
    generated = cut_off = None
    for values in title_rows:
        for value in values or ():
            text = as_text(value)
            if generated is None and (match := _GENERATED.search(text)):
                try:
                    naive = datetime.datetime.fromisoformat(f"{match[1]} {match[2]}")
                except ValueError:
                    continue
                generated = timezone.make_aware(naive)
            if cut_off is None and (match := _CUT_OFF.search(text)):
                try:
                    cut_off = datetime.date.fromisoformat(match[1])
                except ValueError:
                    continue
    return generated, cut_off


def unit_last_change(institution: Institution) -> datetime.datetime | None:
    """The unit's latest committed registry change (rule 13's history): a record on one of its
    quota lines (entry, exit, transfer, correction) or one of its people. Two aggregate
    queries."""
    records = EstablishmentRecord.history.model.objects.filter(
        quota_line__institution=institution
    ).aggregate(last=Max("history_date"))["last"]
    people = Person.history.model.objects.filter(
        id__in=EstablishmentRecord.objects.filter(
            quota_line__institution=institution, status=RecordStatus.ACTIVE
        ).values("person_id")
    ).aggregate(last=Max("history_date"))["last"]
    changes = [moment for moment in (records, people) if moment is not None]
    return max(changes) if changes else None


def is_stale(
    generated: datetime.datetime | None,
    cut_off: datetime.date | None,
    last_change: datetime.datetime | None,
) -> bool:
    """True when the registry changed after the file was made. The stamp is to the second, so a
    change in a later second is after it; a file with only a cut-off date is stale when the
    registry changed after that day; a file that tells neither is treated as stale."""
    if last_change is None:
        return False
    if generated is not None:
        return last_change.replace(microsecond=0) > generated
    if cut_off is not None:
        return timezone.localdate(last_change) > cut_off
    return True


def open_requests(institution: Institution) -> dict:
    """Who already has a request not yet approved (a request is open from its draft until it is
    approved, as ``requests.services`` holds): person pk → request number, and the blind index of
    a newcomer's ID number (not yet registered) → request number. One query."""
    open_items = ChangeRequestItem.objects.exclude(request__state__in=CLOSED_STATES)
    pending: dict = {}
    for person_id, id_index, request_pk, created_at in open_items.values_list(
        "person_id", "id_number_index", "request_id", "request__created_at"
    ).order_by("request_id"):
        # ChangeRequest.number, without loading the requests.
        number = f"{timezone.localtime(created_at):%Y}-{request_pk:05d}"
        pending.setdefault(person_id if person_id is not None else id_index, number)
    return pending
