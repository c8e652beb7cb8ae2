"""出编: a person of the unit leaves establishment (retirement, resignation, death …) on the
request's date, or on the item's own where a roster upload found it."""

from django import forms

from ...choices import RequestKind
from ...forms.base import CHOOSE, PersonnelForm
from ...forms.records import EXIT_REASONS
from ...models import EstablishmentRecord
from ...services.records import exit_register
from ..approval import Approval, item_ended_on
from ..display import plain, record_line
from ..item_forms import RecordField, RequestItemMixin, offer_unit_records
from ..registry import ItemNeed, RequestKindSpec, register


class ExitItemForm(RequestItemMixin, PersonnelForm):
    """出编: an active record of the unit and the reason; the date is the request's 发生日期."""

    sections = [("出编人员", ["record", "end_reason", "destination"])]

    record = RecordField(label="出编人员", queryset=EstablishmentRecord.objects.all())
    end_reason = forms.ChoiceField(label="出编原因", choices=CHOOSE + EXIT_REASONS)
    destination = forms.CharField(
        label="去向", max_length=100, required=False, help_text="选填，如调往的单位、考取的院校"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_unit_records(self.fields["record"], self.change_request, self.edited_item)
        self.fields["end_reason"].help_text = "区域内调往其他单位请申报“调动”"

    def item(self) -> dict:
        data = self.cleaned_data
        item = {"end_reason": data["end_reason"]}
        if data.get("destination"):
            item["destination"] = data["destination"]
        return {"record": data["record"], "data": item}


def apply(item, request, approval: Approval):
    exit_register(
        record=item.record,
        ended_on=item_ended_on(item.data, request),
        end_reason=item.data["end_reason"],
        end_document=approval.document,
        actor=approval.actor,
        reason=approval.reason,
        destination=item.data.get("destination", ""),
    )


def describe(row, item, names, full_id_numbers):
    row.details.append(("现编制", record_line(item)))
    plain(row, item.data, names, ["end_reason", "ended_on", "destination"])


SPEC = register(
    RequestKindSpec(
        kind=RequestKind.EXIT,
        help_text="退休、辞职、辞退、死亡等（可一次申报多人）",
        item_form=ExitItemForm,
        needs=ItemNeed("record", "在编人员"),
        apply=apply,
        describe=describe,
        evidence_required=True,
        several_items=True,
        ends_record=True,
        application_order=0,  # in a roster batch: 先出后进 (rule 2)
        badge_css="text-bg-secondary",
    )
)
