"""访问日志 (issue 15): who read personal data — full ID numbers on a person's page, a search by a
full ID number, a certificate printed or downloaded with full numbers — and who exported which
ledger with which scope and masking. Every app writes it through ``record``; nothing edits it.

Entries never hold a full ID number themselves: the query of an ID search is stored masked (the
person found is named by the label and URL), so the log is no new place to read numbers from.
"""

import datetime

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from . import access
from .models import AccessAction, AccessEvent, IdNumbers

MIN_KEEP_DAYS = 180


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


def user_scope_text(user) -> str:
    """The user's own scope, as the log names it (e.g. ``范围：示例县``)."""
    scope = access.user_scope(user)
    if scope is None:
        return ""
    return f"范围：{scope.region or scope.institution}"


def record(
    request_or_user,
    *,
    action: AccessAction,
    label: str = "",
    url: str | None = None,
    scope: str = "",
    id_numbers: IdNumbers = IdNumbers.FULL,
    query: str = "",
) -> AccessEvent:
    """Write one entry. Given a request, the user, the client address and the path (without its
    query string, which may hold an ID number) come from it; given a user, there is no address
    and the URL is ``url`` or empty."""
    if isinstance(request_or_user, HttpRequest):
        request, user = request_or_user, request_or_user.user
        ip_address = client_ip(request)
        url = request.path if url is None else url
    else:
        user, ip_address = request_or_user, None
    return AccessEvent.objects.create(
        user=user,
        ip_address=ip_address,
        action=action,
        label=label[:300],
        url=(url or "")[:500],
        scope=(scope or user_scope_text(user))[:500],
        id_numbers=id_numbers,
        query=query[:300],
    )


def keep_days() -> int:
    """How long entries are kept: the setting, never less than 180 days (等保 2.0)."""
    return max(settings.BIANZHI.get("ACCESS_LOG_KEEP_DAYS", MIN_KEEP_DAYS), MIN_KEEP_DAYS)


def prune(*, now: datetime.datetime | None = None) -> int:
    """Delete the entries older than ``keep_days()``; return how many."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=keep_days())
    deleted, _ = AccessEvent.objects.filter(at__lt=cutoff).delete()
    return deleted
