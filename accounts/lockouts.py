"""Login lockouts (django-axes): the client address it counts against, and who is locked now."""

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

# The address axes counts against is the one the access log records.
from bianzhi.access_log import client_ip  # noqa: F401


def _recent_attempts():
    from axes.models import AccessAttempt

    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return AccessAttempt.objects.filter(attempt_time__gte=since)


def locked_usernames(usernames) -> set[str]:
    rows = (
        _recent_attempts()
        .filter(username__in=list(usernames))
        .values("username")
        .annotate(failures=Sum("failures_since_start"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
    )
    return {row["username"] for row in rows}


def locked_addresses() -> list[dict]:
    """Addresses locked now, with their failures."""
    return list(
        _recent_attempts()
        .values("ip_address")
        .annotate(failures=Sum("failures_since_start"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("ip_address")
    )
