"""用编进人计划申报: a unit proposes, for a year, how many people it means to bring in on one of
its quota lines, for which posts and how (招考/选调/安置/人才引进). It changes no registry and has
no reporting clock (like 用编申请); the office's approval enters the proposal into the region's
plan for that year as 待核定, where the office sets the plan and issues it (rule 24).

The kind is registered with people's registry from ``PlansConfig.ready``: its applier writes this
app's plan lines, which people may not import."""

from django import forms
from django.utils import timezone

from people.choices import RequestKind
from people.forms.base import CHOOSE, PersonnelForm, QuotaLineField
from people.requests.approval import Approval
from people.requests.item_forms import RequestItemMixin, json_value
from people.requests.registry import RequestKindSpec, register
from staffing.models import QuotaLine
from staffing.selectors import with_figures

from .choices import PlanMethod
from .models import PlanLine
from .services import plan_line_propose

METHODS = dict(PlanMethod.choices)


def year_choices() -> list[tuple[int, str]]:
    year = timezone.localdate().year
    return [(y, f"{y}年") for y in (year, year + 1)]


class PlanItemForm(RequestItemMixin, PersonnelForm):
    """One line of the proposal: the year, the quota line (type and funding), how many, which
    posts, and how they are to be filled."""

    sections = [
        ("计划年度和编制", ["year", "quota_line", "count"]),
        ("岗位及补充方式", ["posts", "method"]),
    ]

    year = forms.TypedChoiceField(label="计划年度", coerce=int, choices=year_choices)
    quota_line = QuotaLineField(
        label="编制类型",
        queryset=QuotaLine.objects.all(),
        empty_label="请选择编制",
        help_text="本单位核定的编制（类型和经费形式）及其当前数字",
    )
    count = forms.IntegerField(label="计划进人数", min_value=1, max_value=999)
    posts = forms.CharField(
        label="拟补充岗位及条件",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="岗位名称、人数、学历专业等条件",
    )
    method = forms.ChoiceField(label="补充方式", choices=CHOOSE + PlanMethod.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lines = self.fields["quota_line"].queryset.filter(
            institution=self.change_request.institution_id
        )
        self.fields["quota_line"].queryset = with_figures(
            lines.select_related("institution")
        ).order_by("establishment_type", "funding_form")
        if not self.is_bound and not self.initial.get("year"):
            self.initial["year"] = timezone.localdate().year + 1

    def item(self) -> dict:
        names = ["year", "quota_line", "count", "posts", "method"]
        return {"data": {name: json_value(self.cleaned_data[name]) for name in names}}


def apply(item, request, approval: Approval):
    data = item.data
    plan_line_propose(
        quota_line=QuotaLine.objects.get(pk=data["quota_line"]),
        year=int(data["year"]),
        count=int(data["count"]),
        method=data["method"],
        posts=data.get("posts") or "",
        actor=approval.actor,
        request_item=item,
        document=approval.document,
    )


def describe(row, item, names, full_id_numbers):
    data = item.data
    row.name = "—"
    row.details += [
        ("计划年度", f"{data.get('year')}年"),
        ("编制类型", names.label("quota_line", data.get("quota_line"))),
        ("计划进人数", str(data.get("count", "—"))),
        ("拟补充岗位及条件", data.get("posts") or "—"),
        ("补充方式", str(METHODS.get(data.get("method"), "—"))),
    ]
    line = PlanLine.objects.filter(request_item=item.pk).first() if item.pk else None
    if line is not None:
        decided = "待核定" if line.approved is None else f"核定 {line.approved} 名"
        row.details.append(("年度计划", f"已列入{line.plan.year}年计划，{decided}"))


SPEC = register(
    RequestKindSpec(
        kind=RequestKind.PLAN,
        help_text="申报本单位年度用编进人计划，编办统一核定、下达后发给用编通知单",
        item_form=PlanItemForm,
        apply=apply,
        describe=describe,
        office_notes=True,
        has_reporting_clock=False,
        changes_registry=False,
        several_items=True,
        items_heading="计划事项",
        item_noun="计划事项",
        item_add_label="填写计划事项",
        names_people=False,
        badge_css="text-bg-primary",
    )
)
