from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from bianzhi import access
from bianzhi.forms import CountField, DateInput, ReasonFormMixin, ScopedFormMixin
from bianzhi.pickers import SearchSelect, unit_picker
from orgs.choices import PUBLIC_INSTITUTION_KINDS, Sector, Status
from orgs.forms import DocumentNumberField
from orgs.models import Institution, Region
from people.choices import EndReason, PostCategory
from people.idnumbers import InvalidIdNumber, parse_id_number
from people.models import Person
from people.names import clean_name

from .choices import HospitalCategory
from .models import Hospital, HospitalFigures, StaffingStandard

CHOOSE = [("", "请选择")]
NAME_DISAGREES = "身份证号已登记为“%(registered)s”，与填写的姓名“%(given)s”不一致。"
NEW_PERSON_NEEDS_NAME = "新登记人员须填写姓名。"


# A hospital searched by its unit's name.
HOSPITAL_PICKER = SearchSelect(
    search_fields=("institution__full_name",),
    related=("institution",),
    placeholder="输入医院名称搜索",
)


def _today():
    return timezone.localdate()


class HospitalForm(ScopedFormMixin, ReasonFormMixin, forms.Form):
    institution = forms.ModelChoiceField(
        label="医院",
        queryset=Institution.objects.filter(
            sector=Sector.HEALTH, status=Status.ACTIVE, kind__in=PUBLIC_INSTITUTION_KINDS
        )
        .filter(hospital__isnull=True)
        .order_by("sort_order", "full_name"),
        empty_label="请选择卫生领域的事业单位",
        widget=unit_picker(
            filters={
                "sector": Sector.HEALTH,
                "status": Status.ACTIVE,
                "kind__in": sorted(PUBLIC_INSTITUTION_KINDS),
                "hospital__isnull": True,
            }
        ),
    )
    category = forms.ChoiceField(label="医院类别", choices=CHOOSE + HospitalCategory.choices)

    field_order = ["institution", "category", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].initial = "纳入公立医院人员控制总量备案管理"


class FiguresForm(ScopedFormMixin, ReasonFormMixin, forms.ModelForm):
    class Meta:
        model = HospitalFigures
        fields = ["year", "approved_beds", "open_beds", "bed_use_rate", "outpatient_visits"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = _today().year - 1
        self.fields["reason"].initial = "登记医院运行数据"


class ControlTotalForm(ScopedFormMixin, ReasonFormMixin, forms.Form):
    total = CountField(label="人员控制总量", min_value=0, max_value=99999)
    document = DocumentNumberField(label="备案文号")
    filed_on = forms.DateField(label="备案日期", widget=DateInput(), initial=_today)
    over_standard_reason = forms.CharField(
        label="超出标准理由",
        max_length=200,
        required=False,
        help_text="备案总量高于测算标准时必填（规则 29）",
    )

    field_order = ["total", "document", "filed_on", "over_standard_reason", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].initial = "人员控制总量备案"


class FiledStaffForm(ScopedFormMixin, ReasonFormMixin, forms.Form):
    hospital = forms.ModelChoiceField(
        label="医院",
        queryset=Hospital.objects.select_related("institution"),
        empty_label="请选择医院",
        widget=HOSPITAL_PICKER,
    )
    id_number = forms.CharField(
        label="身份证号", max_length=25, help_text="已登记的人员只填身份证号和姓名"
    )
    name = forms.CharField(label="姓名", max_length=50, required=False)
    post_category = forms.ChoiceField(label="岗位类别", choices=CHOOSE + PostCategory.choices)
    job_title = forms.CharField(label="岗位（职务）", max_length=50, required=False)
    entry_on = forms.DateField(label="备案入职时间", widget=DateInput(), initial=_today)
    entry_document = DocumentNumberField(label="备案文号", required=False, help_text="选填")

    field_order = [
        "hospital",
        "id_number",
        "name",
        "post_category",
        "job_title",
        "entry_on",
        "entry_document",
        "reason",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].initial = "登记备案制人员"

    def clean_name(self):
        return clean_name(self.cleaned_data.get("name"))

    def clean(self):
        cleaned = super().clean()
        raw = cleaned.get("id_number")
        if not raw:
            return cleaned
        try:
            number = parse_id_number(raw).number
        except InvalidIdNumber as error:
            self.add_error("id_number", error.message)
            return cleaned
        registered = access.restrict(Person.objects.by_id_number(number), self.user).first()
        given = cleaned.get("name")
        cleaned["person"] = registered
        cleaned["new_person"] = None
        if registered is not None:
            if given and given != registered.name:
                self.add_error(
                    "name", NAME_DISAGREES % {"registered": registered.name, "given": given}
                )
            return cleaned
        if not given:
            self.add_error("name", NEW_PERSON_NEEDS_NAME)
            return cleaned
        cleaned["new_person"] = {"id_number": number, "name": given}
        return cleaned


class FiledStaffEndForm(ScopedFormMixin, ReasonFormMixin, forms.Form):
    ended_on = forms.DateField(label="终止日期", widget=DateInput(), initial=_today)
    end_reason = forms.ChoiceField(label="终止原因", choices=CHOOSE + EndReason.choices)

    field_order = ["ended_on", "end_reason", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].initial = "终止备案"


class StandardForm(ScopedFormMixin, ReasonFormMixin, forms.ModelForm):
    region = forms.ModelChoiceField(
        label="行政区划", queryset=Region.objects.all(), empty_label=None
    )
    category = forms.ChoiceField(label="医院类别", choices=HospitalCategory.choices)

    class Meta:
        model = StaffingStandard
        fields = [
            "region",
            "category",
            "staff_per_bed",
            "full_use_rate",
            "visits_per_addition",
            "staff_per_addition",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scope = access.user_scope(self.user)
        if scope is not None:
            self.fields["region"].queryset = Region.objects.filter(pk__in=scope.region_ids())
            self.fields["region"].initial = scope.region_id
        self.fields["reason"].initial = "设定人员控制总量标准"

    def validate_unique(self):
        # One standard per region and category: the service updates the existing one.
        pass

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("visits_per_addition") == 0:
            raise ValidationError({"visits_per_addition": "增人基数须大于 0。"})
        return cleaned
