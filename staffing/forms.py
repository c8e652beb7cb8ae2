"""Forms of the office's quota pages. They collect and check input; every rule that spans rows is
left to ``staffing.services``, whose refusals the views show on these forms."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from bianzhi import access
from bianzhi.forms import CountField, DateInput, ReasonFormMixin, ScopedFormMixin
from bianzhi.pickers import SearchSelect, department_picker, quota_line_picker, unit_picker
from orgs.choices import Status
from orgs.documents_in_place import DocumentInPlaceMixin
from orgs.forms import DocumentNumberField
from orgs.models import Institution, InternalDepartment, Region

from . import services
from .choices import (
    AdjustmentKind,
    EstablishmentType,
    FundingForm,
    PermitPurpose,
    PoolPurpose,
    PostKind,
    PushDownMode,
)
from .models import QuotaLine, check_funding, check_type_allowed
from .previews import AdjustmentPreview, PermitPreview, adjustment_preview, permit_preview
from .push_down import check_push_down

TRANSFER_NEEDS_BOTH_SIGNS = "编制划转须至少有一条调出（负数）明细和一条调入（正数）明细。"
TRANSFER_UNBALANCED = "编制划转的调出数与调入数应相等：%(type)s调出 %(out)d 名，调入 %(in)d 名。"
NO_REGION = "请选择行政区划。"
PERMIT_VALIDITY_DAYS = 365
SLOT_KINDS = frozenset(
    {
        AdjustmentKind.LOAN,
        AdjustmentKind.LOAN_RETURN,
        AdjustmentKind.SPECIAL_GRANT,
        AdjustmentKind.SPECIAL_RETURN,
    }
)

BLANK = [("", "—")]


def _active_institutions():
    return Institution.objects.filter(status=Status.ACTIVE).order_by("sort_order", "full_name")


class QuotaLineChoiceField(forms.ModelChoiceField):
    """A quota line named by its institution and type; the institution is fetched with it."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", quota_line_picker(filters={"institution__status": Status.ACTIVE})
        )
        super().__init__(
            queryset=QuotaLine.objects.select_related("institution")
            .filter(institution__status=Status.ACTIVE)
            .order_by(
                "institution__sort_order", "institution__full_name", "establishment_type", "pk"
            ),
            **kwargs,
        )

    def label_from_instance(self, obj):
        return f"{obj.institution.full_name} · {obj.type_label}"


# --- establishment adjustments ---------------------------------------------------------------


class AdjustmentLineForm(ScopedFormMixin, forms.Form):
    """One line of an adjustment: an institution's quota (or the pool) and a signed delta."""

    institution = forms.ModelChoiceField(
        label="单位",
        queryset=_active_institutions(),
        required=False,
        empty_label="编制周转池",
        widget=SearchSelect(label_field="full_name"),
    )
    establishment_type = forms.ChoiceField(
        label="编制类型", choices=BLANK + EstablishmentType.choices
    )
    funding_form = forms.ChoiceField(
        label="经费形式", choices=BLANK + FundingForm.choices, required=False
    )
    delta = CountField(
        label="调整数", help_text="增加填正数，核减或调出填负数", min_value=-99999, max_value=99999
    )
    pool_purpose = forms.ChoiceField(
        label="周转池",
        choices=[("", "统筹编制")]
        + [c for c in PoolPurpose.choices if c[0] != PoolPurpose.GENERAL],
        required=False,
        help_text="单位不选时调整哪个周转池（规则 26）",
    )

    def clean_delta(self):
        delta = self.cleaned_data["delta"]
        if delta == 0:
            raise ValidationError(services.ZERO_DELTA)
        return delta

    def clean(self):
        cleaned = super().clean()
        institution = cleaned.get("institution")
        establishment_type = cleaned.get("establishment_type")
        if not establishment_type:
            return cleaned
        if institution is None:
            # The pool holds quotas per type only.
            cleaned["funding_form"] = ""
            return cleaned
        try:
            check_type_allowed(institution, establishment_type)
            check_funding(establishment_type, cleaned.get("funding_form", ""))
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, errors in error.error_dict.items():
                    self.add_error(name, errors)
            else:
                self.add_error("establishment_type", error)
        return cleaned

    def line_change(self) -> services.LineChange:
        data = self.cleaned_data
        return services.LineChange(
            establishment_type=data["establishment_type"],
            delta=data["delta"],
            institution=data["institution"],
            funding_form=data["funding_form"],
            pool_purpose="" if data["institution"] else data.get("pool_purpose", ""),
        )


AdjustmentLineFormSet = forms.formset_factory(
    AdjustmentLineForm, extra=2, min_num=1, validate_min=True, max_num=50, validate_max=True
)


