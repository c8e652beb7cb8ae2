"""用编申请: a unit asks to use vacancies of one of its quota lines; the office investigates, the
committee decides, and the approval issues a usage permit (用编通知单, rules 2 and 3)."""

import datetime

from django import forms

from staffing.choices import PermitPurpose
from staffing.models import QuotaLine
from staffing.selectors import with_figures
from staffing.services import permit_issue

from ...choices import FillMethod, RequestKind
from ...forms.base import CHOOSE, PersonnelForm, QuotaLineField
from ..approval import PERMIT_VALIDITY_DAYS, Approval
from ..display import plain
from ..item_forms import RequestItemMixin, json_value
from ..registry import RequestKindSpec, register


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


def apply(item, request, approval: Approval):
    data = item.data
    expires_on = approval.permit_expires_on or approval.on + datetime.timedelta(
        days=PERMIT_VALIDITY_DAYS
    )
    item.result_permit = permit_issue(
        quota_line=QuotaLine.objects.get(pk=data["quota_line"]),
        count=int(data["count"]),
        purpose=data["purpose"],
        issued_on=approval.on,
        expires_on=expires_on,
        document=approval.document,
        notes=(data.get("posts") or "")[:200],
        actor=approval.actor,
        notify_unit=False,  # the approval's notice names the permit
    )


def describe(row, item, names, full_id_numbers):
    row.name = "—"
    plain(row, item.data, names, ["quota_line", "count", "purpose", "posts", "fill_method"])


SPEC = register(
    RequestKindSpec(
        kind=RequestKind.PERMIT,
        help_text="申请使用本单位空编，核准后发给用编通知单",
        item_form=PermitItemForm,
        apply=apply,
        describe=describe,
        document_required=True,
        office_notes=True,
        issues_permit=True,
        has_reporting_clock=False,
        changes_registry=False,
        items_heading="用编事项",
        item_noun="用编事项",
        item_add_label="填写用编事项",
        names_people=False,
    )
)
