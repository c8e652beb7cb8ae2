from collections import Counter

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import TemplateView

from bianzhi import access, home
from bianzhi.forms import model_data
from bianzhi.uploads import stored_file_response
from bianzhi.views import (
    ObjectActionView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
    ScopedViewMixin,
)

from . import services
from .choices import KIND_LABELS, ORGAN_LABEL, ORGAN_LABELS_BY_SYSTEM, Status, kind_label
from .filtersets import DepartmentFilterSet, DocumentFilterSet, InstitutionFilterSet
from .forms import AbolishForm, DepartmentForm, DocumentForm, InstitutionForm
from .models import ApprovalDocument, Institution, InternalDepartment
from .tables import DepartmentTable, DocumentTable, InstitutionTable

# Organ labels shown on the home page only where the region has such an organ; 党政机关 always.
ORGAN_KIND_LABELS = (set(ORGAN_LABELS_BY_SYSTEM.values()) | {ORGAN_LABEL}) - {"党政机关"}


class HomeView(TemplateView):
    """工作台 per role (bianzhi.home): the direct links to the role's main jobs, the figures the
    apps put there for it, and for region-wide roles the units by type."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(home.home_for(user, timezone.localdate()))
        if access.role_of(user) in access.REGION_ROLES:
            context["kind_counts"] = self.kind_counts()
        return context

    def kind_counts(self) -> list[tuple[str, int]]:
        """Active units per kind; organs by system (人大机关, 审判机关 …) where there are any,
        every other kind always."""
        institutions = access.restrict(Institution.objects.all(), self.request.user)
        by_label = Counter()
        for kind, system, count in (
            institutions.filter(status=Status.ACTIVE)
            .values_list("kind", "system")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            by_label[kind_label(kind, system)] += count
        return [
            (label, by_label[label])
            for label in KIND_LABELS
            if by_label[label] or label not in ORGAN_KIND_LABELS
        ]


# --- institutions ----------------------------------------------------------------------------


class InstitutionListView(ObjectListView):
    export_kind = "institutions"
    model = Institution
    queryset = Institution.objects.select_related("region", "parent")
    table_class = InstitutionTable
    filterset_class = InstitutionFilterSet
    add_url_name = "orgs:institution_add"
    template_name = "orgs/institution_list.html"
    title = "机构名录"


class InstitutionTreeView(ScopedViewMixin, TemplateView):
    """机构树: the parent tree of the institutions in scope, expanded level by level."""

    model = Institution
    template_name = "orgs/institution_tree.html"

    def nodes(self):
        visible = self.get_queryset().filter(status=Status.ACTIVE)
        parent_id = self.request.GET.get("parent")
        if parent_id:
            parent = get_object_or_404(visible, pk=parent_id)
            level = visible.filter(parent=parent)
        else:
            # The roots of what this user sees: no parent, or a parent outside the scope.
            level = visible.exclude(parent__in=visible)
        return (
            level.select_related("region")
            .annotate(child_count=Count("children", filter=Q(children__status=Status.ACTIVE)))
            .order_by("sort_order", "full_name")
        )

    def get_template_names(self):
        if self.request.htmx:
            return ["orgs/includes/tree_nodes.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["nodes"] = self.nodes()
        return context


class InstitutionDetailView(ObjectDetailView):
    model = Institution
    queryset = Institution.objects.select_related(
        "region", "parent", "establishing_document", "abolition_document"
    )
    template_name = "orgs/institution_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        institution = self.object
        user = self.request.user
        context.update(
            departments=institution.departments.order_by("status", "sort_order", "name"),
            children=access.restrict(institution.children.all(), user)
            .filter(status=Status.ACTIVE)
            .select_related("region"),
            documents=access.restrict(institution.documents.all(), user),
            ancestors=list(reversed(institution.ancestors())),
        )
        return context


class InstitutionHistoryView(ObjectHistoryView):
    model = Institution


class InstitutionEditView(ObjectEditView):
    model = Institution
    form_class = InstitutionForm

    def get_initial(self):
        initial = super().get_initial()
        scope = access.user_scope(self.request.user)
        if self.object is None and scope and scope.region_id:
            initial["region"] = scope.region_id
        if self.object is None and "parent" in self.request.GET:
            initial["parent"] = self.request.GET["parent"]
        return initial

    def perform(self, form):
        reason, document = form.cleaned_data["reason"], form.cleaned_data["document"]
        actor = self.request.user
        if self.object is None:
            return services.institution_create(
                actor=actor, reason=reason, document=document, **model_data(form)
            )
        return services.institution_update(
            institution=self.object,
            actor=actor,
            reason=reason,
            document=document,
            changes=model_data(form, changed_only=True),
        )


class InstitutionAbolishView(ObjectActionView):
    model = Institution
    action = access.Action.ABOLISH
    form_class = AbolishForm
    confirm_button = "确认撤销"
    template_name = "orgs/institution_abolish.html"

    def perform(self, form):
        return services.institution_abolish(
            institution=self.object,
            document=form.cleaned_data["document"],
            abolished_on=form.cleaned_data["abolished_on"],
            actor=self.request.user,
            reason=form.cleaned_data["reason"],
        )

    def get_success_message(self, result):
        return f"已撤销机构“{result}”。"


# --- internal departments --------------------------------------------------------------------


class DepartmentListView(ObjectListView):
    model = InternalDepartment
    queryset = InternalDepartment.objects.select_related("institution")
    table_class = DepartmentTable
    filterset_class = DepartmentFilterSet
    add_url_name = "orgs:department_add"


class DepartmentDetailView(ObjectDetailView):
    model = InternalDepartment
    queryset = InternalDepartment.objects.select_related("institution", "abolition_document")
    template_name = "orgs/internaldepartment_detail.html"


class DepartmentHistoryView(ObjectHistoryView):
    model = InternalDepartment


class DepartmentEditView(ObjectEditView):
    model = InternalDepartment
    form_class = DepartmentForm

    def get_initial(self):
        initial = super().get_initial()
        if self.object is None and "institution" in self.request.GET:
            initial["institution"] = self.request.GET["institution"]
        return initial

    def perform(self, form):
        reason, document = form.cleaned_data["reason"], form.cleaned_data["document"]
        if self.object is None:
            return services.department_create(
                actor=self.request.user, reason=reason, document=document, **model_data(form)
            )
        return services.department_update(
            department=self.object,
            actor=self.request.user,
            reason=reason,
            document=document,
            changes=model_data(form, changed_only=True),
        )


class DepartmentAbolishView(ObjectActionView):
    model = InternalDepartment
    action = access.Action.ABOLISH
    form_class = AbolishForm
    confirm_button = "确认撤销"

    def perform(self, form):
        return services.department_abolish(
            department=self.object,
            document=form.cleaned_data["document"],
            abolished_on=form.cleaned_data["abolished_on"],
            actor=self.request.user,
            reason=form.cleaned_data["reason"],
        )

    def get_success_message(self, result):
        return f"已撤销内设机构“{result}”。"


# --- approval documents ----------------------------------------------------------------------


class DocumentListView(ObjectListView):
    model = ApprovalDocument
    queryset = ApprovalDocument.objects.select_related("region")
    table_class = DocumentTable
    filterset_class = DocumentFilterSet
    add_url_name = "orgs:document_add"


class DocumentDetailView(ObjectDetailView):
    model = ApprovalDocument
    queryset = ApprovalDocument.objects.select_related("region").prefetch_related(
        Prefetch("institutions", queryset=Institution.objects.select_related("region"))
    )
    template_name = "orgs/approvaldocument_detail.html"


class DocumentScanView(ObjectDetailView):
    """The scanned document, served only to users who may see the document (never from /media/)."""

    model = ApprovalDocument

    def get(self, request, *args, **kwargs):
        document = self.get_object()
        if not document.scan:
            raise Http404("该文件没有扫描件。")
        return stored_file_response(document.scan)


class DocumentHistoryView(ObjectHistoryView):
    model = ApprovalDocument


class DocumentEditView(ObjectEditView):
    model = ApprovalDocument
    form_class = DocumentForm

    def perform(self, form):
        institutions = form.cleaned_data["institutions"]
        reason = form.cleaned_data["reason"]
        if self.object is None:
            return services.document_create(
                actor=self.request.user,
                reason=reason,
                institutions=institutions,
                **model_data(form),
            )
        return services.document_update(
            document=self.object,
            actor=self.request.user,
            reason=reason,
            changes=model_data(form, changed_only=True),
            institutions=institutions,
        )
