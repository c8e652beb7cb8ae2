"""任职 (rule 5) and 免职."""

from django import forms

from bianzhi.forms import DateInput
from bianzhi.pickers import SearchSelect
from orgs.choices import Status
from orgs.forms import DocumentNumberField
from orgs.models import Institution
from staffing.models import LeadershipQuota
from staffing.selectors import leadership_with_figures

from .base import LeadershipQuotaField, PersonnelForm, today


class AppointmentForm(PersonnelForm):
    """任职 (rule 5): a leadership quota of the chosen unit; not counting against it, or beyond
    it, only with a document."""

    refresh_fields = ("institution",)
    sections = [
        ("领导职数", ["institution", "quota"]),
        ("任职信息", ["title", "started_on", "document"]),
        ("职数使用", ["counts_against_quota", "exemption_document", "over_quota_document"]),
        ("任职依据（规则 18）", ["civil_service_document", "dual_identity_document"]),
    ]

    institution = forms.ModelChoiceField(
        label="任职单位",
        queryset=Institution.objects.all(),
        empty_label="请选择单位",
        widget=SearchSelect(label_field="full_name"),
    )
    quota = LeadershipQuotaField(
        label="领导职数",
        queryset=LeadershipQuota.objects.all(),
        empty_label="请选择领导职数",
        help_text="所选单位及其内设机构核定的领导职数，括号内为当前数字",
    )
    title = forms.CharField(label="职务名称", max_length=50, help_text="如：局长、办公室主任")
    started_on = forms.DateField(label="任职时间", widget=DateInput(), initial=today)
    document = DocumentNumberField(label="任职文号")
    counts_against_quota = forms.BooleanField(
        label="占领导职数", required=False, initial=True, help_text="兼职不占职数须填写依据文号"
    )
    exemption_document = DocumentNumberField(label="不占职数依据文号", required=False)
    over_quota_document = DocumentNumberField(
        label="超职数配备依据文号",
        required=False,
        help_text="仅在确需超出核定职数配备时填写，将列入超职数配备清单",
    )
    civil_service_document = DocumentNumberField(
        label="非公务员任职依据文号",
        required=False,
        help_text="机关、参公单位的领导职务由未办理公务员登记的人员担任时填写",
    )
    dual_identity_document = DocumentNumberField(
        label="双重身份依据文号",
        required=False,
        help_text="在本人占编单位以外任职时填写，将列入自查清单",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = (
            self.fields["institution"]
            .queryset.filter(status=Status.ACTIVE)
            .order_by("sort_order", "full_name")
        )
        institution = self.selected("institution")
        self.fields["quota"].queryset = leadership_with_figures(
            self.fields["quota"]
            .queryset.filter(institution=institution)
            .select_related("institution", "department")
            .order_by("department__sort_order", "department_id", "post_kind", "pk")
        )
        self.fields["reason"].initial = "任职"

    def summary_skip(self):
        return {"institution"}


class AppointmentEndForm(PersonnelForm):
    """免职."""

    sections = [("免职信息", ["ended_on", "document"])]

    ended_on = forms.DateField(label="免职时间", widget=DateInput(), initial=today)
    document = DocumentNumberField(label="免职文号")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].initial = "免职"
