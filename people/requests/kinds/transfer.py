"""调动 (rule 7): a person of the unit moves to a quota line of another unit of the region, which
must hold a usage permit with a slot left (rule 3), found at approval."""

from django.core.exceptions import ValidationError

from bianzhi import access
from bianzhi.pickers import register_scope
from orgs.choices import Status
from orgs.models import Institution, InternalDepartment
from staffing.models import QuotaLine, UsagePermit

from ...choices import RequestKind
from ...forms.records import PlacementForm
from ...models import EstablishmentRecord
from ...services.records import transfer_register
from ..approval import Approval, data_object, data_pk, placement, receiving_permit
from ..display import plain, record_line
from ..item_forms import RecordField, RequestItemMixin, json_value, offer_unit_records
from ..registry import ItemNeed, RequestKindSpec, register

NO_RECEIVING_PERMIT = (
    "调入单位“%(institution)s”%(line)s没有有效且有剩余名额的用编通知单，须先核准用编（规则 3）。"
)


# The receiving unit of a transfer may lie outside the clerk's own scope: its pickers search the
# units, and their departments, of the region of the user's scope (the form still validates).
RECEIVING_UNITS = "people.transfer_receiving_units"
RECEIVING_DEPARTMENTS = "people.transfer_receiving_departments"


def _scope_region(user):
    scope = access.user_scope(user)
    if scope is None:
        return None
    return scope.region_id or scope.institution.region_id


@register_scope(RECEIVING_UNITS)
def receiving_units(user):
    return Institution.objects.filter(region=_scope_region(user))


@register_scope(RECEIVING_DEPARTMENTS)
def receiving_departments(user):
    return InternalDepartment.objects.filter(institution__region=_scope_region(user))


class TransferItemForm(RequestItemMixin, PlacementForm):
    """调动 (rule 7): an active record of the unit, to a quota line of another active unit of the
    region. The receiving unit's permit is found at approval (rule 3); the preview shows it."""

    changeable = frozenset({"institution"})
    refresh_fields = ("institution",)
    sections = [
        ("调出人员", ["record"]),
        ("调入单位", ["institution", "quota_line", "department"]),
        ("调入后岗位", ["post_category", "person_category", "job_title"]),
    ]

    record = RecordField(label="调出人员", queryset=EstablishmentRecord.objects.all())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        unit = self.change_request.institution
        offer_unit_records(self.fields["record"], self.change_request, self.edited_item)
        # The receiving unit is outside the clerk's own scope: any active unit of the region.
        self.fields["institution"].queryset = Institution.objects.filter(region=unit.region_id)
        self.fields["quota_line"].queryset = QuotaLine.objects.all()
        self.fields["department"].queryset = InternalDepartment.objects.filter(status=Status.ACTIVE)
        self.setup_placement(unit_label="调入单位", exclude=unit)
        self.fields["institution"].widget.scope = RECEIVING_UNITS
        self.fields["institution"].widget.filters = {
            "region": unit.region_id,
            "status": Status.ACTIVE,
        }
        self.fields["department"].widget.scope = RECEIVING_DEPARTMENTS
        del self.fields["permit"]

    def item_initial(self, item) -> dict:
        initial = super().item_initial(item)
        line = QuotaLine.objects.filter(pk=item.data.get("quota_line")).first()
        if line is not None:
            initial["institution"] = line.institution_id
        return initial

    def item(self) -> dict:
        data = self.cleaned_data
        names = ["quota_line", "department", "post_category", "person_category", "job_title"]
        values = {name: json_value(data[name]) for name in names}
        return {"record": data["record"], "data": {**values, "permit": None}}


def apply(item, request, approval: Approval):
    data = item.data
    line = QuotaLine.objects.select_related("institution").get(pk=data["quota_line"])
    permit = data_object(UsagePermit, data_pk(data, "permit")) or receiving_permit(
        line, request.occurred_on
    )
    if permit is None:
        raise ValidationError(
            NO_RECEIVING_PERMIT
            % {"institution": line.institution.full_name, "line": line.type_label}
        )
    item.result_record = transfer_register(
        record=item.record,
        quota_line=line,
        permit=permit,
        transferred_on=request.occurred_on,
        document=approval.document,
        actor=approval.actor,
        reason=approval.reason,
        **placement(data),
    )


def describe(row, item, names, full_id_numbers):
    row.details.append(("调出", record_line(item)))
    line = names.objects[QuotaLine].get(item.data.get("quota_line"))
    if line is not None:
        row.details.append(("调入", f"{line.institution.full_name} · {line.type_label}"))
    fields = ["department", "post_category", "person_category", "job_title"]
    plain(row, item.data, names, fields)


SPEC = register(
    RequestKindSpec(
        kind=RequestKind.TRANSFER,
        help_text="调往本区域内其他单位，须调入单位有用编通知单",
        item_form=TransferItemForm,
        needs=ItemNeed("record", "在编人员"),
        apply=apply,
        describe=describe,
        evidence_required=True,
        creates_record=True,
        ends_record=True,
    )
)
