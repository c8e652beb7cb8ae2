"""What every kind's item form shares: the request's side of one of the office's personnel forms
(入编, 出编, 调动, 任职), narrowed to the request's unit, without the date, document and reason,
which are the request's (发生日期, the approval document, 申报事由).

Each form's ``item()`` gives the keywords of ``people.requests.services.item_add`` (and
``item_update``): the proposed values as JSON (pks and ISO dates, see
``people.requests.approval``) and the person, record or appointment the change is about. Choices
outside the unit are invalid choices, so a forged post cannot report another unit's people.

The same form edits an item it is given (``item=``): every field starts from what the item holds
(``item_initial``), and the item itself does not count as "already in the request".
"""

import datetime

from django import forms

from bianzhi.pickers import record_picker
from orgs.forms import DocumentNumberField
from orgs.models import ApprovalDocument, Institution

from .. import idcrypto
from ..choices import RecordStatus
from ..models import ChangeRequest, ChangeRequestItem, EstablishmentRecord


def json_value(value):
    """A cleaned value as ``item.data`` holds it: pks and ISO dates."""
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


class RecordField(forms.ModelChoiceField):
    """An active establishment record of the unit, shown by the person it holds and searched
    by name or masked ID number (a hospital's or a school's staff run into thousands)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", record_picker())
        super().__init__(**kwargs)

    def label_from_instance(self, obj):
        title = f" · {obj.job_title}" if obj.job_title else ""
        return f"{obj.person.name}（{obj.quota_line.type_label}{title}）"


def other_items(change_request: ChangeRequest, item: ChangeRequestItem | None = None):
    """The request's items but the one being edited."""
    items = change_request.items.all()
    return items.exclude(pk=item.pk) if item is not None else items


def unit_records(change_request: ChangeRequest, item: ChangeRequestItem | None = None):
    """The unit's active records not yet in the request (a person is reported once); the edited
    item's own record stays offered."""
    return (
        EstablishmentRecord.objects.filter(
            quota_line__institution=change_request.institution_id, status=RecordStatus.ACTIVE
        )
        .exclude(person__request_items__in=other_items(change_request, item))
        .select_related("person", "quota_line__institution")
        .order_by("person__name", "pk")
    )


def offer_unit_records(field: RecordField, change_request: ChangeRequest, item=None) -> None:
    """Offer the unit's records (``unit_records``) in ``field``, its picker searching them."""
    field.queryset = unit_records(change_request, item)
    field.widget.filters = {
        "quota_line__institution": change_request.institution_id,
        "status": RecordStatus.ACTIVE,
    }


class RequestItemMixin:
    """The request's side of a personnel form; it precedes that form in the bases.

    ``request_supplied`` names the office form's fields the request supplies itself.
    """

    request_supplied: tuple[str, ...] = ()
    changeable: frozenset[str] = frozenset()

    def __init__(
        self, *args, change_request: ChangeRequest, item: ChangeRequestItem | None = None, **kwargs
    ):
        self.change_request = change_request
        self.edited_item = item
        if item is not None:
            kwargs["initial"] = {**self.item_initial(item), **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        for name in ("reason", *self.request_supplied):
            self.fields.pop(name, None)

    def other_items(self):
        """The request's other items (all of them when adding one)."""
        return other_items(self.change_request, self.edited_item)

    def item_initial(self, item: ChangeRequestItem) -> dict:
        """Every field as the item holds it: the inverse of ``item()`` for the flat values of
        ``item.data`` and the person, record or appointment it names; a kind whose data nests
        (an entry's new person, a correction) adds its own."""
        fields = self.base_fields
        initial = {
            name: value
            for name, value in idcrypto.open_data(item.data).items()
            if name in fields and not isinstance(value, dict)
        }
        for name in ("record", "person", "appointment"):
            if name in fields and getattr(item, f"{name}_id"):
                initial[name] = getattr(item, f"{name}_id")
        for name, field in fields.items():
            # A document is typed by its number, but the data holds its pk.
            if isinstance(field, DocumentNumberField) and initial.get(name):
                initial[name] = ApprovalDocument.objects.filter(pk=initial[name]).first()
        return initial

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
