"""Login lockouts (django-axes): the client address it counts against, and who is locked now."""

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


def client_ip(request) -> str | None:
    """The client's address: ``REMOTE_ADDR``, or behind ``BIANZHI_PROXY_COUNT`` trusted reverse
    proxies (nginx) the address the outermost of them saw, read from the right of
    X-Forwarded-For (the left part can be forged by the client)."""
    proxies = settings.BIANZHI_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


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
