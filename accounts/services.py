"""Account services: the office admin manages the accounts of its own region and every region
below it (domain.md §1); every change is an ``AccountEvent`` with actor and reason, a change of
role or scope is also in the history of ``orgs.UserScope`` (rule 13). Accounts are deactivated,
never deleted."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from bianzhi.access import REGION_ROLES, Role, user_scope
from bianzhi.history import apply_changes, save_tracked
from bianzhi.models import AccessEvent
from orgs.models import Institution, Region, UserScope

from .models import AccountEvent, Credential
from .passwords import generate_password

NOT_OFFICE_ADMIN = "只有编办管理员可以管理账号。"
OUT_OF_SCOPE = "只能管理本区划及下级区划内的账号。"
OWN_ACCOUNT = "不能停用自己的账号，也不能变更自己的角色或范围。"
USERNAME_TAKEN = "该用户名已被使用。"
REASON_REQUIRED = "请填写原因。"
NO_CHANGE = "没有任何修改。"
ALREADY = "账号已经是这个状态。"
PLACE_MISSING = "请选择与角色相符的管辖区划或所在机构。"
DEPARTMENT_MISSING = "协作部门查询人员须选择协作部门。"

User = get_user_model()


def accounts_in_scope(admin) -> models.QuerySet:
    """The accounts an office admin manages: those whose scope lies in its region subtree."""
    scope = user_scope(admin)
    if scope is None or scope.role != Role.OFFICE_ADMIN:
        return User.objects.none()
    regions = scope.region_ids()
    return User.objects.filter(
        models.Q(scope__region__in=regions) | models.Q(scope__institution__region__in=regions)
    )


def manageable_regions(admin) -> models.QuerySet:
    scope = user_scope(admin)
    ids = scope.region_ids() if scope and scope.role == Role.OFFICE_ADMIN else ()
    return Region.objects.filter(pk__in=ids)


def manageable_institutions(admin) -> models.QuerySet:
    return Institution.objects.filter(region__in=manageable_regions(admin))


def institutions_with_clerk() -> models.QuerySet:
    """The ids of the units that have an active 单位经办人 account."""
    return UserScope.objects.filter(role=Role.CLERK, user__is_active=True).values("institution_id")


def _check_manager(actor, *, region: Region | None = None, institution=None) -> None:
    scope = user_scope(actor)
    if scope is None or scope.role != Role.OFFICE_ADMIN:
        raise ValidationError(NOT_OFFICE_ADMIN)
    region_id = region.pk if region is not None else getattr(institution, "region_id", None)
    if region_id not in scope.region_ids():
        raise ValidationError(OUT_OF_SCOPE)


def _check_reason(reason: str) -> None:
    if not reason or not reason.strip():
        raise ValidationError({"reason": REASON_REQUIRED})


def _record(user, kind: str, *, actor, reason: str, detail: str = "") -> AccountEvent:
    return AccountEvent.objects.create(
        user=user, kind=kind, actor=actor, reason=reason, detail=detail[:300]
    )


def _new_password(user) -> str:
    """Set a generated password the user must change at the next sign-in; return it (it is
    shown once and kept nowhere)."""
    password = generate_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    Credential.objects.update_or_create(
        user=user, defaults={"must_change_password": True, "password_set_at": timezone.now()}
    )
    return password


def scope_label(scope: UserScope) -> str:
    department = f"（{scope.get_department_display()}）" if scope.department else ""
    return f"{scope.get_role_display()}{department} · {scope.region or scope.institution}"


def _locked_user(user):
    return User.objects.select_for_update().get(pk=user.pk)


def _department(role: str, department: str) -> str:
    """A partner's department (required); the other roles have none."""
    if role != Role.PARTNER:
        return ""
    if not department:
        raise ValidationError({"department": DEPARTMENT_MISSING})
    return department


def _place(role: str, region, institution) -> dict:
    if role in REGION_ROLES:
        return {"region": region, "institution": None}
    return {"region": None, "institution": institution}


@transaction.atomic
def _create(
    *,
    actor,
    username: str,
    full_name: str,
    role: str,
    region,
    institution,
    may_see_full_id,
    reason: str,
    department: str = "",
) -> tuple:
    _check_reason(reason)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": USERNAME_TAKEN})
    user = User(username=username, first_name=full_name)
    user._intended_role = role
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    scope = UserScope(
        user=user,
        role=role,
        may_see_full_id=bool(may_see_full_id) and role == Role.PARTNER,
        department=_department(role, department),
        **_place(role, region, institution),
    )
    save_tracked(scope, actor=actor, reason=reason)
    password = _new_password(user)
    _record(user, AccountEvent.Kind.CREATED, actor=actor, reason=reason, detail=scope_label(scope))
    return user, password


def create_account(
    *,
    actor,
    username: str,
    full_name: str,
    role: str,
    region: Region | None = None,
    institution: Institution | None = None,
    may_see_full_id: bool = False,
    department: str = "",
    reason: str,
) -> tuple:
    """A new account with a role over a place in the actor's subtree; return (user, initial
    password)."""
    place = _place(role, region, institution)
    if (place["region"] or place["institution"]) is None:
        raise ValidationError(PLACE_MISSING)
    _check_manager(actor, **place)
    return _create(
        actor=actor,
        username=username,
        full_name=full_name,
        role=role,
        may_see_full_id=may_see_full_id,
        department=department,
        reason=reason,
        **place,
    )


