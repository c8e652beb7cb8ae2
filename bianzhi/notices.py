"""站内消息 (issue 17): the events a user is told about in the application — no e-mail. A unit's
clerks hear when their request is approved and when a usage permit (用编通知单) is issued for
their unit; whoever returned a request hears when the unit sends it back corrected. Each notice
is written in the transaction of its event, by the service that makes it, and links to the
object; the object's own page still checks the reader's scope.

The apps name the recipients (``unit_clerks``: the active clerks of one unit); this module
imports no app, so the lookups go through the user's ``scope`` relation by name.
"""

from django.contrib.auth import get_user_model
from django.db.models import F, QuerySet
from django.utils import timezone

from .access import Role
from .models import Notice, NoticeKind


def unit_clerks(institution) -> QuerySet:
    """The active clerks (单位经办人) of ``institution``."""
    return get_user_model().objects.filter(
        is_active=True, scope__role=Role.CLERK, scope__institution=institution
    )


def notify(recipients, *, kind: NoticeKind, text: str, url: str) -> list[Notice]:
    """One unread notice for each active recipient (each user once)."""
    users = {user.pk: user for user in recipients if user is not None and user.is_active}
    return Notice.objects.bulk_create(
        Notice(recipient_id=pk, kind=kind, text=text[:300], url=url[:500]) for pk in users
    )


def notices_for(user) -> QuerySet:
    """The user's notices, unread first, newest first."""
    unread_first = F("read_at").asc(nulls_first=True)
    return Notice.objects.filter(recipient=user).order_by(unread_first, "-created_at", "-pk")


def unread(user) -> QuerySet:
    return Notice.objects.filter(recipient=user, read_at__isnull=True)


def unread_count(user) -> int:
    return unread(user).count()


def mark_read(user, *, notice: Notice | None = None) -> int:
    """Mark one of the user's notices, or all of them, read; how many were unread."""
    unread = Notice.objects.filter(recipient=user, read_at__isnull=True)
    if notice is not None:
        unread = unread.filter(pk=notice.pk)
    return unread.update(read_at=timezone.now())
