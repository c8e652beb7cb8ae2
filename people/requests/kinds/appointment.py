"""任职 (rule 5): a person in establishment in the unit takes one of its leadership posts, within
the leadership quota unless the appointing document exempts it. A person in establishment in
another unit of the region may be named by ID number and name: that is 双重身份 (rule 18), which
the item's document allows, as a document allows an organ or 参公 post held without
civil-servant registration."""

from django import forms
from django.core.exceptions import ValidationError

from bianzhi.pickers import person_picker
from orgs.models import ApprovalDocument
from staffing.models import LeadershipQuota

from ... import selectors
from ...choices import RecordStatus, RequestKind
from ...forms.appointments import AppointmentForm
from ...idnumbers import InvalidIdNumber, parse_id_number
from ...models import Person
from ...services.appointments import appointment_start
from ..approval import Approval, data_object, data_pk
from ..display import plain
from ..item_forms import RequestItemMixin, json_value
from ..registry import ItemNeed, RequestKindSpec, register
from .entry import REGISTERED_ELSEWHERE_NAME_DISAGREES

CHOOSE_ONE_PERSON = "请选择本单位人员，或填写其他单位在编人员的身份证号和姓名（二者选一）。"
NOT_IN_ESTABLISHMENT_ELSEWHERE = "该身份证号的人员不在本区域其他单位在编。"
OUTSIDER_NEEDS_NAME = "请同时填写姓名以便核对。"
DOCUMENTS = ("civil_service_document", "dual_identity_document")


class AppointmentItemForm(RequestItemMixin, AppointmentForm):
    """任职 (rule 5): a person in establishment in the unit, to one of the unit's leadership
    quotas. The appointing document is the approval's."""

    request_supplied = ("started_on", "document", "exemption_document", "over_quota_document")
    refresh_fields = ()
    sections = [
        ("任职人员", ["person"]),
        ("其他单位在编人员任职（双重身份）", ["id_number", "name"]),
        ("领导职数", ["institution", "quota"]),
        ("任职信息", ["title", "counts_against_quota"]),
        ("任职依据（规则 18）", list(DOCUMENTS)),
    ]

    person = forms.ModelChoiceField(
        label="任职人员",
        queryset=Person.objects.all(),
        empty_label="请选择人员",
        required=False,
        help_text="本单位在编人员",
        widget=person_picker(),
    )
    id_number = forms.CharField(
        label="身份证号",
        max_length=25,
        required=False,
        help_text="在本区域其他单位在编的人员在本单位任职时填写（双重身份，须填写双重身份依据文号）",
    )
    name = forms.CharField(label="姓名", max_length=50, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fix_institution()
        self.fields["person"].queryset = (
            self.fields["person"]
            .queryset.filter(
                records__status=RecordStatus.ACTIVE,
                records__quota_line__institution=self.change_request.institution_id,
            )
            .exclude(request_items__in=self.other_items())
            .order_by("name", "pk")
        )
        self.fields["person"].widget.filters = {
            "records__status": RecordStatus.ACTIVE,
            "records__quota_line__institution": self.change_request.institution_id,
        }
        self.fields["counts_against_quota"].help_text = "兼职不占职数的，以核准文件为依据"

    def clean(self):
        cleaned = super().clean()
        number = (cleaned.get("id_number") or "").strip()
        if bool(number) == (cleaned.get("person") is not None):
            if "person" not in self.errors:
                raise ValidationError(CHOOSE_ONE_PERSON)
            return cleaned
        if number:
            cleaned["person"] = self._outsider(number, cleaned.get("name") or "")
        return cleaned

    def _outsider(self, raw: str, name: str) -> Person | None:
        """A person in establishment in another unit of the request's region, whom the clerk
        cannot see: named by ID number, proved by the name."""
        try:
            number = parse_id_number(raw).number
        except InvalidIdNumber as error:
            self.add_error("id_number", error.message)
            return None
        unit = self.change_request.institution
        found = (
            Person.objects.by_id_number(number)
            .filter(
                records__status=RecordStatus.ACTIVE,
                records__quota_line__institution__region=unit.region_id,
            )
            .first()
        )
        if found is None:
            self.add_error("id_number", NOT_IN_ESTABLISHMENT_ELSEWHERE)
        elif not name:
            self.add_error("name", OUTSIDER_NEEDS_NAME)
        elif name != found.name:
            self.add_error("name", REGISTERED_ELSEWHERE_NAME_DISAGREES)
        else:
            return found
        return None

    def item(self) -> dict:
        data = self.cleaned_data
        return {
            "person": data["person"],
            "data": {
                "quota": data["quota"].pk,
                "title": data["title"],
                "counts_against_quota": data["counts_against_quota"],
                **{name: json_value(data.get(name)) for name in DOCUMENTS},
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
        **{name: data_object(ApprovalDocument, data_pk(data, name)) for name in DOCUMENTS},
        actor=approval.actor,
        reason=approval.reason,
    )


def measure(item, on) -> selectors.Measurement:
    if not item.data.get("quota"):
        return {}
    quota = LeadershipQuota.objects.select_related("institution").get(pk=item.data["quota"])
    return selectors.leadership_measurement(quota)


def describe(row, item, names, full_id_numbers):
    plain(row, item.data, names, ["quota", "title", "counts_against_quota", *DOCUMENTS])


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
