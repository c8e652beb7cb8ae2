"""What waits for whom: a unit's own tasks (我的待办), the submissions waiting for a reviewer or for
the office (待审核 / 待核准), and the in-app notifications built from them.

Everything waiting is computed from the requests themselves, never stored as notification rows
that could drift from them: a notification disappears the moment its request moves on. Events
that are over once they happened (an approval, a permit issued, a resubmission) are stored
notices instead (``bianzhi.notices``), read or unread; the bell counts both. Each list is one
query whatever the number of units (the test of "no reviewer above" included), and the badge in
the top bar is one COUNT.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone

from bianzhi import access, notices
from bianzhi.access import Role
from orgs.models import Institution, UserScope

from .choices import RequestAction, RequestState
from .deadlines import warning_days
from .models import ChangeRequest, ChangeRequestEvent
from .requests.registry import kinds_without_reporting_clock, spec_for
from .supervision import LEDGER_ITEMS, person_names


def institutions_with_reviewer() -> RawSQL:
    """Ids of the institutions that have an active supervising reviewer at or above them — where
    ``services.needs_review`` is true — as one recursive subquery (SQLite and PostgreSQL), so
    telling which submissions wait for the office costs no query per tree level or per request."""
    quote = connection.ops.quote_name
    scope, institution = UserScope._meta, Institution._meta
    user = get_user_model()._meta
    sql = (
        f"WITH RECURSIVE covered(id) AS ("
        f" SELECT s.{quote(scope.get_field('institution').column)}"
        f" FROM {quote(scope.db_table)} s"
        f" JOIN {quote(user.db_table)} u ON u.{quote(user.pk.column)}"
        f" = s.{quote(scope.get_field('user').column)}"
        f" WHERE s.{quote(scope.get_field('role').column)} = %s"
        f" AND u.{quote(user.get_field('is_active').column)} = %s"
        f" AND s.{quote(scope.get_field('institution').column)} IS NOT NULL"
        f" UNION"
        f" SELECT i.{quote(institution.pk.column)} FROM {quote(institution.db_table)} i"
        f" JOIN covered c ON i.{quote(institution.get_field('parent').column)} = c.id"
        f") SELECT id FROM covered"
    )
    return RawSQL(sql, (Role.REVIEWER.value, True))


# --- who waits for what ------------------------------------------------------------------------


def awaiting_office(requests: QuerySet) -> QuerySet:
    """待核准: reviewed by the supervising department, or submitted by a unit with no reviewer
    above it (those go straight to the office)."""
    return requests.filter(
        Q(state=RequestState.REVIEWED)
        | (Q(state=RequestState.SUBMITTED) & ~Q(institution_id__in=institutions_with_reviewer()))
    )


def awaiting_review(requests: QuerySet) -> QuerySet:
    """待审核: submitted by the units below a reviewer (the caller restricts to its subtree)."""
    return requests.filter(state=RequestState.SUBMITTED)


def unit_tasks(requests: QuerySet) -> QuerySet:
    """我的待办: drafts still to be reported (the system's expected exits included) and requests
    returned for correction."""
    return requests.filter(state__in=[RequestState.DRAFT, RequestState.RETURNED])


def unit_alerts(requests: QuerySet, today: datetime.date) -> QuerySet:
    """A unit's notifications: returned requests, and drafts due within
    ``BIANZHI["DEADLINE_WARNING_DAYS"]`` or already past due."""
    warn_until = today + datetime.timedelta(days=warning_days())
    clocked = ~Q(kind__in=kinds_without_reporting_clock())
    return requests.filter(
        Q(state=RequestState.RETURNED)
        | Q(clocked, state=RequestState.DRAFT, due_on__lte=warn_until)
    )


def _last_return():
    return Subquery(
        ChangeRequestEvent.objects.filter(request=OuterRef("pk"), action=RequestAction.RETURN)
        .order_by("-at", "-pk")
        .values("at")[:1]
    )


def _for_unit(requests: QuerySet) -> QuerySet:
    """Returned first (they were already reported and wait for a correction), then by due date."""
    return requests.annotate(
        returned_at=_last_return(),
        returned_first=Case(
            When(state=RequestState.RETURNED, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
    ).order_by("returned_first", "due_on", "pk")


def _oldest_first(requests: QuerySet) -> QuerySet:
    return requests.order_by("submitted_on", "pk")


# --- per user ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Inbox:
    """One user's list: ``audience`` says how the entries read (``unit``, ``reviewer``,
    ``office``; empty for roles that have none), ``requests`` is the ordered queryset."""

    audience: str
    title: str
    requests: QuerySet
    empty_text: str

    def __bool__(self) -> bool:
        return bool(self.audience)


NOTHING = "暂无需要您处理的事项。"


def _scoped(user) -> QuerySet:
    return access.restrict(ChangeRequest.objects.all(), user)


def _decorated(requests: QuerySet) -> QuerySet:
    return requests.select_related("institution").prefetch_related(LEDGER_ITEMS)


def tasks_for(user) -> Inbox:
    """The home page panel: a clerk's 我的待办, a reviewer's 待审核, the office's 待核准."""
    role = access.role_of(user)
    requests = _scoped(user)
    if role == Role.CLERK:
        return Inbox("unit", "我的待办", _decorated(_for_unit(unit_tasks(requests))), NOTHING)
    if role == Role.REVIEWER:
        waiting = _oldest_first(awaiting_review(requests))
        return Inbox("reviewer", "待审核的申报", _decorated(waiting), NOTHING)
    if role in access.OFFICE_ROLES:
        waiting = _oldest_first(awaiting_office(requests))
        return Inbox("office", "待核准的申报", _decorated(waiting), NOTHING)
    return Inbox("", "", ChangeRequest.objects.none(), NOTHING)


