"""本单位花名册: the unit clerk downloads the unit's roster, edits it offline and uploads it; the
upload becomes draft change requests (never a silent overwrite)."""

import io

from django import forms
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views import View

from bianzhi import access, access_log, privacy
from bianzhi.excel.views import (
    ImportForm,
    ImportView,
    MarkedWorkbookView,
    keep_marked,
    kept_workbook,
    xlsx_response,
)
from bianzhi.models import AccessAction, IdNumbers
from bianzhi.views import ScopedViewMixin
from orgs.models import Institution

from ..choices import EndReason
from ..forms.records import EXIT_REASONS
from ..imports.unit_roster import UnitRosterImporter, unit_records, unit_roster_workbook
from ..models import ChangeRequest

UPLOAD_GONE = "上传的花名册已失效，请重新上传。"
REASON_FIELD = "exit_reason_"


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


class ExitReasonsForm(forms.Form):
    """确认出编原因: the reason of each exit an upload proposes, chosen before the request is
    drafted (其他 until the clerk changes it). The upload itself is kept for this session."""

    token = forms.CharField(widget=forms.HiddenInput)
    confirm_stale = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, records, **kwargs):
        super().__init__(*args, **kwargs)
        self.records = records
        for record in records:
            self.fields[f"{REASON_FIELD}{record.pk}"] = forms.ChoiceField(
                label=f"{record.person.name}（{record.quota_line.type_label}）",
                choices=EXIT_REASONS,
                initial=EndReason.OTHER,
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )

    def reason_fields(self):
        return [self[f"{REASON_FIELD}{record.pk}"] for record in self.records]

    def reasons(self) -> dict[int, str]:
        return {r.pk: self.cleaned_data[f"{REASON_FIELD}{r.pk}"] for r in self.records}


class UnitRosterView(UnitScopedMixin, ImportView):
    """Upload → (the exits' reasons confirmed) → one draft roster batch request."""

    template_name = "people/unit_roster.html"
    form_class = UnitRosterForm
    importer = UnitRosterImporter
    marked_url_name = "people:unit_roster_marked"
    confirm_stale = False
    exit_reasons: dict[int, str] = {}
    content: bytes | None = None
    exits_to_confirm: list = []

    @property
    def title(self):
        return f"{self.institution.full_name} · 本单位花名册"

    def importer_options(self):
        return {
            "institution": self.institution,
            "confirm_stale": self.confirm_stale,
            "exit_reasons": self.exit_reasons,
            "confirm_exits": True,
        }

    def run(self, upload, dry_run: bool):
        importer = self.importer(
            actor=self.request.user,
            dry_run=dry_run,
            limits=self.limits(),
            **self.importer_options(),
        )
        result = importer.run(upload)
        # Every exit is listed again (with the reasons given so far) when any lacks its reason.
        confirm = importer.exits_to_confirm and result.ok and not dry_run
        self.exits_to_confirm = importer.exits if confirm else []
        return result

    def post(self, request, *args, **kwargs):
        if "token" in request.POST:
            return self.confirm_exits()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        self.confirm_stale = form.cleaned_data["confirm_stale"]
        upload = form.cleaned_data["file"]
        self.content = upload.read()
        upload.seek(0)
        return super().form_valid(form)

    def confirm_exits(self):
        """The confirmation step: the kept upload run again with the reasons chosen."""
        self.content = kept_workbook(self.request, self.request.POST.get("token", ""))
        if self.content is None:
            raise Http404(UPLOAD_GONE)
        pks = [
            int(name.removeprefix(REASON_FIELD))
            for name in self.request.POST
            if name.startswith(REASON_FIELD) and name.removeprefix(REASON_FIELD).isdigit()
        ]
        records = list(unit_records(self.institution).filter(pk__in=pks))
        exit_form = ExitReasonsForm(self.request.POST, records=records)
        if not exit_form.is_valid():
            return self.render_to_response(
                self.get_context_data(
                    form=self.form_class(limits=self.limits()), exit_form=exit_form
                )
            )
        self.confirm_stale = exit_form.cleaned_data["confirm_stale"]
        self.exit_reasons = exit_form.reasons()
        result = self.run(io.BytesIO(self.content), dry_run=False)
        return self.render_to_response(
            self.get_context_data(form=self.form_class(limits=self.limits()), result=result)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(institution=self.institution, submit_label="上传并生成申报草稿")
        if self.exits_to_confirm and "exit_form" not in context:
            token = keep_marked(self.request, self.content, "本单位花名册.xlsx")
            initial = {"token": token, "confirm_stale": self.confirm_stale}
            initial.update((f"{REASON_FIELD}{pk}", r) for pk, r in self.exit_reasons.items())
            context["exit_form"] = ExitReasonsForm(records=self.exits_to_confirm, initial=initial)
        return context


class UnitRosterDownloadView(UnitScopedMixin, ScopedViewMixin, View):
    """The unit's roster in the roster's columns, ID numbers masked for the clerk (rule 14)."""

    def get(self, request, pk):
        content = unit_roster_workbook(self.institution, request.user)
        full = privacy.policy_for(request.user, institution=self.institution).full
        access_log.record(
            request,
            action=AccessAction.EXPORT,
            label="本单位花名册",
            scope=f"单位：{self.institution.full_name}",
            id_numbers=IdNumbers.FULL if full else IdNumbers.MASKED,
        )
        return xlsx_response(content, f"{self.institution.full_name}花名册.xlsx")


class UnitRosterMarkedView(MarkedWorkbookView):
    model = ChangeRequest
