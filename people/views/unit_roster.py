"""本单位花名册: the unit clerk downloads the unit's roster, edits it offline and uploads it; the
upload becomes draft change requests (never a silent overwrite)."""

from django import forms
from django.shortcuts import get_object_or_404
from django.views import View

from bianzhi import access
from bianzhi.excel.views import ImportForm, ImportView, MarkedWorkbookView, xlsx_response
from bianzhi.views import ScopedViewMixin
from orgs.models import Institution

from ..imports.unit_roster import UnitRosterImporter, unit_roster_workbook
from ..models import ChangeRequest


class UnitScopedMixin:
    """Clerks only (drafting change requests); another unit's page is a 404."""

    model = ChangeRequest
    action = access.Action.ADD

    def dispatch(self, request, *args, **kwargs):
        if access.can(request.user, self.get_action(), self.model):
            visible = access.restrict(Institution.objects.all(), request.user)
            self.institution = get_object_or_404(visible, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)


class UnitRosterForm(ImportForm):
    confirm_stale = forms.BooleanField(
        label="仍按此名册申报",
        required=False,
        help_text="名册下载后本单位实名库又有变动时，上传会被拒绝；核对无误仍要按此名册申报的，请勾选。",
    )


class UnitRosterView(UnitScopedMixin, ImportView):
    template_name = "people/unit_roster.html"
    form_class = UnitRosterForm
    importer = UnitRosterImporter
    marked_url_name = "people:unit_roster_marked"
    confirm_stale = False

    @property
    def title(self):
        return f"{self.institution.full_name} · 本单位花名册"

    def importer_options(self):
        return {"institution": self.institution, "confirm_stale": self.confirm_stale}

    def form_valid(self, form):
        self.confirm_stale = form.cleaned_data["confirm_stale"]
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(institution=self.institution, submit_label="上传并生成申报草稿")
        return context


class UnitRosterDownloadView(UnitScopedMixin, ScopedViewMixin, View):
    """The unit's roster in the roster's columns, ID numbers masked for the clerk (rule 14)."""

    def get(self, request, pk):
        content = unit_roster_workbook(self.institution, request.user)
        return xlsx_response(content, f"{self.institution.full_name}花名册.xlsx")


class UnitRosterMarkedView(MarkedWorkbookView):
    model = ChangeRequest