class RegionFieldMixin:
    """A region field shown only when the user's scope covers more than one region."""

    def setup_region(self):
        scope = access.user_scope(self.user)
        field = self.fields["region"]
        if field.queryset.count() <= 1:
            field.widget = forms.HiddenInput()
            field.required = False
        if scope is not None and scope.region_id and not self.initial.get("region"):
            self.initial["region"] = scope.region_id

    def clean_region(self):
        region = self.cleaned_data.get("region")
        if region is None:
            scope = access.user_scope(self.user)
            region = scope.region if scope is not None else None
        if region is None:
            raise ValidationError(NO_REGION)
        return region


class AdjustmentForm(DocumentInPlaceMixin, RegionFieldMixin, ScopedFormMixin, forms.Form):
    """The header of an adjustment (事项, 文号, date) with its lines as a formset (``lines``)."""

    region = forms.ModelChoiceField(
        label="行政区划", queryset=Region.objects.all(), required=False, empty_label=None
    )
    # Borrowings and talent special quotas have their own pages, which record the loan or the
    # special quota with the adjustment (rules 26, 27).
    kind = forms.ChoiceField(
        label="事项类别",
        choices=[choice for choice in AdjustmentKind.choices if choice[0] not in SLOT_KINDS],
    )
    summary = forms.CharField(
        label="调整事项", max_length=200, help_text="例如：从县教育局划转 2 名事业编制到县疾控中心"
    )
    push_down = forms.ChoiceField(
        label="编制下沉",
        choices=[("", "不是下沉"), *PushDownMode.choices],
        required=False,
        help_text="编制划转到乡镇（街道）单位时选择：县编乡用（编制仍在县级单位，由乡镇使用）"
        "或乡编乡用（编制划入乡镇）",
    )
    document = DocumentNumberField()
    effective_on = forms.DateField(label="生效日期", widget=DateInput())
    over_establishment_reason = forms.CharField(
        label="超编原因",
        max_length=200,
        required=False,
        help_text="核减后核定数低于实有人数时必须填写（如机构合并）；该单位将显示为超编直至自然减员消化",
    )
    over_establishment_measures = forms.CharField(
        label="消化措施",
        max_length=200,
        required=False,
        help_text="超编时填写，如“退休自然减员，不再补充”",
    )
    over_establishment_deadline = forms.DateField(
        label="消化时限",
        required=False,
        widget=DateInput(),
        help_text="超编时填写预计消化完毕的日期",
    )

    def __init__(self, *args, initial_lines=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_region()
        self.fields["effective_on"].initial = timezone.localdate()
        self.lines = AdjustmentLineFormSet(
            self.data if self.is_bound else None,
            prefix="lines",
            initial=initial_lines,
            form_kwargs={"user": self.user},
        )
        self.setup_document_in_place()

    def is_valid(self) -> bool:
        header_valid = super().is_valid()
        return self.lines.is_valid() and header_valid

    def clean(self):
        cleaned = super().clean()
        self.clean_document_in_place(cleaned)
        if cleaned.get("kind") == AdjustmentKind.TRANSFER and self.lines.is_valid():
            self._check_transfer(self.line_changes())
        if cleaned.get("push_down") and cleaned.get("kind") and self.lines.is_valid():
            receivers = [c.institution for c in self.line_changes() if c.delta > 0]
            try:
                check_push_down(
                    kind=cleaned["kind"], mode=cleaned["push_down"], receivers=receivers
                )
            except ValidationError as error:
                self.add_error("push_down", error)
        return cleaned

    @staticmethod
    def _check_transfer(changes: list[services.LineChange]) -> None:
        if not any(c.delta < 0 for c in changes) or not any(c.delta > 0 for c in changes):
            raise ValidationError(TRANSFER_NEEDS_BOTH_SIGNS)
        for kind in EstablishmentType:
            out = -sum(c.delta for c in changes if c.establishment_type == kind and c.delta < 0)
            into = sum(c.delta for c in changes if c.establishment_type == kind and c.delta > 0)
            if out != into:
                raise ValidationError(
                    TRANSFER_UNBALANCED % {"type": kind.label, "out": out, "in": into}
                )

    def line_changes(self) -> list[services.LineChange]:
        return [line.line_change() for line in self.lines.forms if line.cleaned_data]

    @property
    def kind_label(self) -> str:
        return AdjustmentKind(self.cleaned_data["kind"]).label

    @property
    def push_down_label(self) -> str:
        mode = self.cleaned_data.get("push_down")
        return PushDownMode(mode).label if mode else ""

    def preview(self) -> AdjustmentPreview:
        return adjustment_preview(
            region=self.cleaned_data["region"],
            changes=self.line_changes(),
            on=self.cleaned_data.get("effective_on"),
        )


class PushDownForm(ScopedFormMixin, ReasonFormMixin, forms.Form):
    """Mark a recorded 划转 as 编制下沉, or take the mark off (rule 23)."""

    push_down = forms.ChoiceField(
        label="编制下沉",
        choices=[("", "不是下沉（取消标记）"), *PushDownMode.choices],
        required=False,
        help_text="县编乡用：编制仍在县级单位，由乡镇（街道）使用；乡编乡用：编制划入乡镇（街道）",
    )

    field_order = ["push_down", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].initial = "标记编制下沉"


# --- usage permits ---------------------------------------------------------------------------


class PermitForm(ScopedFormMixin, forms.Form):
    quota_line = QuotaLineChoiceField(label="单位编制", empty_label="请选择单位和编制类型")
    count = CountField(label="核准数", min_value=1, max_value=9999)
    purpose = forms.ChoiceField(label="用途", choices=PermitPurpose.choices)
    issued_on = forms.DateField(label="核准日期", widget=DateInput())
    expires_on = forms.DateField(label="有效期至", widget=DateInput())
    number = forms.CharField(
        label="通知单编号", max_length=50, required=False, help_text="不填则按年度自动编号"
    )
    document = DocumentNumberField(required=False, help_text="所依据的批准文件（选填）")
    notes = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["issued_on"].initial = today
        self.fields["expires_on"].initial = today + datetime.timedelta(days=PERMIT_VALIDITY_DAYS)

    def clean_number(self):
        return self.cleaned_data["number"].strip()

    def preview(self) -> PermitPreview:
        data = self.cleaned_data
        return permit_preview(
            quota_line=data["quota_line"],
            count=data["count"],
            purpose=data["purpose"],
            on=data["issued_on"],
            until=data["expires_on"],
        )


class CancelForm(ScopedFormMixin, ReasonFormMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = "注销原因"
        self.fields["reason"].initial = "单位不再使用，注销剩余名额"


# --- region totals and leadership quotas -----------------------------------------------------


class RegionTotalForm(RegionFieldMixin, ScopedFormMixin, ReasonFormMixin, forms.Form):
    region = forms.ModelChoiceField(
        label="行政区划", queryset=Region.objects.all(), required=False, empty_label=None
    )
    establishment_type = forms.ChoiceField(label="编制类型", choices=EstablishmentType.choices)
    total = CountField(label="控制总数", min_value=0, max_value=9999999)
    document = DocumentNumberField(help_text="上级核定控制总数的批准文件")

    field_order = ["region", "establishment_type", "total", "document", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_region()
        self.fields["reason"].initial = "上级核定编制总量"


class LeadershipQuotaForm(ScopedFormMixin, ReasonFormMixin, forms.Form):
    institution = forms.ModelChoiceField(
        label="机构",
        queryset=_active_institutions(),
        empty_label="请选择机构",
        widget=unit_picker(filters={"status": Status.ACTIVE}),
    )
    department = forms.ModelChoiceField(
        label="内设机构",
        queryset=InternalDepartment.objects.filter(status=Status.ACTIVE)
        .select_related("institution")
        .order_by("institution__sort_order", "institution__full_name", "sort_order"),
        required=False,
        widget=department_picker(filters={"status": Status.ACTIVE}),
        empty_label="（单位领导职数，不选）",
        help_text="内设机构正职、副职须选择所属内设机构（须属于上面选择的机构）",
    )
    post_kind = forms.ChoiceField(label="职务类别", choices=PostKind.choices)
    post_title = forms.CharField(
        label="职务名称", max_length=50, required=False, help_text="“其他职数”须填写，如纪检组长"
    )
    approved = CountField(label="核定职数", min_value=0, max_value=999)
    document = DocumentNumberField()

    field_order = [
        "institution",
        "department",
        "post_kind",
        "post_title",
        "approved",
        "document",
        "reason",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].initial = "核定领导职数"

    def clean_post_title(self):
        return self.cleaned_data["post_title"].strip()


class PostStructureForm(ScopedFormMixin, ReasonFormMixin, forms.Form):
    """编制结构 of one 事业编制 line; the counts are checked by ``staffing.post_structure``."""

    management = forms.IntegerField(label="管理岗位", min_value=0, max_value=99999, required=False)
    professional = forms.IntegerField(
        label="专业技术岗位", min_value=0, max_value=99999, required=False
    )
    worker = forms.IntegerField(label="工勤技能岗位", min_value=0, max_value=99999, required=False)
    document = DocumentNumberField(help_text="核定岗位结构的批准文件")

    field_order = ["management", "professional", "worker", "document", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].initial = "核定岗位结构"
