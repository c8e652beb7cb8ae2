"""入编: a registered person (by ID number) or a new one enters a quota line of the unit with a
usage permit of that line (rule 3). Several people may enter in one request (a summer intake)."""

from django.core.exceptions import ValidationError

from bianzhi import privacy
from bianzhi.forms import add_service_errors
from orgs.models import ApprovalDocument
from staffing.models import QuotaLine, UsagePermit

from ... import idcrypto
from ...choices import RequestKind
from ...forms.records import NO_PERMIT_CHOICE, EntryForm
from ...models import Person
from ...rules import check_no_active_record
from ...services.records import person_enter
from ..approval import Approval, data_date, data_object, data_pk, placement
from ..display import plain
from ..item_forms import RequestItemMixin, json_value
from ..items import ALREADY_IN_REQUEST
from ..registry import RequestKindSpec, register

REGISTERED_ELSEWHERE_NAME_DISAGREES = "身份证号与填写的姓名不符，请核对。"
# What a unit is told, whether the number is new or registered elsewhere (rule 14: a unit must
# not learn from the form who is registered, under which name, or where they are placed).
NAME_NEEDED = "请填写姓名：新登记人员和曾在其他单位登记的人员均须填写，以便核对。"
REGISTERED_ELSEWHERE_NEEDS_NAME = NAME_NEEDED
ID_NUMBER_UNAVAILABLE = "该身份证号与姓名不能在本单位办理入编，请核对；如确认无误，请联系编办。"
PERMITS_ON = "只列出本单位在发生日期 %(date)s 有效且仍有剩余名额的用编通知单（规则 3）"


class EntryItemForm(RequestItemMixin, EntryForm):
    """入编: a registered person (by ID number) or a new one, into a quota line of the unit with
    a permit of that line (rule 3)."""

    request_supplied = ("entry_on", "entry_document")
    refresh_fields = ("quota_line",)
    # What "保存并继续添加" keeps for the next person of a batch (a school's intake shares them).
    batch_kept = (
        "quota_line",
        "permit",
        "post_category",
        "person_category",
        "job_title",
        "entry_way",
    )
    sections = [
        ("编制与用编通知单", ["institution", "quota_line", "permit", "department"]),
        ("人员", ["id_number", *EntryForm.sections[1][1][1:]]),
        ("入编岗位", ["post_category", "person_category", "job_title", "entry_way"]),
        ("入编依据", ["exam_exemption_document"]),
    ]

    def __init__(self, *args, **kwargs):
        self.registered_elsewhere = False
        super().__init__(*args, **kwargs)
        self.fix_institution()
        self._permits_valid_on(self.change_request.occurred_on)

    def _permits_valid_on(self, on) -> None:
        """Only the permits valid on the request's 发生日期 (the entry date): an entry cannot use a
        permit issued after it, or one that had expired by then (rule 3)."""
        field = self.fields["permit"]
        field.queryset = field.queryset.filter(issued_on__lte=on, expires_on__gte=on)
        field.help_text = PERMITS_ON % {"date": on.isoformat()}
        if self.selected("quota_line") is not None and not field.queryset.exists():
            field.empty_label = NO_PERMIT_CHOICE

    new_person_needs_name = NAME_NEEDED

    def clean(self):
        if privacy.lookups_throttled(self.user) and not privacy.sees_refusals_in_full(self.user):
            self.add_error("id_number", privacy.throttled_message())
            return self.cleaned_data
        cleaned = super().clean()
        number = cleaned.get("id_number")
        if (
            number
            and self.other_items().filter(id_number_index=idcrypto.blind_index(number)).exists()
        ):
            name = cleaned.get("name") or number
            self.add_error("id_number", ALREADY_IN_REQUEST % {"name": name})
        return cleaned

    def item_initial(self, item) -> dict:
        """The new person's fields too; a registered person is named by the number alone."""
        initial = super().item_initial(item)
        new_person = idcrypto.open_part(item.data, "new_person")
        initial.update(
            {name: value for name, value in new_person.items() if name in self.base_fields}
        )
        initial["id_number"] = item.id_number
        return initial

    def registered_person(self, number: str) -> Person | None:
        """A person registered elsewhere (e.g. who left another unit) may enter here too; the
        clerk, who cannot see them, proves who they mean by the name."""
        found = super().registered_person(number)
        if found is None:
            found = Person.objects.by_id_number(number).first()
            self.registered_elsewhere = found is not None
        return found

    def check_registered_name(self, registered: Person, given: str) -> None:
        """Someone registered outside the user's scope enters only by their registered name and
        only if not placed anywhere now (rule 7). The office reads why; a unit gets one neutral
        refusal naming no unit or type, and its refusals are counted (``bianzhi.privacy``)."""
        if not self.registered_elsewhere:
            return super().check_registered_name(registered, given)
        if not given:
            self.add_error("name", NAME_NEEDED)
            return
        try:
            if given != registered.name:
                raise ValidationError({"name": REGISTERED_ELSEWHERE_NAME_DISAGREES})
            check_no_active_record(registered)
        except ValidationError as error:
            if privacy.sees_refusals_in_full(self.user):
                add_service_errors(self, error)
            else:
                privacy.count_refused_lookup(self.user)
                self.add_error("id_number", ID_NUMBER_UNAVAILABLE)

    def item(self) -> dict:
        data = self.cleaned_data
        names = ["quota_line", "permit", "department", "post_category", "person_category"]
        values = {name: json_value(data[name]) for name in names}
        values.update(
            job_title=data["job_title"],
            entry_way=data["entry_way"],
            exam_exemption_document=json_value(data.get("exam_exemption_document")),
        )
        if data["person"] is not None:
            return {"data": values, "person": data["person"]}
        new_person = {name: json_value(value) for name, value in data["new_person"].items()}
        return {
            "data": {**values, "new_person": new_person},
            "person_name": new_person["name"],
            "id_number": new_person["id_number"],
        }


def apply(item, request, approval: Approval):
    data = item.data
    new_person = None
    if item.person is None:
        new_person = {
            name: data_date(value) if name in {"birth_date", "work_started_on"} else value
            for name, value in idcrypto.open_part(data, "new_person").items()
        }
    item.result_record = person_enter(
        person=item.person,
        new_person=new_person,
        quota_line=QuotaLine.objects.get(pk=data["quota_line"]),
        permit=data_object(UsagePermit, data_pk(data, "permit")),
        entry_way=data["entry_way"],
        entry_on=request.occurred_on,
        entry_document=approval.document,
        exam_exemption_document=data_object(
            ApprovalDocument, data_pk(data, "exam_exemption_document")
        ),
        actor=approval.actor,
        reason=approval.reason,
        **placement(data),
    )
    item.person = item.result_record.person


def describe(row, item, names, full_id_numbers):
    row.details.append(("人员", "新登记人员" if "new_person" in item.data else "已登记人员"))
    fields = ["quota_line", "permit", "department", "post_category", "person_category"]
    plain(row, item.data, names, [*fields, "job_title", "entry_way", "exam_exemption_document"])


SPEC = register(
    RequestKindSpec(
        kind=RequestKind.ENTRY,
        help_text="使用用编通知单新进人员（可一次申报多人）",
        item_form=EntryItemForm,
        apply=apply,
        describe=describe,
        several_items=True,
        creates_record=True,
        application_order=2,  # in a roster batch: 先出后进 (rule 2)
        badge_css="text-bg-success",
    )
)
