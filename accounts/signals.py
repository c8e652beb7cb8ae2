"""The login log and the session's start, from Django's and django-axes' signals."""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from .lockouts import client_ip
from .models import Credential, LoginEvent

# Session keys: when the user signed in (the absolute lifetime counts from it), and that the
# password was set by someone else and must be changed first.
SIGNED_IN_AT = "accounts_signed_in_at"
MUST_CHANGE_PASSWORD = "accounts_must_change_password"


def client_address(request) -> str | None:
    """The address django-axes counted the attempt against (it honours the proxy settings)."""
    if request is None:
        return None
    return getattr(request, "axes_ip_address", None) or client_ip(request)


def _log(kind: str, request, username: str, user=None) -> None:
    agent = request.META.get("HTTP_USER_AGENT", "") if request is not None else ""
    LoginEvent.objects.create(
        kind=kind,
        username=(username or "")[:150],
        user=user,
        ip_address=client_address(request),
        user_agent=agent[:300],
    )


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs):
    _log(LoginEvent.Kind.SUCCESS, request, user.get_username(), user)
    session = getattr(request, "session", None)
    if session is None:
        return
    session[SIGNED_IN_AT] = timezone.now().timestamp()
    if Credential.objects.filter(user=user, must_change_password=True).exists():
        session[MUST_CHANGE_PASSWORD] = True


@receiver(user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    username = credentials.get("username", "")
    user = get_user_model().objects.filter(username=username).first() if username else None
    _log(LoginEvent.Kind.FAILURE, request, username, user)


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs):
    user = get_user_model().objects.filter(username=username).first() if username else None
    _log(LoginEvent.Kind.LOCKOUT, request, username, user)
