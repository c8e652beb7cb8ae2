"""信息更正: the only way the fields the office locks (name, ID number, birth date, start of work,
and the establishment type within the unit) change, and a way to put a person's post right.
Only the values that differ from the registry are kept."""

import copy

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from bianzhi import privacy
from bianzhi.forms import DateInput, add_service_errors
from bianzhi.pickers import department_picker
from orgs.choices import Status
from orgs.models import InternalDepartment
from staffing.models import QuotaLine
from staffing.selectors import with_figures

from ... import idcrypto, selectors
from ...choices import PersonCategory, PostCategory, RequestKind
from ...forms.base import PersonnelForm, QuotaLineField
from ...idnumbers import InvalidIdNumber, parse_id_number
from ...models import EstablishmentRecord, Person
from ...services.records import person_update, record_correct
from ..approval import Approval, data_date
from ..display import LABELS, Names
from ..item_forms import RecordField, RequestItemMixin, json_value, offer_unit_records
from ..registry import ItemNeed, RequestKindSpec, register

NOTHING_TO_CORRECT = "没有填写需要更正的内容。"
UNCHANGED = "（不变）"
CURRENT = "现为：%(value)s"
PERSON_FIELDS = (
    "name",
    "id_number",
    "birth_date",
    "work_started_on",
    "civil_servant_registered",
    "employment_contract_signed",
)
REGISTRATION_CHOICES = [("", UNCHANGED), ("yes", "已办理"), ("no", "未办理（撤销登记）")]
CONTRACT_CHOICES = [("", UNCHANGED), ("yes", "已签订"), ("no", "未签订")]
# Yes/no person fields: a choice with 不变, stored as a boolean.
BOOLEAN_FIELDS = ("civil_servant_registered", "employment_contract_signed")
RECORD_FIELDS = ("quota_line", "department", "post_category", "person_category", "job_title")


