"""入编, 出编 and 调动: where a person is placed (unit, quota line, permit, department, post) and
who the person is, an existing one found by ID number or a new one checked before confirming."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count, F

from bianzhi import access
from bianzhi.forms import DateInput, add_service_errors
from bianzhi.pickers import SearchSelect, department_picker
from orgs.choices import Status
from orgs.forms import DocumentNumberField
from orgs.models import Institution, InternalDepartment
from staffing.choices import PermitStatus
from staffing.models import QuotaLine, UsagePermit
from staffing.selectors import with_figures

from ..choices import EndReason, EntryWay, PersonCategory, PostCategory, Sex
from ..idnumbers import InvalidIdNumber, parse_id_number
from ..labels import post_category_label
from ..models import EstablishmentRecord, Person
from ..names import clean_name
from .base import CHOOSE, PermitField, PersonnelForm, QuotaLineField, today

NEW_PERSON_NEEDS_NAME = "该身份证号尚未登记，新登记人员须填写姓名。"
NAME_DISAGREES = (
    "身份证号 %(id)s 已登记为“%(registered)s”，与填写的姓名“%(given)s”不符；"
    "已登记人员只需填写身份证号。"
)
NO_PERMIT_CHOICE = "（该编制没有可用的用编通知单）"
# Reasons of an exit; a transfer within the region is registered as a transfer (调动) instead.
EXIT_REASONS = [
    (value, label) for value, label in EndReason.choices if value != EndReason.INTERNAL_TRANSFER
]
# Person fields a new registration may fill in; birth date and sex are derived from the ID number.
PERSON_FIELDS = [
    "name",
    "sex",
    "birth_date",
    "ethnicity",
    "native_place",
    "political_status",
    "education",
    "degree",
    "work_started_on",
    "professional_title",
    "civil_servant_registered",
    "employment_contract_signed",
]


def _person_field(name: str, **kwargs) -> forms.Field:
    """A person's model field as an optional form field: an existing person needs none of them."""
    return Person._meta.get_field(name).formfield(required=False, **kwargs)


class PlacementForm(PersonnelForm):
    """Institution → quota line → permit and internal department, and the post taken there."""

    institution = forms.ModelChoiceField(
        label="单位",
        queryset=Institution.objects.all(),
        empty_label="请选择单位",
        widget=SearchSelect(label_field="full_name"),
    )
    quota_line = QuotaLineField(
        label="编制类型",
        queryset=QuotaLine.objects.all(),
        empty_label="请选择编制",
        help_text="所选单位核定的编制及其当前数字",
    )
    permit = PermitField(
        label="用编通知单",
        queryset=UsagePermit.objects.all(),
        required=False,
        empty_label="请选择用编通知单",
        help_text="只列出该单位仍有剩余名额的有效通知单（规则 3）",
    )
    department = forms.ModelChoiceField(
        label="内设机构",
        queryset=InternalDepartment.objects.all(),
        required=False,
        empty_label="（不落在内设机构）",
        widget=department_picker(placeholder="输入内设机构名称搜索"),
    )
    post_category = forms.ChoiceField(label="岗位类别", choices=CHOOSE + PostCategory.choices)
    person_category = forms.ChoiceField(
        label="人员类别", choices=PersonCategory.choices, initial=PersonCategory.STAFF
    )
    job_title = forms.CharField(label="职务", max_length=50, required=False)

    refresh_fields = ("institution", "quota_line")

    def setup_placement(self, *, unit_label: str, exclude: Institution | None = None) -> None:
        self.fields["institution"].label = unit_label
        institutions = self.fields["institution"].queryset.filter(status=Status.ACTIVE)
        if exclude is not None:
            institutions = institutions.exclude(pk=exclude.pk)
        self.fields["institution"].queryset = institutions.order_by("sort_order", "full_name")
        institution = self.selected("institution")
        lines = self.fields["quota_line"].queryset.filter(institution=institution)
        self.fields["quota_line"].queryset = with_figures(
            lines.select_related("institution")
        ).order_by("establishment_type", "funding_form")
        line = self.selected("quota_line")
        permits = (
            self.fields["permit"]
            .queryset.filter(status=PermitStatus.OPEN, quota_line__institution=institution)
            .annotate(used=Count("records"))
            .filter(used__lt=F("count"))
            .select_related("quota_line__institution")
        )
        if line is not None:
            permits = permits.filter(quota_line=line)
        self.fields["permit"].queryset = permits.order_by("issued_on", "pk")
        if line is not None and not permits.exists():
            self.fields["permit"].empty_label = NO_PERMIT_CHOICE
        self.fields["department"].queryset = (
            self.fields["department"]
            .queryset.filter(institution=institution, status=Status.ACTIVE)
            .order_by("sort_order", "name")
        )
        self.fields["department"].widget.filters = {
            "institution": institution.pk if institution is not None else None,
            "status": Status.ACTIVE,
        }
        if institution is not None:
            # Organ and 参公 staff are civil servants, not on 管理岗位 (labels only).
            self.fields["post_category"].choices = CHOOSE + [
                (value, post_category_label(value, institution.kind))
                for value, _ in PostCategory.choices
            ]

    def summary_skip(self):
        return {"institution"}