def notifications_for(user, *, today: datetime.date | None = None) -> Inbox:
    """消息提醒: for a clerk, returned requests and deadlines near or past; for a reviewer and the
    office, the submissions waiting for them."""
    today = today or timezone.localdate()
    if access.role_of(user) == Role.CLERK:
        alerts = _for_unit(unit_alerts(_scoped(user), today))
        return Inbox("unit", "消息提醒", _decorated(alerts), "暂无新的提醒。")
    inbox = tasks_for(user)
    return Inbox(inbox.audience, "消息提醒", inbox.requests, "暂无新的提醒。")


def notification_count(user, *, today: datetime.date | None = None) -> int | None:
    """The badge on the bell: what waits for the user (one COUNT) and the unread notices (站内消息,
    one COUNT), or None for a role that gets no notifications."""
    role = access.role_of(user)
    if role == Role.CLERK:
        waiting = unit_alerts(_scoped(user), today or timezone.localdate())
    elif role == Role.REVIEWER:
        waiting = awaiting_review(_scoped(user))
    elif role in access.OFFICE_ROLES:
        waiting = awaiting_office(_scoped(user))
    else:
        return None
    return _counted_together(user, waiting, notices.unread(user))


def _counted_together(user, *querysets: QuerySet) -> int:
    """The sum of the querysets' counts in one query (each a scalar subquery)."""

    def count(queryset):
        rows = queryset.order_by().annotate(one=Value(1)).values("one")
        return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")[:1]), 0)

    counts = {f"count_{i}": count(queryset) for i, queryset in enumerate(querysets)}
    row = get_user_model().objects.filter(pk=user.pk).annotate(**counts)
    return sum(row.values_list(*counts).get())


# --- entries as shown ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One request as a task or notification reads: its people and, for a draft, the days left
    until it falls due (negative once overdue). Built from rows already fetched, no query."""

    request: ChangeRequest
    names: list[str]
    days_left: int | None

    @property
    def is_returned(self) -> bool:
        return self.request.state == RequestState.RETURNED

    @property
    def is_overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def days_overdue(self) -> int:
        return -self.days_left if self.is_overdue else 0

    @property
    def is_due_soon(self) -> bool:
        return self.days_left is not None and 0 <= self.days_left <= warning_days()


def entries(requests, *, today: datetime.date | None = None) -> list[Entry]:
    """The entries of already fetched requests (their items prefetched)."""
    today = today or timezone.localdate()
    return [
        Entry(
            request=request,
            names=person_names(request),
            days_left=(request.due_on - today).days
            if request.state == RequestState.DRAFT and spec_for(request.kind).has_reporting_clock
            else None,
        )
        for request in requests
    ]
