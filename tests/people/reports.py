"""A request row as the supervision and the notifications read it, for their tests."""

import datetime

from bianzhi.history import system_actor
from people.choices import RequestKind, RequestState
from people.models import ChangeRequest, ChangeRequestItem


def report(institution, *, due, submitted=None, state=None, names=("张三",), **fields):
    """A request row as the supervision reads it (dates and state only), written directly: the
    services that produce such rows are tested in test_change_requests.py and
    test_supervision.py."""
    fields.setdefault("kind", RequestKind.EXIT)
    request = ChangeRequest.objects.create(
        institution=institution,
        occurred_on=fields.pop("occurred_on", due - datetime.timedelta(days=30)),
        due_on=due,
        submitted_on=submitted,
        state=state or (RequestState.APPROVED if submitted else RequestState.DRAFT),
        reason="测试",
        created_by=system_actor(),
        **fields,
    )
    for name in names:
        ChangeRequestItem.objects.create(request=request, person_name=name)
    return request
