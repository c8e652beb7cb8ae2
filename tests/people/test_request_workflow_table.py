"""One transition table decides who may do what to a change request: for every state, role,
kind and author, the actions the request page offers are exactly those the services let through
(refusals for content — no items, no evidence, a broken rule — aside: those are the request's,
not the workflow's)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from bianzhi.access import OFFICE_ROLES, Role
from bianzhi.history import save_tracked
from people import services
from people.choices import RequestKind, RequestOrigin, RequestState
from people.requests import registry, workflow
from people.requests.workflow import (
    NO_OFFICE_NOTES,
    NOT_DISCARDABLE,
    NOT_EDITABLE,
    REVIEW_FIRST,
    STEPS,
    WRONG_STATE,
    available_actions,
)
from tests.kit.factories import make_user
from tests.kit.world import ROLES

from .request_scene import build_scene, occurred, permit_item

pytestmark = pytest.mark.django_db


class _Undo(Exception):
    pass


def _workflow_messages(request) -> set[str]:
    state, kind = request.get_state_display(), request.get_kind_display()
    return {
        NOT_EDITABLE % {"state": state},
        NOT_DISCARDABLE,
        REVIEW_FIRST,
        NO_OFFICE_NOTES % {"kind": kind},
        *(WRONG_STATE % {"state": state, "action": step.verb} for step in STEPS),
    }


def _refused_by_workflow(request, call) -> bool:
    """Whether the service refuses for who, whose or when (it is rolled back either way)."""
    try:
        with transaction.atomic():
            call()
            raise _Undo
    except _Undo:
        return False
    except PermissionDenied:
        return True
    except ValidationError as error:
        return bool(set(error.messages) & _workflow_messages(request))


def _calls(scene, request, actor) -> dict:
    item = request.items.first()
    return {
        workflow.EDIT: lambda: services.request_update(
            request=request, actor=actor, changes={"reason": "补充事由"}
        ),
        workflow.ITEM_ADD: lambda: services.item_add(request=request, actor=actor, data={}),
        workflow.ITEM_EDIT: lambda: services.item_update(item=item, actor=actor, data={}),
        workflow.ITEM_REMOVE: lambda: services.item_remove(item=item, actor=actor),
        workflow.DISCARD: lambda: services.request_discard(request=request, actor=actor),
        workflow.SUBMIT: lambda: services.request_submit(request=request, actor=actor),
        workflow.REVIEW: lambda: services.request_review(request=request, actor=actor),
        workflow.RETURN: lambda: services.request_return(
            request=request, actor=actor, reason="材料不全"
        ),
        workflow.NOTE: lambda: services.request_note(
            request=request, actor=actor, investigation="已核实", preliminary_opinion="同意"
        ),
        workflow.APPROVE: lambda: services.request_approve(
            request=request, actor=actor, document=scene.document
        ),
    }


def _request(scene, kind: str):
    clerk = scene.user("clerk")
    request = services.request_create(
        institution=scene.world.unit,
        kind=kind,
        occurred_on=occurred(),
        reason="单位人员变动",
        evidence="证明材料",
        actor=clerk,
    )
    if kind == RequestKind.EXIT:
        data = {"end_reason": "resignation"}
        services.item_add(request=request, actor=clerk, record=scene.record, data=data)
    elif kind == RequestKind.PERMIT:
        data = {**permit_item(scene), "count": 1}
        services.item_add(request=request, actor=clerk, data=data)
    elif kind == RequestKind.ROSTER:
        data = {"end_reason": "resignation"}
        services.item_add(
            request=request, actor=clerk, record=scene.record, data=data, kind=RequestKind.EXIT
        )
    return request


def _put(request, *, state, origin, author):
    request.state = state
    request.origin = origin
    request.submitted_on = None if state == RequestState.DRAFT else occurred()
    request.created_by = author
    save_tracked(request, actor=author, reason="测试：置于该状态")


CASES = [
    *(
        (kind, state, RequestOrigin.UNIT, True)
        for kind in (RequestKind.EXIT, RequestKind.PERMIT)
        for state in RequestState.values
    ),
    (RequestKind.EXIT, RequestState.SUBMITTED, RequestOrigin.UNIT, False),
    (RequestKind.PERMIT, RequestState.SUBMITTED, RequestOrigin.UNIT, False),
    (RequestKind.EXIT, RequestState.DRAFT, RequestOrigin.EXPECTED, True),
    (RequestKind.ROSTER, RequestState.DRAFT, RequestOrigin.UNIT, True),
    (RequestKind.ROSTER, RequestState.RETURNED, RequestOrigin.UNIT, True),
]


@pytest.mark.parametrize(("kind", "state", "origin", "reviewer_above"), CASES)
def test_the_actions_offered_are_the_actions_the_services_allow(
    world, kind, state, origin, reviewer_above
):
    scene = build_scene(world)
    if not reviewer_above:
        reviewer = scene.user("reviewer")
        reviewer.is_active = False
        reviewer.save()
    request = _request(scene, kind)
    other_clerk = make_user(Role.CLERK, institution=world.unit, username="other-clerk")
    spec = registry.spec_for(kind)
    checked = 0
    for role in ROLES:
        user = scene.user(role)
        for author in {user, scene.user("clerk"), other_clerk}:
            _put(request, state=state, origin=origin, author=author)
            request.refresh_from_db()
            offered = available_actions(request, user)
            for action, call in _calls(scene, request, user).items():
                allowed = not _refused_by_workflow(request, call)
                if action in (workflow.ITEM_ADD, workflow.ITEM_EDIT) and spec.item_form is None:
                    # Its items come from the upload, through the same service: no page to add one.
                    assert action not in offered
                    continue
                assert (action in offered) == allowed, (role, author.username, action)
                checked += allowed
    assert checked or state in (RequestState.APPROVED, RequestState.DISCARDED)


def test_the_table_names_each_action_for_each_role_once():
    pairs = [(step.action, role) for step in STEPS for role in step.roles]
    assert len(pairs) == len(set(pairs))
    assert set(workflow.ACTIONS) == {
        "edit",
        "item_add",
        "item_edit",
        "item_remove",
        "discard",
        "submit",
        "review",
        "return",
        "note",
        "approve",
    }
    assert workflow.roles_for(workflow.APPROVE) == OFFICE_ROLES
    assert workflow.roles_for(workflow.RETURN) == OFFICE_ROLES | {Role.REVIEWER}


def test_office_notes_are_only_for_the_kinds_that_take_them(world):
    scene = build_scene(world)
    request = _request(scene, RequestKind.EXIT)
    _put(
        request, state=RequestState.REVIEWED, origin=RequestOrigin.UNIT, author=scene.user("clerk")
    )
    with pytest.raises(ValidationError) as error:
        services.request_note(
            request=request,
            actor=scene.user("office_staff"),
            investigation="已核实",
            preliminary_opinion="同意",
        )
    assert error.value.messages == [NO_OFFICE_NOTES % {"kind": "出编"}]