class CorrectionItemForm(RequestItemMixin, PersonnelForm):
    """信息更正 of a person in establishment in the unit: each field left blank stays as it is."""

    refresh_fields = ("record",)
    sections = [
        ("更正人员", ["record"]),
        ("人员信息（只填需要更正的项）", list(PERSON_FIELDS)),
        ("编制与岗位（只填需要更正的项）", list(RECORD_FIELDS)),
    ]

    record = RecordField(label="更正人员", queryset=EstablishmentRecord.objects.all())
    name = forms.CharField(label="姓名", max_length=50, required=False)
    id_number = forms.CharField(label="身份证号", max_length=25, required=False)
    birth_date = forms.DateField(label="出生日期", required=False, widget=DateInput())
    work_started_on = forms.DateField(label="参加工作时间", required=False, widget=DateInput())
    civil_servant_registered = forms.TypedChoiceField(
        label="公务员登记",
        choices=REGISTRATION_CHOICES,
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
    )
    employment_contract_signed = forms.TypedChoiceField(
        label="聘用合同",
        choices=CONTRACT_CHOICES,
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
    )
    quota_line = QuotaLineField(
        label="编制类型",
        queryset=QuotaLine.objects.all(),
        required=False,
        empty_label=UNCHANGED,
        help_text="本单位内改变编制类型须有空编",
    )
    department = forms.ModelChoiceField(
        label="内设机构",
        queryset=InternalDepartment.objects.all(),
        required=False,
        empty_label=UNCHANGED,
        widget=department_picker(placeholder="输入内设机构名称搜索"),
    )
    post_category = forms.ChoiceField(
        label="岗位类别", choices=[("", UNCHANGED), *PostCategory.choices], required=False
    )
    person_category = forms.ChoiceField(
        label="人员类别", choices=[("", UNCHANGED), *PersonCategory.choices], required=False
    )
    job_title = forms.CharField(label="职务", max_length=50, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        unit = self.change_request.institution_id
        offer_unit_records(self.fields["record"], self.change_request, self.edited_item)
        self.fields["quota_line"].queryset = with_figures(
            self.fields["quota_line"]
            .queryset.filter(institution=unit)
            .select_related("institution")
        ).order_by("establishment_type", "funding_form")
        self.fields["department"].queryset = (
            self.fields["department"]
            .queryset.filter(institution=unit, status=Status.ACTIVE)
            .order_by("sort_order", "name")
        )
        self.fields["department"].widget.filters = {"institution": unit, "status": Status.ACTIVE}
        record = self.selected("record")
        if record is not None:
            self._show_current(record)

    def item_initial(self, item) -> dict:
        """The corrections the item holds, the person's and the record's."""
        initial = super().item_initial(item)
        person = idcrypto.open_part(item.data, "person")
        flags = {name: person.pop(name, None) for name in BOOLEAN_FIELDS}
        initial.update(person)
        for name, flag in flags.items():
            if flag is not None:
                initial[name] = "yes" if flag else "no"
        initial.update(item.data.get("record", {}))
        return initial

    def _show_current(self, record: EstablishmentRecord) -> None:
        """Each field's help says what the registry holds now."""
        person = record.person
        # The number is masked here even for the office (a form is no person page), and so
        # the birth date is its year only (rule 14).
        current = {
            "name": person.name,
            "id_number": privacy.MASKED.id_number(person.id_number),
            "birth_date": privacy.MASKED.birth_text(person.birth_date),
            "work_started_on": person.work_started_on,
            "civil_servant_registered": "已办理" if person.civil_servant_registered else "未办理",
            "employment_contract_signed": "已签订"
            if person.employment_contract_signed
            else "未签订",
            "quota_line": record.quota_line.type_label,
            "department": record.department.name if record.department_id else "",
            "post_category": record.get_post_category_display(),
            "person_category": record.get_person_category_display(),
            "job_title": record.job_title,
        }
        for name, value in current.items():
            self.fields[name].help_text = CURRENT % {"value": value or "—"}

    def clean_id_number(self):
        raw = (self.cleaned_data.get("id_number") or "").strip()
        if not raw:
            return ""
        try:
            return parse_id_number(raw).number
        except InvalidIdNumber as error:
            raise ValidationError(error.message) from None

    def clean(self):
        cleaned = super().clean()
        record = cleaned.get("record")
        if record is None or self.errors:
            return cleaned
        person_changes = self._person_changes(record, cleaned)
        if self.errors:
            return cleaned
        record_changes = {
            name: json_value(cleaned[name])
            for name in RECORD_FIELDS
            if cleaned.get(name) not in (None, "")
            and json_value(cleaned[name]) != getattr(record, _attname(name))
        }
        if not person_changes and not record_changes:
            raise ValidationError(NOTHING_TO_CORRECT)
        cleaned["changes"] = {"person": person_changes, "record": record_changes}
        return cleaned

    def _person_changes(self, record, cleaned) -> dict:
        """The person's fields that change, checked as the registry will check them (rule 11:
        the birth date and sex follow the ID number)."""
        person = record.person
        changes = {
            name: cleaned[name]
            for name in PERSON_FIELDS
            if cleaned.get(name) not in (None, "") and cleaned[name] != getattr(person, name)
        }
        if "id_number" in changes:
            parsed = parse_id_number(changes["id_number"])
            changes.setdefault("birth_date", parsed.birth_date)
            changes["sex"] = "M" if parsed.is_male else "F"
        candidate = copy.copy(person)
        for name, value in changes.items():
            setattr(candidate, name, value)
        try:
            candidate.full_clean(exclude=["region"])
        except ValidationError as error:
            add_service_errors(self, error)
            return {}
        return {
            name: json_value(value)
            for name, value in changes.items()
            if value != getattr(person, name)
        }

    def item(self) -> dict:
        return {"record": self.cleaned_data["record"], "data": self.cleaned_data["changes"]}


def _attname(name: str) -> str:
    """The attribute holding a record field's value as ``item.data`` does (a pk for relations)."""
    return f"{name}_id" if name in {"quota_line", "department"} else name


def person_field(name: str) -> models.Field:
    """The model field behind a correctable person attribute (the ID number is a property over
    its ciphertext column)."""
    return Person._meta.get_field("id_number_encrypted" if name == "id_number" else name)


def apply(item, request, approval: Approval):
    """The person's changes and the record's, in the order that keeps every step valid (rule 6):
    a revoked civil-servant registration after the post has become one that does not need it
    (e.g. 工勤), a granted one before the post that needs it."""
    person_changes = {
        name: data_date(value) if isinstance(person_field(name), models.DateField) else value
        for name, value in idcrypto.open_part(item.data, "person").items()
    }
    record_changes = item.data.get("record", {}) if item.record is not None else {}
    documented = {"actor": approval.actor, "reason": approval.reason, "document": approval.document}

    def correct_person():
        if person_changes:
            person_update(person=item.person, changes=person_changes, **documented)

    def correct_record():
        if record_changes:
            record_correct(record=item.record, changes=record_changes, **documented)

    steps = [correct_person, correct_record]
    if person_changes.get("civil_servant_registered") is False:
        steps.reverse()
    for step in steps:
        step()


def measure(item, on) -> selectors.Measurement:
    """The quota line a corrected record moves to, within the unit."""
    target = item.data.get("record", {}).get("quota_line")
    if not target:
        return {}
    line = QuotaLine.objects.select_related("institution").get(pk=target)
    return selectors.line_measurement(line, on=on)


def describe(row, item, names, full_id_numbers):
    person, record = item.person, item.record
    for name, value in idcrypto.open_part(item.data, "person").items() if person else ():
        field_ = person_field(name)
        old, new = getattr(person, name), value
        if name in privacy.ID_NUMBER_KEYS | privacy.BIRTH_KEYS:
            policy = privacy.FULL if full_id_numbers else privacy.MASKED
            old, new = policy.field(name, old), policy.field(name, new)
        elif field_.choices:
            old, new = dict(field_.choices).get(old, old), dict(field_.choices).get(new, new)
        elif isinstance(new, bool):
            old, new = ("是" if old else "否"), ("是" if new else "否")
        row.details.append((str(field_.verbose_name), f"{old or '—'} → {new}"))
    for name, value in item.data.get("record", {}).items():
        old = _current(record, name, names)
        row.details.append((LABELS[name], f"{old} → {names.label(name, value)}"))


def _current(record, name: str, names: Names) -> str:
    """What the record holds now in ``name``, as its label."""
    if record is None:
        return "—"
    if name == "quota_line":
        return record.quota_line.type_label
    if name == "department":
        return record.department.name if record.department_id else "—"
    return names.label(name, getattr(record, name))


SPEC = register(
    RequestKindSpec(
        kind=RequestKind.CORRECTION,
        help_text="更正姓名、身份证号、出生日期、参加工作时间、编制类型或岗位等",
        item_form=CorrectionItemForm,
        needs=ItemNeed("person", "更正的人员"),
        apply=apply,
        measure=measure,
        describe=describe,
        evidence_required=True,
        application_order=1,  # in a roster batch: after the exits, before the entries
    )
)
