"""Creating, revoking and checking partner tokens (接口令牌). Only the office admin creates and
revokes, within its own region subtree; the secret is returned once and stored only hashed."""

import hashlib
import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from bianzhi import access
from bianzhi.access import Role
from orgs.models import UserScope

from .models import Masking, PartnerToken

SECRET_PREFIX = "bz_"


def digest(secret: str) -> str:
    """The stored form of a secret: SHA-256 suffices, the secret being 256 random bits."""
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class Issued:
    token: PartnerToken
    secret: str


def _require_admin(actor, region) -> None:
    scope = access.user_scope(actor)
    if scope is None or scope.role != Role.OFFICE_ADMIN:
        raise PermissionDenied("只有编办管理员可以管理接口令牌。")
    if region is not None and region.pk not in scope.region_ids():
        raise PermissionDenied("数据范围超出了您管辖的区划。")


@transaction.atomic
def issue(*, actor, system: str, department: str, region, masking: str = Masking.MASKED) -> Issued:
    """A new token for ``system``; the returned secret is never stored nor shown again."""
    _require_admin(actor, region)
    if not system.strip():
        raise ValidationError({"system": "请填写对接系统名称。"})
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    # The token's own account: the access log names it; it has no password and is inactive,
    # so nobody signs in with it.
    account = get_user_model().objects.create(
        username=f"api-{secrets.token_hex(6)}",
        first_name=system.strip()[:150],
        is_active=False,
    )
    account.set_unusable_password()
    account.save(update_fields=["password"])
    UserScope.objects.create(
        user=account,
        role=Role.PARTNER,
        region=region,
        may_see_full_id=masking == Masking.FULL,
    )
    token = PartnerToken.objects.create(
        system=system.strip(),
        department=department,
        region=region,
        masking=masking,
        prefix=secret[len(SECRET_PREFIX) : len(SECRET_PREFIX) + 8],
        digest=digest(secret),
        account=account,
        created_by=actor,
    )
    return Issued(token, secret)


@transaction.atomic
def revoke(token: PartnerToken, *, actor) -> PartnerToken:
    """Refuse the token from now on; it stays listed, with who revoked it and when."""
    _require_admin(actor, token.region)
    token = PartnerToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked:
        raise ValidationError("该令牌已经吊销。")
    token.revoked_at = timezone.now()
    token.revoked_by = actor
    token.save(update_fields=["revoked_at", "revoked_by"])
    return token


def tokens_in_scope(user):
    """The tokens an office admin manages: those of its region subtree."""
    return access.restrict(PartnerToken.objects.all(), user).select_related(
        "region", "created_by", "revoked_by"
    )


def authenticate(secret: str) -> PartnerToken | None:
    """The live token of ``secret``, or None (unknown or revoked)."""
    if not secret.startswith(SECRET_PREFIX):
        return None
    return (
        PartnerToken.objects.live()
        .select_related("region", "account")
        .filter(digest=digest(secret))
        .first()
    )
