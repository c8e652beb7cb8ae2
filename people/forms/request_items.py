"""One person's change within a unit's request (申报明细): the office's own forms (入编, 出编,
调动, 任职) narrowed to the request's unit, without the date, document and reason, which are the
request's (发生日期, the approval document, 申报事由).

Each form's ``item()`` gives the keywords of ``people.services.item_add``: the proposed values
as JSON (pks and ISO dates, see ``people.services.request_kinds``) and the person, record or
appointment the change is about. Choices outside the unit are invalid choices, so a forged post
cannot report another unit's people.
"""

import datetime

from django import forms

from orgs.choices import Status
from orgs.models import Institution, InternalDepartment
from staffing.choices import PermitPurpose
from staffing.models import QuotaLine
from staffing.selectors import with_figures

from ..choices import FillMethod, RecordStatus
from ..models import ChangeRequest, EstablishmentRecord, LeadershipAppointment, Person
from ..services import ALREADY_IN_REQUEST
from .appointments import AppointmentForm
from .base import CHOOSE, PersonnelForm, QuotaLineField
from .records import EXIT_REASONS, EntryForm, PlacementForm

REGISTERED_ELSEWHERE_NEEDS_NAME = "该身份证号已在其他单位登记，请同时填写姓名以便核对。"
REGISTERED_ELSEWHERE_NAME_DISAGREES = "身份证号与填写的姓名不符，请核对。"


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


class PermitItemForm(RequestItemMixin, PersonnelForm):
    """用编申请: which quota line, how many, for which posts and conditions, filled how (rule 2:
    the preview refuses a full or over-established line)."""

    sections = [
        ("申请使用的编制", ["quota_line", "count", "purpose"]),
        ("岗位及补充方式", ["posts", "fill_method"]),
    ]

    quota_line = QuotaLineField(
        label="编制类型",
        queryset=QuotaLine.objects.all(),
        empty_label="请选择编制",
        help_text="本单位核定的编制及其当前数字；满编、超编单位不能申请用编（规则 2）",
    )
    count = forms.IntegerField(label="申请使用数", min_value=1, max_value=999)
    purpose = forms.ChoiceField(label="用途", choices=CHOOSE + PermitPurpose.choices)
    posts = forms.CharField(
        label="拟补充岗位及条件",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="岗位名称、人数、学历专业等条件",
    )
    fill_method = forms.ChoiceField(
        label="补充方式",
        choices=FillMethod.choices,
        initial=FillMethod.SELECTION,
        help_text="先从现有人员中选调；选调不足的，公开招考",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lines = self.fields["quota_line"].queryset.filter(
            institution=self.change_request.institution_id
        )
        self.fields["quota_line"].queryset = with_figures(
            lines.select_related("institution")
        ).order_by("establishment_type", "funding_form")

    def item(self) -> dict:
        names = ["quota_line", "count", "purpose", "posts", "fill_method"]
        return {"data": {name: json_value(self.cleaned_data[name]) for name in names}}


class EntryItemForm(RequestItemMixin, EntryForm):
    """入编: a registered person (by ID number) or a new one, into a quota line of the unit with
    a permit of that line (rule 3)."""

    request_supplied = ("entry_on", "entry_document")
    refresh_fields = ("quota_line",)
    sections = [
        ("编制与用编通知单", ["institution", "quota_line", "permit", "department"]),
        ("人员", ["id_number", *EntryForm.sections[1][1][1:]]),
        ("入编岗位", ["post_category", "person_category", "job_title", "entry_way"]),
    ]

    def __init__(self, *args, **kwargs):
        self.registered_elsewhere = False
        super().__init__(*args, **kwargs)
        self.fix_institution()

    def clean(self):
        cleaned = super().clean()
        number = cleaned.get("id_number")
        if number and self.change_request.items.filter(id_number=number).exists():
            name = cleaned.get("name") or number
            self.add_error("id_number", ALREADY_IN_REQUEST % {"name": name})
        return cleaned

    def registered_person(self, number: str) -> Person | None:
        """A person registered elsewhere (e.g. who left another unit) may enter here too; the
        clerk, who cannot see them, proves who they mean by the name."""
        found = super().registered_person(number)
        if found is None:
            found = Person.objects.filter(id_number=number).first()
            self.registered_elsewhere = found is not None
        return found

    def check_registered_name(self, registered: Person, given: str) -> None:
        if not self.registered_elsewhere:
            return super().check_registered_name(registered, given)
        if not given:
            self.add_error("name", REGISTERED_ELSEWHERE_NEEDS_NAME)
        elif given != registered.name:
            self.add_error("name", REGISTERED_ELSEWHERE_NAME_DISAGREES)

    def item(self) -> dict:
        data = self.cleaned_data
        names = ["quota_line", "permit", "department", "post_category", "person_category"]
        values = {name: json_value(data[name]) for name in names}
        values.update(job_title=data["job_title"], entry_way=data["entry_way"])
        if data["person"] is not None:
            return {"data": values, "person": data["person"]}
        new_person = {name: json_value(value) for name, value in data["new_person"].items()}
        return {
            "data": {**values, "new_person": new_person},
            "person_name": new_person["name"],
            "id_number": new_person["id_number"],
        }


class ExitItemForm(RequestItemMixin, PersonnelForm):
    """出编: an active record of the unit and the reason; the date is the request's 发生日期."""

    sections = [("出编人员", ["record", "end_reason"])]

    record = RecordField(label="出编人员", queryset=EstablishmentRecord.objects.all())
    end_reason = forms.ChoiceField(label="出编原因", choices=CHOOSE + EXIT_REASONS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record"].queryset = unit_records(self.change_request)
        self.fields["end_reason"].help_text = "区域内调往其他单位请申报“调动”"

    def item(self) -> dict:
        data = self.cleaned_data
        return {"record": data["record"], "data": {"end_reason": data["end_reason"]}}


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
        self.fields["record"].queryset = unit_records(self.change_request)
        # The receiving unit is outside the clerk's own scope: any active unit of the region.
        self.fields["institution"].queryset = Institution.objects.filter(region=unit.region_id)
        self.fields["quota_line"].queryset = QuotaLine.objects.all()
        self.fields["department"].queryset = InternalDepartment.objects.filter(status=Status.ACTIVE)
        self.setup_placement(unit_label="调入单位", exclude=unit)
        del self.fields["permit"]

    def item(self) -> dict:
        data = self.cleaned_data
        names = ["quota_line", "department", "post_category", "person_category", "job_title"]
        values = {name: json_value(data[name]) for name in names}
        return {"record": data["record"], "data": {**values, "permit": None}}


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
            .exclude(request_items__request=self.change_request)
            .select_related("person", "quota__institution", "quota__department")
            .order_by("person__name", "pk")
        )
        field.label_from_instance = lambda obj: f"{obj.person.name} · {obj.title}（{obj.quota}）"

    def item(self) -> dict:
        return {"appointment": self.cleaned_data["appointment"], "data": {}}
