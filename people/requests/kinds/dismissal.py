"""免职: a current leadership post of the unit ends on the request's date."""

from django import forms

from ... import selectors
from ...choices import RequestKind
from ...forms.base import PersonnelForm
from ...models import LeadershipAppointment
from ...services.appointments import appointment_end
from ..approval import Approval
from ..item_forms import RequestItemMixin
from ..registry import ItemNeed, RequestKindSpec, register


class DismissalItemForm(RequestItemMixin, PersonnelForm):
    """免职: a current leadership post of the unit."""

    sections = [("免职", ["appointment"])]

    appointment = forms.ModelChoiceField(
        label="所免职务",
        queryset=LeadershipAppointment.objects.all(),
        empty_label="请选择现任职务",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["appointment"]
        field.queryset = (
            field.queryset.filter(
                ended_on__isnull=True, quota__institution=self.change_request.institution_id
            )
            .exclude(request_items__in=self.other_items())
            .select_related("person", "quota__institution", "quota__department")
            .order_by("person__name", "pk")
        )
        field.label_from_instance = lambda obj: f"{obj.person.name} · {obj.title}（{obj.quota}）"

    def item(self) -> dict:
        return {"appointment": self.cleaned_data["appointment"], "data": {}}


def apply(item, request, approval: Approval):
    appointment_end(
        appointment=item.appointment,
        ended_on=request.occurred_on,
        document=approval.document,
        actor=approval.actor,
        reason=approval.reason,
    )


def measure(item, on) -> selectors.Measurement:
    if not item.appointment_id:
        return {}
    return selectors.leadership_measurement(item.appointment.quota)


def describe(row, item, names, full_id_numbers):
    appointment = item.appointment
    if appointment is not None:
        row.details.append(("所免职务", f"{appointment.title}（{appointment.quota}）"))


SPEC = register(
    RequestKindSpec(
        kind=RequestKind.DISMISSAL,
        help_text="免去现任领导职务",
        item_form=DismissalItemForm,
        needs=ItemNeed("appointment", "所免职务"),
        apply=apply,
        measure=measure,
        describe=describe,
        document_required=True,
    )
)