def create_office_admin(*, actor, username: str, full_name: str, region: Region, reason: str):
    """The first office admin of a region, made from the command line (no admin exists yet)."""
    return _create(
        actor=actor,
        username=username,
        full_name=full_name,
        role=Role.OFFICE_ADMIN,
        region=region,
        institution=None,
        may_see_full_id=False,
        reason=reason,
    )


def clerk_username(institution: Institution) -> str:
    """``<region code>-<unit number>``, with a suffix when taken (e.g. a second clerk)."""
    base = f"{institution.region.code}-{institution.pk:05d}"
    username, serial = base, 1
    while User.objects.filter(username__iexact=username).exists():
        serial += 1
        username = f"{base}-{serial}"
    return username


@transaction.atomic
def create_clerk_accounts(*, actor, institutions, reason: str) -> list[tuple]:
    """One 单位经办人 account per unit; return (institution, user, initial password) for each."""
    _check_reason(reason)
    created = []
    for institution in institutions:
        user, password = create_account(
            actor=actor,
            username=clerk_username(institution),
            full_name=f"{institution.short_name or institution.full_name}经办人"[:150],
            role=Role.CLERK,
            institution=institution,
            reason=reason,
        )
        created.append((institution, user, password))
    return created


def _managed(actor, user) -> UserScope:
    scope = UserScope.objects.select_for_update().get(user=user)
    _check_manager(actor, region=scope.region, institution=scope.institution)
    return scope


@transaction.atomic
def update_account(
    *,
    actor,
    user,
    full_name: str,
    role: str,
    region: Region | None = None,
    institution: Institution | None = None,
    may_see_full_id: bool = False,
    department: str = "",
    reason: str,
):
    """Change an account's name, role or scope (both the old and the new place must be the
    actor's)."""
    _check_reason(reason)
    user = _locked_user(user)
    scope = _managed(actor, user)
    place = _place(role, region, institution)
    _check_manager(actor, **place)
    before = scope_label(scope)
    changes = apply_changes(
        scope,
        {
            "role": role,
            "may_see_full_id": bool(may_see_full_id) and role == Role.PARTNER,
            "department": _department(role, department),
            **place,
        },
    )
    if changes and user.pk == actor.pk:
        raise ValidationError(OWN_ACCOUNT)
    renamed = user.first_name != full_name
    if not changes and not renamed:
        raise ValidationError(NO_CHANGE)
    if renamed:
        detail = f"{user.first_name} → {full_name}"
        user.first_name = full_name
        user.save(update_fields=["first_name"])
        _record(user, AccountEvent.Kind.PROFILE_CHANGED, actor=actor, reason=reason, detail=detail)
    if changes:
        save_tracked(scope, actor=actor, reason=reason)
        detail = f"{before} → {scope_label(scope)}"
        if "may_see_full_id" in changes:
            detail += "（可查看完整身份证号）" if scope.may_see_full_id else ""
        _record(user, AccountEvent.Kind.SCOPE_CHANGED, actor=actor, reason=reason, detail=detail)
    return user


@transaction.atomic
def set_active(*, actor, user, active: bool, reason: str):
    """Deactivate (or reactivate) an account; its sessions end at the next request."""
    _check_reason(reason)
    user = _locked_user(user)
    _managed(actor, user)
    if user.pk == actor.pk:
        raise ValidationError(OWN_ACCOUNT)
    if user.is_active == active:
        raise ValidationError(ALREADY)
    user.is_active = active
    user.save(update_fields=["is_active"])
    kind = AccountEvent.Kind.REACTIVATED if active else AccountEvent.Kind.DEACTIVATED
    _record(user, kind, actor=actor, reason=reason)
    return user


@transaction.atomic
def reset_password(*, actor, user, reason: str) -> str:
    """A new initial password (to be changed at the next sign-in); the old one stops working and
    the user's sessions end."""
    _check_reason(reason)
    user = _locked_user(user)
    _managed(actor, user)
    password = _new_password(user)
    _record(user, AccountEvent.Kind.PASSWORD_RESET, actor=actor, reason=reason)
    return password


@transaction.atomic
def unlock(*, actor, user, reason: str) -> int:
    """Lift the login lockout of an account; return the number of attempt records cleared."""
    from axes.utils import reset

    _check_reason(reason)
    user = _locked_user(user)
    _managed(actor, user)
    cleared = reset(username=user.username)
    _record(user, AccountEvent.Kind.UNLOCKED, actor=actor, reason=reason)
    return cleared


def unlock_address(*, actor, ip_address: str) -> int:
    """Lift the lockout of an address (many users behind one office NAT)."""
    from axes.utils import reset

    if user_scope(actor) is None or user_scope(actor).role != Role.OFFICE_ADMIN:
        raise ValidationError(NOT_OFFICE_ADMIN)
    return reset(ip=ip_address)


def record_event(user, kind: str, *, actor, reason: str, detail: str = "") -> AccountEvent:
    """Record a change made outside these services (the superusers' Django admin, commands)."""
    return _record(user, kind, actor=actor, reason=reason, detail=detail)


def password_changed(user) -> None:
    """The user chose its own password: nothing more to change."""
    Credential.objects.update_or_create(
        user=user, defaults={"must_change_password": False, "password_set_at": timezone.now()}
    )


def access_events(user) -> models.QuerySet:
    """The access-log entries (访问日志) of the accounts ``user`` manages."""
    return AccessEvent.objects.filter(user__in=accounts_in_scope(user)).select_related("user")
