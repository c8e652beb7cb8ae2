"""Forms of 中小学编制 (rule 28). They collect input; the rules are in ``schools.services``."""

from django import forms
from django.utils import timezone

from bianzhi import access
from bianzhi.forms import CountField, DateInput, ReasonFormMixin, ScopedFormMixin
from bianzhi.pickers import SearchSelect, quota_line_picker, unit_picker
from orgs.choices import PUBLIC_INSTITUTION_KINDS, Sector, Status
from orgs.models import ApprovalDocument, Institution
from staffing.models import QuotaLine
from staffing.services import LineChange

from .choices import Stage
from .models import SchoolProfile, StaffingStandard, check_school_year
from .selectors import TEACHER_TYPE, bureau_schools
from .services import SAME_SCHOOL
from .standards import school_year_of


class SchoolProfileForm(ScopedFormMixin, ReasonFormMixin, forms.Form):
    institution = forms.ModelChoiceField(
        label="学校",
        queryset=Institution.objects.filter(
            status=Status.ACTIVE, kind__in=sorted(PUBLIC_INSTITUTION_KINDS)
        ).order_by("sort_order", "full_name"),
        help_text="教育领域的事业单位",
        widget=unit_picker(
            filters={
                "status": Status.ACTIVE,
                "kind__in": sorted(PUBLIC_INSTITUTION_KINDS),
                "sector": Sector.EDUCATION,
            }
        ),
    )
    senior = forms.BooleanField(label="设高中", required=False)
    junior = forms.BooleanField(label="设初中", required=False)
    primary = forms.BooleanField(label="设小学", required=False)
    boarding = forms.BooleanField(label="寄宿制学校", required=False)
    township = forms.BooleanField(label="乡镇学校", required=False)

    def __init__(self, *args, profile: SchoolProfile | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["institution"]
        field.queryset = field.queryset.filter(sector=Sector.EDUCATION)
        if profile is not None:
            field.disabled = True
            self.initial.update(
                institution=profile.institution_id,
                **{name: getattr(profile, name) for name in ("senior", "junior", "primary")},
                boarding=profile.boarding,
                township=profile.township,
            )


class StudentCountForm(ScopedFormMixin, ReasonFormMixin, forms.Form):
    school = forms.ModelChoiceField(
        label="学校",
        queryset=SchoolProfile.objects.all(),
        widget=SearchSelect(
            search_fields=("institution__full_name",),
            related=("institution",),
            placeholder="输入学校名称搜索",
            filters={"institution__status": Status.ACTIVE},
        ),
    )
    school_year = forms.CharField(
        label="学年", max_length=9, validators=[check_school_year], help_text="如 2026-2027"
    )
    senior = CountField(label="高中学生数", required=False, min_value=0)
    junior = CountField(label="初中学生数", required=False, min_value=0)
    primary = CountField(label="小学学生数", required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = (
            self.fields["school"]
            .queryset.select_related("institution")
            .filter(institution__status=Status.ACTIVE)
        )
        self.initial.setdefault("school_year", school_year_of(timezone.localdate()))
        self.fields["reason"].initial = "登记学生数"

    def counts(self) -> dict[str, int | None]:
        return {stage: self.cleaned_data.get(stage.value) for stage in Stage}


class StaffingStandardForm(ReasonFormMixin, forms.ModelForm):
    class Meta:
        model = StaffingStandard
        fields = [
            "senior_ratio",
            "junior_ratio",
            "primary_ratio",
            "boarding_percent",
            "boarding_per_school",
            "township_percent",
            "township_per_school",
        ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user


class SchoolLineField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.institution.full_name} · {obj.type_label}（核定 {obj.approved} 名）"


class ReallocationForm(forms.Form):
    """编制调剂: from one school's 事业编制 line to another school of the bureau (rule 28)."""

    # A bureau may run hundreds of schools: both are searched among the bureau's (its scope).
    source = SchoolLineField(
        label="调出学校编制",
        queryset=QuotaLine.objects.none(),
        widget=quota_line_picker(
            placeholder="输入学校名称搜索",
            filters={
                "establishment_type": TEACHER_TYPE,
                "institution__school_profile__isnull": False,
                "institution__status": Status.ACTIVE,
            },
        ),
    )
    target = forms.ModelChoiceField(
        label="调入学校",
        queryset=SchoolProfile.objects.none(),
        widget=SearchSelect(
            search_fields=("institution__full_name",),
            related=("institution",),
            placeholder="输入学校名称搜索",
            filters={"institution__status": Status.ACTIVE},
        ),
    )
    count = CountField(label="调剂数", min_value=1, max_value=9999)
    document_number = forms.CharField(
        label="调剂文件文号",
        max_length=100,
        help_text="如 示教发〔2026〕8号；未登记的将以本部门名义登记",
    )
    document_title = forms.CharField(
        label="文件标题", max_length=200, required=False, help_text="文号未登记时填写"
    )
    document_issued_on = forms.DateField(
        label="发文日期", widget=DateInput(), required=False, help_text="文号未登记时填写"
    )
    effective_on = forms.DateField(label="生效日期", widget=DateInput())
    summary = forms.CharField(label="调剂事由", max_length=200)
    over_establishment_reason = forms.CharField(
        label="超编原因",
        max_length=200,
        required=False,
        help_text="调出后核定数低于实有人数时必须说明，该校将显示为超编直至自然减员消化（规则 4）",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        scope = access.user_scope(user)
        schools = SchoolProfile.objects.none()
        if scope is not None and scope.institution_id:
            schools = bureau_schools(scope.institution).select_related("institution")
        self.fields["target"].queryset = schools
        self.fields["target"].label_from_instance = lambda school: school.institution.full_name
        self.fields["source"].queryset = (
            QuotaLine.objects.filter(
                institution__school_profile__in=schools, establishment_type=TEACHER_TYPE
            )
            .select_related("institution")
            .order_by("institution__sort_order", "institution__full_name", "funding_form")
        )
        self.initial.setdefault("effective_on", timezone.localdate())

    def clean(self):
        cleaned = super().clean()
        source, target = cleaned.get("source"), cleaned.get("target")
        if source and target and source.institution_id == target.institution_id:
            self.add_error("target", SAME_SCHOOL)
        number = (cleaned.get("document_number") or "").strip()
        if number and not _registered(number):
            for name in ("document_title", "document_issued_on"):
                if not cleaned.get(name):
                    self.add_error(name, "文号未登记时须填写。")
        return cleaned

    def moves(self) -> list[LineChange]:
        data = self.cleaned_data
        source, target, count = data["source"], data["target"], data["count"]
        return [
            LineChange(source.establishment_type, -count, source.institution, source.funding_form),
            LineChange(source.establishment_type, count, target.institution, source.funding_form),
        ]


def _registered(number: str) -> bool:
    return ApprovalDocument.objects.filter(number=number).exists()
