"""What every kind's item form shares: the request's side of one of the office's personnel forms
(入编, 出编, 调动, 任职), narrowed to the request's unit, without the date, document and reason,
which are the request's (发生日期, the approval document, 申报事由).

Each form's ``item()`` gives the keywords of ``people.requests.services.item_add``: the proposed
values as JSON (pks and ISO dates, see ``people.requests.approval``) and the person, record or
appointment the change is about. Choices outside the unit are invalid choices, so a forged post
cannot report another unit's people.
"""

import datetime

from django import forms

from orgs.models import Institution

from ..choices import RecordStatus
from ..models import ChangeRequest, EstablishmentRecord


def json_value(value):
    """A cleaned value as ``item.data`` holds it: pks and ISO dates."""
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


class RecordField(forms.ModelChoiceField):
    """An active establishment record of the unit, shown by the person it holds."""

    def label_from_instance(self, obj):
        title = f" · {obj.job_title}" if obj.job_title else ""
        return f"{obj.person.name}（{obj.quota_line.type_label}{title}）"


def unit_records(change_request: ChangeRequest):
    """The unit's active records not yet in the request (a person is reported once)."""
    return (
        EstablishmentRecord.objects.filter(
            quota_line__institution=change_request.institution_id, status=RecordStatus.ACTIVE
        )
        .exclude(person__request_items__request=change_request)
        .select_related("person", "quota_line__institution")
        .order_by("person__name", "pk")
    )


class RequestItemMixin:
    """The request's side of a personnel form; it precedes that form in the bases.

    ``request_supplied`` names the office form's fields the request supplies itself.
    """

    request_supplied: tuple[str, ...] = ()
    changeable: frozenset[str] = frozenset()

    def __init__(self, *args, change_request: ChangeRequest, **kwargs):
        self.change_request = change_request
        super().__init__(*args, **kwargs)
        for name in ("reason", *self.request_supplied):
            self.fields.pop(name, None)

    def selected(self, name: str):
        # The unit is the request's, whatever is posted, unless the form lets it be chosen.
        if name == "institution" and "institution" not in self.changeable:
            return self.change_request.institution
        return super().selected(name)

    def fix_institution(self) -> None:
        """Show the request's unit in the form's unit field, which cannot be changed."""
        field = self.fields["institution"]
        field.queryset = Institution.objects.filter(pk=self.change_request.institution_id)
        field.initial = self.initial["institution"] = self.change_request.institution_id
        field.disabled = True

    def item(self) -> dict:
        raise NotImplementedError
