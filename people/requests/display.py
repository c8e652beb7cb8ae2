"""A request's items as its page shows them: who, what is proposed (the JSON ``data`` read back
into labels, by each kind's ``describe``), and after approval what it became. The objects the
data names are loaded in one query per kind of object, whatever the number of items."""

from dataclasses import dataclass, field

from django.urls import reverse

from bianzhi import privacy
from orgs.models import ApprovalDocument, InternalDepartment
from staffing.choices import PermitPurpose
from staffing.models import LeadershipQuota, QuotaLine, UsagePermit

from ..choices import EndReason, EntryWay, FillMethod, PersonCategory, PostCategory, RequestState
from ..idnumbers import mask_id_number
from ..models import ChangeRequest, ChangeRequestItem
from .registry import spec_for

CHOICES = {
    "post_category": PostCategory,
    "person_category": PersonCategory,
    "entry_way": EntryWay,
    "end_reason": EndReason,
    "purpose": PermitPurpose,
    "fill_method": FillMethod,
}
LABELS = {
    "quota_line": "编制类型",
    "permit": "用编通知单",
    "department": "内设机构",
    "post_category": "岗位类别",
    "person_category": "人员类别",
    "job_title": "职务",
    "entry_way": "进入方式",
    "end_reason": "出编原因",
    "ended_on": "出编时间",
    "destination": "去向",
    "count": "申请使用数",
    "purpose": "用途",
    "posts": "拟补充岗位及条件",
    "fill_method": "补充方式",
    "quota": "领导职数",
    "title": "职务名称",
    "counts_against_quota": "占领导职数",
    "exam_exemption_document": "未经考试进入依据文号",
    "civil_service_document": "非公务员任职依据文号",
    "dual_identity_document": "双重身份依据文号",
}
RELATED = {
    "quota_line": QuotaLine,
    "permit": UsagePermit,
    "department": InternalDepartment,
    "quota": LeadershipQuota,
    "exam_exemption_document": ApprovalDocument,
    "civil_service_document": ApprovalDocument,
    "dual_identity_document": ApprovalDocument,
}


@dataclass
class ItemRow:
    item: ChangeRequestItem
    name: str
    id_number: str
    kind: str = ""  # the item's own kind, shown in a roster batch
    kind_css: str = ""
    details: list[tuple[str, str]] = field(default_factory=list)
    results: list[tuple[str, str]] = field(default_factory=list)  # (label, url)


class Names:
    """The labels of the objects the items' data name, loaded once per model."""

    def __init__(self, items):
        wanted = {model: set() for model in RELATED.values()}
        for item in items:
            for part in (item.data, item.data.get("record", {})):
                for name, model in RELATED.items():
                    if part.get(name):
                        wanted[model].add(part[name])
        self.objects = {
            model: {obj.pk: obj for obj in _load(model, pks)} for model, pks in wanted.items()
        }

    def label(self, name: str, value) -> str:
        if value in (None, ""):
            return "—"
        if name in RELATED:
            obj = self.objects[RELATED[name]].get(value)
            return _object_label(name, obj) if obj is not None else "—"
        if name in CHOICES:
            return str(dict(CHOICES[name].choices).get(value, value))
        if isinstance(value, bool):
            return "是" if value else "否"
        return str(value)


def _load(model, pks):
    queryset = model.objects.filter(pk__in=pks)
    if model is QuotaLine:
        queryset = queryset.select_related("institution")
    if model is LeadershipQuota:
        queryset = queryset.select_related("institution", "department")
    return queryset if pks else []


def _object_label(name: str, obj) -> str:
    if name == "quota_line":
        return obj.type_label
    if name == "permit" or isinstance(obj, ApprovalDocument):
        return obj.number
    if name == "department":
        return obj.name
    return str(obj)


def entry_policy(user, change_request: ChangeRequest) -> privacy.IdPolicy:
    """How the request's own pages show ID numbers to ``user``: in full to the unit's clerk
    while the request is being drafted (``bianzhi.privacy.policy_for_entry``)."""
    return privacy.policy_for_entry(
        user, institution=change_request.institution, drafting=change_request.is_editable
    )


def describe_items(
    change_request: ChangeRequest, items: list[ChangeRequestItem], *, full_id_numbers: bool
) -> list[ItemRow]:
    names = Names(items)
    rows = []
    for item in items:
        number = item.id_number
        row = ItemRow(
            item=item,
            name=item.person_name or "—",
            id_number=(number if full_id_numbers else mask_id_number(number)) if number else "—",
        )
        spec = spec_for(item.effective_kind)
        if item.kind:
            row.kind, row.kind_css = item.get_kind_display(), spec.badge_css
        spec.describe(row, item, names, full_id_numbers)
        if change_request.state == RequestState.APPROVED:
            row.results = _results(item)
        rows.append(row)
    return rows


def plain(row: ItemRow, data: dict, names: Names, fields: list[str]) -> None:
    """The fields the item fills in (left blank: not shown)."""
    for name in fields:
        if data.get(name) not in (None, ""):
            row.details.append((LABELS[name], names.label(name, data[name])))


def record_line(item) -> str:
    return item.record.quota_line.type_label if item.record_id else "—"


def _results(item: ChangeRequestItem) -> list[tuple[str, str]]:
    """What an approved item became: the person's page, the new record's unit, the permit."""
    results = []
    if item.result_permit_id:
        url = reverse("staffing:permit_detail", args=[item.result_permit_id])
        results.append((f"用编通知单 {item.result_permit.number}", url))
    if item.person_id:
        results.append(("查看人员", reverse("people:person_detail", args=[item.person_id])))
    if item.result_record_id:
        institution = item.result_record.quota_line.institution
        url = reverse("staffing:institution_establishment", args=[institution.pk])
        results.append((f"在编：{institution.full_name}", url))
    return results
