"""任职 (rule 5): a person in establishment in the unit takes one of its leadership posts, within
the leadership quota unless the appointing document exempts it."""

from django import forms

from staffing.models import LeadershipQuota

from ... import selectors
from ...choices import RecordStatus, RequestKind
from ...forms.appointments import AppointmentForm
from ...models import Person
from ...services.appointments import appointment_start
from ..approval import Approval
from ..display import plain
from ..item_forms import RequestItemMixin
from ..registry import ItemNeed, RequestKindSpec, register


class AppointmentItemForm(RequestItemMixin, AppointmentForm):
    """任职 (rule 5): a person in establishment in the unit, to one of the unit's leadership
    quotas. The appointing document is the approval's."""

    request_supplied = ("started_on", "document", "exemption_document", "over_quota_document")
    refresh_fields = ()
    sections = [
        ("任职人员", ["person"]),
        ("领导职数", ["institution", "quota"]),
        ("任职信息", ["title", "counts_against_quota"]),
    ]

    person = forms.ModelChoiceField(
        label="任职人员", queryset=Person.objects.all(), empty_label="请选择人员"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fix_institution()
        self.fields["person"].queryset = (
            self.fields["person"]
            .queryset.filter(
                records__status=RecordStatus.ACTIVE,
                records__quota_line__institution=self.change_request.institution_id,
            )
            .exclude(request_items__request=self.change_request)
            .order_by("name", "pk")
        )
        self.fields["counts_against_quota"].help_text = "兼职不占职数的，以核准文件为依据"

    def item(self) -> dict:
        data = self.cleaned_data
        return {
            "person": data["person"],
            "data": {
                "quota": data["quota"].pk,
                "title": data["title"],
                "counts_against_quota": data["counts_against_quota"],
            },
        }


def apply(item, request, approval: Approval):
    data = item.data
    counts = data.get("counts_against_quota", True)
    item.result_appointment = appointment_start(
        person=item.person,
        quota=LeadershipQuota.objects.get(pk=data["quota"]),
        title=data["title"],
        started_on=request.occurred_on,
        document=approval.document,
        counts_against_quota=counts,
        exemption_document=None if counts else approval.document,
        actor=approval.actor,
        reason=approval.reason,
    )


def measure(item, on) -> selectors.Measurement:
    if not item.data.get("quota"):
        return {}
    quota = LeadershipQuota.objects.select_related("institution").get(pk=item.data["quota"])
    return selectors.leadership_measurement(quota)


def describe(row, item, names, full_id_numbers):
    plain(row, item.data, names, ["quota", "title", "counts_against_quota"])


SPEC = register(
    RequestKindSpec(
        kind=RequestKind.APPOINTMENT,
        help_text="任领导职务，占用本单位领导职数",
        item_form=AppointmentItemForm,
        needs=ItemNeed("person", "任职人员"),
        apply=apply,
        measure=measure,
        describe=describe,
        document_required=True,
    )
)
