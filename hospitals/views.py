"""公立医院备案管理 pages (rule 29): the hospitals with their figures, one hospital, its forms,
the 备案制 roster and the office's standard."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from bianzhi import access
from bianzhi.views import ObjectDetailView, ObjectListView, ServiceFormView
from people.choices import RecordStatus

from . import selectors, services
from .choices import HospitalCategory
from .filtersets import FiledStaffFilterSet, HospitalFilterSet
from .forms import (
    ControlTotalForm,
    FiguresForm,
    FiledStaffEndForm,
    FiledStaffForm,
    HospitalForm,
    StandardForm,
)
from .models import ControlTotal, FiledStaffRecord, Hospital, HospitalFigures, StaffingStandard
from .standard import RatioBook
from .tables import FiledStaffTable, HospitalTable

ROSTER_SHOWN = 50
REGION_ONLY = "人员控制总量标准仅供编办和协作部门查看。"


def _book(user) -> RatioBook:
    scope = access.user_scope(user)
    return RatioBook(scope.region_ids() if scope is not None else [])


class HospitalListView(ObjectListView):
    model = Hospital
    table_class = HospitalTable
    filterset_class = HospitalFilterSet
    add_url_name = "hospitals:hospital_add"
    export_kind = "hospital_control"
    template_name = "hospitals/hospital_list.html"
    title = "公立医院人员控制总量"

    def get_queryset(self):
        hospitals = super().get_queryset().select_related("institution")
        return selectors.with_figures(hospitals, on=timezone.localdate())

    def get_table_kwargs(self):
        return {"book": _book(self.request.user)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reads_standard"] = access.REGION_FIGURES.allows(self.request.user)
        return context


class HospitalDetailView(ObjectDetailView):
    model = Hospital
    queryset = Hospital.objects.select_related("institution__region")
    template_name = "hospitals/hospital_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        hospital, user, today = self.object, self.request.user, timezone.localdate()
        figures, standard = selectors.hospital_standard(hospital, on=today)
        control = selectors.current_control_total(hospital, on=today)
        quota, filed = selectors.occupants(hospital)
        roster = (
            FiledStaffRecord.objects.filter(hospital=hospital, status=RecordStatus.ACTIVE)
            .select_related("person")
            .order_by("person__name", "pk")
        )
        context.update(
            today=today,
            latest=figures,
            standard=standard,
            control=control,
            quota_occupied=quota,
            filed_occupied=filed,
            headroom=selectors.headroom(control.total if control else None, quota, filed),
            figures_history=hospital.figures.order_by("-year"),
            filings=hospital.control_totals.select_related("document").order_by("-filed_on", "-pk"),
            roster=roster[:ROSTER_SHOWN],
            roster_shown=ROSTER_SHOWN,
            can_record=access.can(user, access.Action.ADD, HospitalFigures),
            can_file=access.can(user, access.Action.ADD, ControlTotal),
            can_register=access.can(user, access.Action.ADD, FiledStaffRecord),
        )
        return context


class HospitalFormView(ServiceFormView):
    """A form of the office (action 'add'); ``hospital`` is the one in the URL, if any."""

    action = access.Action.ADD
    template_name = "hospitals/form.html"
    title = ""
    hospital = None

    def dispatch(self, request, *args, **kwargs):
        if "pk" in kwargs and access.can(request.user, self.get_action(), self.model):
            hospitals = access.restrict(
                Hospital.objects.select_related("institution__region"), request.user
            )
            self.hospital = get_object_or_404(hospitals, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=self.title, hospital=self.hospital)
        return context

    def get_success_url(self, result):
        return (self.hospital or result).get_absolute_url()


class HospitalAddView(HospitalFormView):
    model = Hospital
    form_class = HospitalForm
    title = "纳入公立医院备案管理"
    success_message = "已纳入公立医院备案管理。"

    def perform(self, form):
        data = form.cleaned_data
        return services.hospital_register(
            institution=data["institution"],
            category=data["category"],
            actor=self.request.user,
            reason=data["reason"],
        )


class FiguresAddView(HospitalFormView):
    model = HospitalFigures
    form_class = FiguresForm
    title = "登记医院运行数据"
    success_message = "已登记运行数据。"

    def perform(self, form):
        data = form.cleaned_data
        return services.figures_record(
            hospital=self.hospital,
            year=data["year"],
            approved_beds=data["approved_beds"],
            open_beds=data["open_beds"],
            bed_use_rate=data["bed_use_rate"],
            outpatient_visits=data["outpatient_visits"],
            actor=self.request.user,
            reason=data["reason"],
        )


class ControlTotalAddView(HospitalFormView):
    """备案人员控制总量: the form shows the standard computed from the latest figures."""

    model = ControlTotal
    form_class = ControlTotalForm
    template_name = "hospitals/control_total_form.html"
    title = "人员控制总量备案"
    success_message = "已备案人员控制总量。"

    def get_initial(self):
        initial = super().get_initial()
        _, standard = selectors.hospital_standard(self.hospital, on=timezone.localdate())
        if standard is not None:
            initial["total"] = standard.total
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        figures, standard = selectors.hospital_standard(self.hospital, on=today)
        quota, filed = selectors.occupants(self.hospital)
        context.update(
            latest=figures,
            standard=standard,
            control=selectors.current_control_total(self.hospital, on=today),
            quota_occupied=quota,
            filed_occupied=filed,
        )
        return context

    def perform(self, form):
        data = form.cleaned_data
        return services.control_total_file(
            hospital=self.hospital,
            total=data["total"],
            document=data["document"],
            filed_on=data["filed_on"],
            over_standard_reason=data["over_standard_reason"],
            actor=self.request.user,
            reason=data["reason"],
        )


class FiledStaffListView(ObjectListView):
    model = FiledStaffRecord
    table_class = FiledStaffTable
    filterset_class = FiledStaffFilterSet
    add_url_name = "hospitals:filedstaff_add"
    export_kind = "filed_staff"
    title = "备案制人员花名册"
    per_page = 50

    def get_queryset(self):
        return super().get_queryset().select_related("person", "hospital__institution")

    def get_table_kwargs(self):
        return {"can_end": access.can(self.request.user, access.Action.CHANGE, FiledStaffRecord)}


class FiledStaffAddView(HospitalFormView):
    model = FiledStaffRecord
    form_class = FiledStaffForm
    title = "登记备案制人员"
    success_message = "已登记备案制人员。"

    def get_initial(self):
        initial = super().get_initial()
        hospital = self.request.GET.get("hospital")
        if hospital and str(hospital).isdigit():
            initial["hospital"] = hospital
        return initial

    def perform(self, form):
        data = form.cleaned_data
        self.hospital = data["hospital"]
        return services.filed_staff_register(
            hospital=data["hospital"],
            person=data["person"],
            new_person=data["new_person"],
            post_category=data["post_category"],
            job_title=data["job_title"],
            entry_on=data["entry_on"],
            entry_document=data["entry_document"],
            actor=self.request.user,
            reason=data["reason"],
        )


class FiledStaffEndView(HospitalFormView):
    model = FiledStaffRecord
    action = access.Action.CHANGE
    form_class = FiledStaffEndForm
    title = "终止备案"
    success_message = "已终止备案。"

    def dispatch(self, request, *args, **kwargs):
        self.record = None
        if access.can(request.user, self.get_action(), self.model):
            records = access.restrict(
                FiledStaffRecord.objects.select_related("person", "hospital__institution"),
                request.user,
                self.get_action(),
            )
            self.record = get_object_or_404(records, pk=kwargs["record"])
            self.hospital = self.record.hospital
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"终止备案：{self.record.person.name}（{self.hospital}）"
        return context

    def perform(self, form):
        data = form.cleaned_data
        return services.filed_staff_end(
            record=self.record,
            ended_on=data["ended_on"],
            end_reason=data["end_reason"],
            actor=self.request.user,
            reason=data["reason"],
        )


class StandardListView(TemplateView):
    """人员控制总量标准 of the user's region: per category, the office's or the default."""

    template_name = "hospitals/standard_list.html"

    def dispatch(self, request, *args, **kwargs):
        if not access.REGION_FIGURES.allows(request.user):
            raise PermissionDenied(REGION_ONLY)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        scope = access.user_scope(user)
        book = _book(user)
        context.update(
            region=scope.region,
            rows=[
                (value, label, book.ratios(scope.region_id, value))
                for value, label in HospitalCategory.choices
            ],
            can_edit=access.can(user, access.Action.CHANGE, StaffingStandard),
        )
        return context


class StandardEditView(HospitalFormView):
    model = StaffingStandard
    action = access.Action.CHANGE
    form_class = StandardForm
    title = "设定人员控制总量标准"
    success_message = "已保存人员控制总量标准。"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        category = self.request.GET.get("category")
        if category in HospitalCategory.values and self.request.method == "GET":
            scope = access.user_scope(self.request.user)
            kwargs["instance"] = StaffingStandard.objects.filter(
                region_id=scope.region_id, category=category
            ).first()
            kwargs["initial"] = {**kwargs.get("initial", {}), "category": category}
        return kwargs

    def perform(self, form):
        data = form.cleaned_data
        return services.standard_set(
            region=data["region"],
            category=data["category"],
            staff_per_bed=data["staff_per_bed"],
            full_use_rate=data["full_use_rate"],
            visits_per_addition=data["visits_per_addition"],
            staff_per_addition=data["staff_per_addition"],
            actor=self.request.user,
            reason=data["reason"],
        )

    def get_success_url(self, result):
        return reverse("hospitals:standard_list")
