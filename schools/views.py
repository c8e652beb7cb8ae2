"""Pages of 中小学编制 (rule 28): the comparison of standard, 核定 and 实有 per school, a school's
students, the student numbers form and import, the region's standard, and the education
bureau's reallocations."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView
from django_tables2 import RequestConfig

from bianzhi import access
from bianzhi.excel.views import ImportView, MarkedWorkbookView, TemplateDownloadView
from bianzhi.views import ObjectListView, ServiceFormView, table_pagination

from . import services
from .filtersets import ReallocationFilterSet
from .forms import ReallocationForm, SchoolProfileForm, StaffingStandardForm, StudentCountForm
from .imports import TEMPLATE_NAME, StudentCountImporter, student_count_template
from .ledgers import SCHOOL_YEAR, Q, school_year_param
from .models import Reallocation, SchoolProfile, StaffingStandard, StudentCount
from .selectors import (
    TEACHER_TYPE,
    bureau_schools,
    bureau_total,
    school_rows,
    school_years,
    totals,
)
from .standards import Standards, standard_quota
from .tables import ReallocationTable, SchoolStandardTable, difference_text

PER_PAGE = 50
NOT_ALLOWED = "您的角色不能查看中小学编制：教育主管部门审核员和编办人员可以查看。"
NO_REALLOCATION_RIGHT = "只有教育主管部门的审核员可以在所属学校之间调剂编制（规则 28）。"


class SchoolPageMixin:
    """Opened by the office and the reviewer of a bureau with schools (access.SCHOOL_STANDARDS)."""

    permission = access.SCHOOL_STANDARDS

    def dispatch(self, request, *args, **kwargs):
        if not self.permission.allows(request.user):
            raise PermissionDenied(NOT_ALLOWED)
        return super().dispatch(request, *args, **kwargs)


def _region_of(user):
    scope = access.user_scope(user)
    if scope is None:
        return None
    return scope.region if scope.region_id else scope.institution.region


class StandardListView(SchoolPageMixin, TemplateView):
    template_name = "schools/standard_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        school_year = school_year_param(self.request.GET.get(SCHOOL_YEAR), today)
        q = self.request.GET.get(Q, "").strip()
        rows = school_rows(user, school_year=school_year, q=q, on=today)
        table = SchoolStandardTable(rows)
        RequestConfig(self.request, paginate=table_pagination(PER_PAGE)).configure(table)
        years = school_years(user)
        if school_year not in years:
            years = sorted({*years, school_year}, reverse=True)
        summed = totals(rows)
        region = _region_of(user)
        context.update(
            today=today,
            table=table,
            school_year=school_year,
            years=years,
            q=q,
            totals=summed,
            difference_text=difference_text(summed.difference),
            standard=Standards().for_region(region.pk) if region else None,
            may_add=access.can(user, access.Action.ADD, StudentCount),
            may_reallocate=access.SCHOOL_REALLOCATION.allows(user),
            may_set_standard=access.can(user, access.Action.CHANGE, StaffingStandard),
        )
        return context


class SchoolDetailView(SchoolPageMixin, TemplateView):
    template_name = "schools/school_detail.html"
    history_rows = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        school = get_object_or_404(
            access.restrict(SchoolProfile.objects.select_related("institution"), user),
            pk=self.kwargs["pk"],
        )
        standard = Standards().for_region(school.institution.region_id)
        by_year: dict[str, dict[str, int]] = {}
        for row in school.student_counts.order_by("-school_year", "stage"):
            by_year.setdefault(row.school_year, {})[row.stage] = row.students
        years = [
            {
                "school_year": year,
                "counts": [counts.get(stage) for stage in school.stages],
                "total": sum(counts.values()),
                "standard": standard_quota(
                    counts, boarding=school.boarding, township=school.township, standard=standard
                ),
            }
            for year, counts in by_year.items()
        ]
        history = (
            StudentCount.history.filter(school_id=school.pk)
            .select_related("history_user")
            .order_by("-history_date")[: self.history_rows]
        )
        context.update(
            school=school,
            stages=[stage.label for stage in school.stages],
            years=years,
            standard=standard,
            history=history,
            may_add=access.can(user, access.Action.ADD, StudentCount),
            may_change=access.can(user, access.Action.CHANGE, SchoolProfile),
        )
        return context


class SchoolProfileEditView(ServiceFormView):
    model = SchoolProfile
    form_class = SchoolProfileForm
    template_name = "schools/form.html"
    success_message = "已保存学校学段情况。"

    def get_action(self):
        return access.Action.CHANGE if "pk" in self.kwargs else access.Action.ADD

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.profile = None

    def dispatch(self, request, *args, **kwargs):
        if "pk" in kwargs and access.can(request.user, access.Action.CHANGE, SchoolProfile):
            self.profile = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "profile": self.profile}

    def get_context_data(self, **kwargs):
        title = f"修改学段情况：{self.profile}" if self.profile else "登记中小学校"
        return super().get_context_data(title=title, **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        return services.school_profile_save(
            institution=self.profile.institution if self.profile else data["institution"],
            actor=self.request.user,
            reason=data["reason"],
            **{
                name: data[name] for name in ("senior", "junior", "primary", "boarding", "township")
            },
        )


class StudentCountSetView(ServiceFormView):
    model = StudentCount
    action = access.Action.ADD
    form_class = StudentCountForm
    template_name = "schools/form.html"
    success_message = "已登记学生数。"

    def get_initial(self):
        school = self.request.GET.get("school", "")
        return {"school": school} if school.isdigit() else {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title="登记学生数", **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        services.student_counts_set(
            school=data["school"],
            school_year=data["school_year"],
            counts=form.counts(),
            actor=self.request.user,
            reason=data["reason"],
        )
        return data["school"]


class StudentImportView(ImportView):
    model = StudentCount
    title = "学生数导入"
    intro = (
        "按模板填写各学校各学年分学段的在校学生数，上传后先校验整个文件，有任何错误则不写入；"
        "学校须为您范围内已登记的中小学校。"
    )
    importer = StudentCountImporter
    template_url_name = "schools:student_template"
    marked_url_name = "schools:student_marked"


class StudentTemplateView(TemplateDownloadView):
    model = StudentCount
    filename = TEMPLATE_NAME

    def build(self) -> bytes:
        return student_count_template()


class StudentMarkedView(MarkedWorkbookView):
    model = StudentCount


class StandardSettingsView(ServiceFormView):
    """The region's 中小学教职工编制标准: the office admin sets the county's own values."""

    model = StaffingStandard
    action = access.Action.CHANGE
    form_class = StaffingStandardForm
    template_name = "schools/form.html"
    success_message = "已保存中小学教职工编制标准。"

    @property
    def region(self):
        return access.user_scope(self.request.user).region

    def get_form_kwargs(self):
        instance = StaffingStandard.objects.filter(region=self.region).first()
        return {**super().get_form_kwargs(), "instance": instance or StaffingStandard()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=f"{self.region.name}中小学教职工编制标准", **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        return services.staffing_standard_set(
            region=self.region,
            actor=self.request.user,
            reason=data["reason"],
            **{name: data[name] for name in form._meta.fields},
        )

    def get_success_url(self, result):
        return reverse("schools:standard_list")


class ReallocationAddView(ServiceFormView):
    """编制调剂 by the education bureau's reviewer (rule 28)."""

    model = Reallocation
    action = access.Action.ADD
    form_class = ReallocationForm

    def dispatch(self, request, *args, **kwargs):
        if access.role_of(request.user) is not None and not access.SCHOOL_REALLOCATION.allows(
            request.user
        ):
            raise PermissionDenied(NO_REALLOCATION_RIGHT)
        return super().dispatch(request, *args, **kwargs)

    template_name = "schools/reallocation_form.html"

    def get_context_data(self, **kwargs):
        bureau = access.user_scope(self.request.user).institution
        return super().get_context_data(
            title="学校间编制调剂",
            bureau=bureau,
            bureau_total=bureau_total(bureau, establishment_type=TEACHER_TYPE),
            schools=bureau_schools(bureau).count(),
            **kwargs,
        )

    def perform(self, form):
        data = form.cleaned_data
        moves = form.moves()
        with transaction.atomic():
            document = services.bureau_document(
                actor=self.request.user,
                number=data["document_number"],
                title=data["document_title"],
                issued_on=data["document_issued_on"],
                institutions=[move.institution for move in moves],
            )
            return services.school_quota_reallocate(
                actor=self.request.user,
                moves=moves,
                document=document,
                effective_on=data["effective_on"],
                summary=data["summary"],
                over_establishment_reason=data["over_establishment_reason"],
            )

    def get_success_message(self, result) -> str:
        return f"已调剂：{result}。"

    def get_success_url(self, result):
        return reverse("schools:reallocation_list")


class ReallocationListView(SchoolPageMixin, ObjectListView):
    model = Reallocation
    queryset = Reallocation.objects.select_related(
        "source", "target", "adjustment__document", "adjustment__applied_by"
    )
    table_class = ReallocationTable
    filterset_class = ReallocationFilterSet
    title = "中小学编制调剂"
    template_name = "schools/reallocation_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_reallocate"] = access.SCHOOL_REALLOCATION.allows(self.request.user)
        return context