class EntryForm(PlacementForm):
    """入编登记: an existing person (found by full ID number) or a new one, into a quota line with
    a permit of that line."""

    sections = [
        ("编制与用编通知单", ["institution", "quota_line", "permit", "department"]),
        ("人员", ["id_number", *PERSON_FIELDS]),
        (
            "入编信息",
            [
                "post_category",
                "person_category",
                "job_title",
                "entry_way",
                "entry_on",
                "entry_document",
                "exam_exemption_document",
            ],
        ),
    ]

    id_number = forms.CharField(
        label="身份证号",
        max_length=25,
        help_text="已登记的人员只填身份证号；旧 15 位号码自动升级为 18 位",
    )
    name = _person_field("name", help_text="新登记人员必填")
    sex = _person_field("sex")
    birth_date = _person_field(
        "birth_date",
        widget=DateInput(),
        help_text="可不填，按身份证号确定；填写时须与身份证号一致",
    )
    ethnicity = _person_field("ethnicity")
    native_place = _person_field("native_place")
    political_status = _person_field("political_status")
    education = _person_field("education")
    degree = _person_field("degree")
    work_started_on = _person_field("work_started_on", widget=DateInput())
    professional_title = _person_field("professional_title")
    civil_servant_registered = _person_field("civil_servant_registered")
    employment_contract_signed = _person_field("employment_contract_signed")
    entry_way = forms.ChoiceField(label="进入方式", choices=CHOOSE + EntryWay.choices)
    entry_on = forms.DateField(label="入编时间", widget=DateInput(), initial=today)
    entry_document = DocumentNumberField(
        label="入编文号", required=False, help_text="选填，填写已登记的文号"
    )
    exam_exemption_document = DocumentNumberField(
        label="未经考试进入依据文号",
        required=False,
        help_text="使用招考用编通知单、进入方式不是考录或招聘时填写（凡进必考）",
    )

    new_person_needs_name = NEW_PERSON_NEEDS_NAME

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sex"].choices = [("", "（按身份证号确定）"), *Sex.choices]
        for name in ("education", "degree"):
            self.fields[name].choices = [("", "—"), *self.fields[name].choices[1:]]
        self.setup_placement(unit_label="入编单位")
        self.fields["reason"].initial = "入编登记"

    def clean_name(self):
        return clean_name(self.cleaned_data.get("name"))

    def clean(self):
        cleaned = super().clean()
        raw = cleaned.get("id_number")
        if not raw:
            return cleaned
        try:
            parsed = parse_id_number(raw)
        except InvalidIdNumber as error:
            self.add_error("id_number", error.message)
            return cleaned
        cleaned["id_number"] = parsed.number
        registered = self.registered_person(parsed.number)
        cleaned["person"] = registered
        cleaned["new_person"] = None
        if registered is not None:
            self.check_registered_name(registered, cleaned.get("name"))
            return cleaned
        if not cleaned.get("name"):
            self.add_error("name", self.new_person_needs_name)
            return cleaned
        self._check_new_person(cleaned, parsed.number)
        return cleaned

    def registered_person(self, number: str) -> Person | None:
        """The registered person with this (normalised) ID number, among those the user sees."""
        return access.restrict(Person.objects.by_id_number(number), self.user).first()

    def check_registered_name(self, registered: Person, given: str) -> None:
        if given and given != registered.name:
            self.add_error(
                "name",
                NAME_DISAGREES
                % {"id": registered.id_number, "registered": registered.name, "given": given},
            )

    def _check_new_person(self, cleaned, id_number):
        """The model's own checks before the confirmation step (rule 11: birth date and sex agree
        with the ID number; rule 7: the ID number is not registered yet)."""
        values = {
            name: cleaned[name]
            for name in PERSON_FIELDS
            if name in cleaned and cleaned[name] is not None
        }
        candidate = Person(id_number=id_number, **values)
        try:
            candidate.full_clean(exclude=["region"])
        except ValidationError as error:
            add_service_errors(self, error)
            return
        values.update(sex=candidate.sex, birth_date=candidate.birth_date, id_number=id_number)
        cleaned["new_person"] = values

    def summary_skip(self):
        skip = super().summary_skip()
        if self.cleaned_data.get("person") is not None:
            skip |= set(PERSON_FIELDS)
        return skip

    def summary(self):
        person = self.cleaned_data.get("person")
        note = f"已登记人员 {person.name}（人员信息不作修改）" if person else "新登记人员"
        return [("人员", note), *super().summary()]


class ExitForm(PersonnelForm):
    """出编: date, reason and document."""

    sections = [("出编信息", ["ended_on", "end_reason", "destination", "end_document"])]

    ended_on = forms.DateField(label="出编时间", widget=DateInput(), initial=today)
    end_reason = forms.ChoiceField(
        label="出编原因", choices=EXIT_REASONS, help_text="区域内调往其他单位请办理“调动”"
    )
    destination = forms.CharField(
        label="去向", max_length=100, required=False, help_text="选填，如调往的单位、考取的院校"
    )
    end_document = DocumentNumberField(
        label="出编文号", required=False, help_text="退休、调出等的批准文件，填写已登记的文号"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].initial = "出编登记"


class TransferForm(PlacementForm):
    """调动: to another unit's quota line, with a permit of the receiving unit (rules 3, 7)."""

    sections = [
        ("调入单位与用编通知单", ["institution", "quota_line", "permit", "department"]),
        ("调入后岗位", ["post_category", "person_category", "job_title"]),
        ("调动信息", ["transferred_on", "document"]),
    ]

    transferred_on = forms.DateField(label="调动时间", widget=DateInput(), initial=today)
    document = DocumentNumberField(label="调动文号", required=False, help_text="选填")

    def __init__(self, *args, record: EstablishmentRecord, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_placement(unit_label="调入单位", exclude=record.quota_line.institution)
        self.fields["reason"].initial = "调动"
