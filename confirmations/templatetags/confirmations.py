"""The person page's 身份确认 card (rules 47–48): the status a department confirms for the
person's current record, its state and its history (who, when, why)."""

from django import template

from people.choices import RecordStatus
from people.models import EstablishmentRecord

from .. import selectors
from ..choices import DEPARTMENT_OF, StatusKind
from ..models import IdentityConfirmation
from ..tables import state_badge

register = template.Library()


@register.inclusion_tag("confirmations/includes/person_status.html")
def identity_confirmation(person):
    records = EstablishmentRecord.objects.filter(person=person, status=RecordStatus.ACTIVE)
    row = selectors.with_confirmation(records, list(StatusKind)).first()
    if row is None:
        return {"row": None}
    kind = StatusKind(row.status_kind)
    confirmation = IdentityConfirmation.objects.filter(record=row, kind=kind).first()
    history = (
        confirmation.history.select_related("history_user").order_by("-history_date", "-pk")
        if confirmation
        else []
    )
    return {
        "row": row,
        "kind": kind.label,
        "department": DEPARTMENT_OF[kind].label,
        "badge": state_badge(row.confirmation_state),
        "history": history,
    }


@register.filter
def confirmation_badge(state):
    return state_badge(state)
