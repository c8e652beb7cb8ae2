"""Roles and scoping: the one place that decides what a user may see and do (domain.md §1).

Every user has one role and one scope, held by ``orgs.UserScope`` (reached as ``user.scope``).
Region-wide roles see their region and every region below it; a supervising reviewer sees its
institution and every institution below it; a unit clerk sees one institution.

A model takes part by declaring ``scoping = Scoping(region=..., institution=...)``: the lookups from
the model to the region and to the institution it belongs to. It may also declare ``access_rules``,
a mapping of action to the roles allowed it, where they differ from ``DEFAULT_RULES``.
"""

from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.db import models


class Role(models.TextChoices):
    OFFICE_ADMIN = "office_admin", "编办管理员"
    OFFICE_STAFF = "office_staff", "编办工作人员"
    REVIEWER = "reviewer", "主管部门审核员"
    CLERK = "clerk", "单位经办人"
    PARTNER = "partner", "协作部门查询人员"


REGION_ROLES = frozenset({Role.OFFICE_ADMIN, Role.OFFICE_STAFF, Role.PARTNER})
INSTITUTION_ROLES = frozenset({Role.REVIEWER, Role.CLERK})
OFFICE_ROLES = frozenset({Role.OFFICE_ADMIN, Role.OFFICE_STAFF})


class Action(models.TextChoices):
    VIEW = "view", "查看"
    ADD = "add", "新增"
    CHANGE = "change", "修改"
    ABOLISH = "abolish", "撤销"
    EXPORT = "export", "导出"


DEFAULT_RULES: dict[str, frozenset] = {
    Action.VIEW: frozenset(Role),
    Action.ADD: OFFICE_ROLES,
    Action.CHANGE: OFFICE_ROLES,
    Action.ABOLISH: OFFICE_ROLES,
    Action.EXPORT: OFFICE_ROLES | {Role.PARTNER},
}


@dataclass(frozen=True)
class Scoping:
    """Lookups from a model to the region and the institution that scope it.

    ``institution=None`` means the model is not visible to institution-scoped roles at all.
    ``distinct`` is needed when the institution lookup crosses a many-to-many relation.
    """

    region: str
    institution: str | None
    distinct: bool = False


def user_scope(user):
    """The user's ``orgs.UserScope``, or None for anonymous users and users without one."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    try:
        return user.scope
    except ObjectDoesNotExist:
        return None


def role_of(user) -> Role | None:
    scope = user_scope(user)
    return Role(scope.role) if scope else None


def can(user, action: str, model: type[models.Model]) -> bool:
    """May the user perform ``action`` on objects of ``model`` at all (scope aside)?"""
    role = role_of(user)
    if role is None:
        return False
    rules = getattr(model, "access_rules", {})
    return role in rules.get(action, DEFAULT_RULES[action])


def may_see_full_id_number(user) -> bool:
    """Rule 14: office roles see full ID numbers; partners only where explicitly allowed."""
    scope = user_scope(user)
    if scope is None:
        return False
    return scope.role in OFFICE_ROLES or (scope.role == Role.PARTNER and scope.may_see_full_id)


def restrict(queryset: models.QuerySet, user, action: str = Action.VIEW) -> models.QuerySet:
    """Restrict any queryset to the rows ``user`` may ``action``; an empty queryset if none."""
    model = queryset.model
    if not can(user, action, model):
        return queryset.none()
    scope = user_scope(user)
    scoping: Scoping = model.scoping
    if scope.role in REGION_ROLES:
        return queryset.filter(**{f"{scoping.region}__in": scope.region_ids()})
    if scoping.institution is None:
        return queryset.none()
    restricted = queryset.filter(**{f"{scoping.institution}__in": scope.institution_ids()})
    return restricted.distinct() if scoping.distinct else restricted
