"""Who may do what to a change request, from which state and to which: 草稿 → 已提交 →
(主管部门已审) → 已核准 / 已退回, in one table.

Each ``Step`` is one action for some roles: the states it starts from, the state it leads to
(None: the request stays where it is), whether the actor must not be the one who drafted it, and
the conditions on the request beyond its state (``Guard``). The services call ``check`` before
they write; the pages call ``available_actions`` for their buttons. Both read ``STEPS`` through
``_refusal``, so a button is shown exactly when the service lets the action through; what is
left to the services is the content (items, evidence, a return's reason, the approval document,
the rules the preview checks).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError

from bianzhi import access
from bianzhi.access import OFFICE_ROLES, Role
from orgs.models import UserScope

from ..choices import EDITABLE_STATES, PENDING_STATES, RequestOrigin, RequestState
from ..models import ChangeRequest
from .registry import spec_for

NOT_EDITABLE = "该申报当前状态为“%(state)s”，已不能修改。"
WRONG_STATE = "该申报当前状态为“%(state)s”，不能%(action)s。"
ROLE_MAY_NOT = "您的角色不能%(action)s变动申报。"
OUT_OF_SCOPE = "该申报不在您的管辖范围内。"
OWN_REQUEST = "不能审核或核准自己经办的申报。"
NOT_DISCARDABLE = "只能作废本单位创建、尚未报送的草稿；系统预警的变动须如实报送。"
REVIEW_FIRST = "该申报须先经主管部门审核。"
NO_OFFICE_NOTES = "%(kind)s没有编办调研情况和初步意见。"

EDIT = "edit"
ITEM_ADD = "item_add"
ITEM_EDIT = "item_edit"
ITEM_REMOVE = "item_remove"
DISCARD = "discard"
SUBMIT = "submit"
REVIEW = "review"
RETURN = "return"
NOTE = "note"
APPROVE = "approve"


def needs_review(request: ChangeRequest) -> bool:
    """Only where the unit has a supervising department (it or one above it) with an active
    reviewer does a request go there before the office."""
    ancestors, institution = [], request.institution
    while institution is not None:
        ancestors.append(institution.pk)
        institution = institution.parent
    return UserScope.objects.filter(
        role=Role.REVIEWER, institution_id__in=ancestors, user__is_active=True
    ).exists()


@dataclass(frozen=True)
class Guard:
    """A condition on the request beyond its state; ``refusal`` (formatted with the kind's
    label) is the reason given when it fails."""

    holds: Callable[[ChangeRequest], bool]
    refusal: str


@dataclass(frozen=True)
class Step:
    action: str
    roles: frozenset
    states: frozenset
    to_state: str | None
    verb: str  # what the refusals call the action
    wrong_state: str = WRONG_STATE
    not_own: bool = False
    guards: tuple[Guard, ...] = ()


def _made_by_unit(request: ChangeRequest) -> bool:
    """What the system expects (系统预警) must be reported, not thrown away."""
    return request.origin == RequestOrigin.UNIT


def _takes_office_notes(request: ChangeRequest) -> bool:
    return spec_for(request.kind).office_notes


def _reviewed_if_needed(request: ChangeRequest) -> bool:
    return request.state == RequestState.REVIEWED or not needs_review(request)


CLERK = frozenset({Role.CLERK})
REVIEWER = frozenset({Role.REVIEWER})
DRAFTING = "填写或修改"  # only the unit's clerk writes a request; the others decide on it
SUBMITTED = frozenset({RequestState.SUBMITTED})

STEPS: tuple[Step, ...] = (
    Step(EDIT, CLERK, EDITABLE_STATES, None, DRAFTING, NOT_EDITABLE),
    Step(ITEM_ADD, CLERK, EDITABLE_STATES, None, DRAFTING, NOT_EDITABLE),
    Step(ITEM_EDIT, CLERK, EDITABLE_STATES, None, DRAFTING, NOT_EDITABLE),
    Step(ITEM_REMOVE, CLERK, EDITABLE_STATES, None, DRAFTING, NOT_EDITABLE),
    Step(
        DISCARD,
        CLERK,
        frozenset({RequestState.DRAFT}),
        RequestState.DISCARDED,
        DRAFTING,
        NOT_DISCARDABLE,
        guards=(Guard(_made_by_unit, NOT_DISCARDABLE),),
    ),
    Step(SUBMIT, CLERK, EDITABLE_STATES, RequestState.SUBMITTED, "提交"),
    Step(REVIEW, REVIEWER, SUBMITTED, RequestState.REVIEWED, "审核", not_own=True),
    # The reviewer returns before its review, the office before its approval.
    Step(RETURN, REVIEWER, SUBMITTED, RequestState.RETURNED, "退回", not_own=True),
    Step(RETURN, OFFICE_ROLES, PENDING_STATES, RequestState.RETURNED, "退回", not_own=True),
    Step(
        NOTE,
        OFFICE_ROLES,
        PENDING_STATES,
        None,
        "核准",
        not_own=True,
        guards=(Guard(_takes_office_notes, NO_OFFICE_NOTES),),
    ),
    Step(
        APPROVE,
        OFFICE_ROLES,
        PENDING_STATES,
        RequestState.APPROVED,
        "核准",
        not_own=True,
        guards=(Guard(_reviewed_if_needed, REVIEW_FIRST),),
    ),
)
ACTIONS = tuple(dict.fromkeys(step.action for step in STEPS))


def roles_for(action: str) -> frozenset:
    """Every role that may take ``action`` in some state."""
    return frozenset().union(*(step.roles for step in STEPS if step.action == action))


def _step(action: str, role) -> Step | None:
    return next((s for s in STEPS if s.action == action and role in s.roles), None)


def _refusal(step: Step, request: ChangeRequest, user) -> Exception | None:
    """Why ``user`` may not take ``step`` on the request now (scope aside), or None. Cheap
    checks first: a guard may query."""
    if step.not_own and request.created_by_id == user.pk:
        return PermissionDenied(OWN_REQUEST)
    if request.state not in step.states:
        state = request.get_state_display()
        return ValidationError(step.wrong_state % {"state": state, "action": step.verb})
    for guard in step.guards:
        if not guard.holds(request):
            return ValidationError(guard.refusal % {"kind": request.get_kind_display()})
    return None


def check(action: str, request: ChangeRequest, actor) -> Step:
    """Refuse (PermissionDenied for the role, the scope and an own request, ValidationError for
    the state and the guards) unless ``actor`` may take ``action`` on the request now; the step
    taken otherwise. The caller holds the request locked."""
    step = _step(action, access.role_of(actor))
    if step is None:
        verb = next(s.verb for s in STEPS if s.action == action)
        raise PermissionDenied(ROLE_MAY_NOT % {"action": verb})
    if not access.restrict(ChangeRequest.objects.filter(pk=request.pk), actor).exists():
        raise PermissionDenied(OUT_OF_SCOPE)
    refusal = _refusal(step, request, actor)
    if refusal is not None:
        raise refusal
    return step


def available_actions(request: ChangeRequest, user) -> set[str]:
    """The actions ``user`` may take on the request now (the page is already scoped): what
    ``check`` lets through. A kind without an item form (a roster batch, whose items come from
    the upload) offers no page to add one."""
    role = access.role_of(user)
    actions = set()
    for step in STEPS:
        if role not in step.roles or _refusal(step, request, user) is not None:
            continue
        if step.action in (ITEM_ADD, ITEM_EDIT) and spec_for(request.kind).item_form is None:
            continue
        actions.add(step.action)
    return actions
