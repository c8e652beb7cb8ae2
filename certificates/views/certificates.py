"""Certificate pages: list, detail, history, print, PDF, issue, reissue, withdrawal, change
pages and annual review."""

import io

from django.conf import settings
from django.http import FileResponse
from django.shortcuts import render
from django.utils import timezone

from bianzhi import access, access_log, privacy
from bianzhi.models import AccessAction
from bianzhi.pdf.renderer import PdfEngineFailed
from bianzhi.views import (
    ObjectActionView,
    ObjectDetailView,
    ObjectHistoryView,
    ObjectListView,
    ServiceFormView,
)
from orgs.models import Institution

from .. import printing, rendering, selectors, services
from ..filtersets import CertificateFilterSet
from ..forms import IssueForm, ReasonForm, ReviewForm, WithdrawForm
from ..models import Certificate
from ..tables import CertificateTable

LISTED = Certificate.objects.select_related("institution")


def certificate_label(certificate: Certificate) -> str:
    """How the access log names a certificate: its number and unit."""
    return f"{certificate.number} {certificate.institution.full_name}"


class CertificateListView(ObjectListView):
    model = Certificate
    table_class = CertificateTable
    filterset_class = CertificateFilterSet
    add_url_name = "certificates:certificate_issue"
    template_name = "certificates/certificate_list.html"
    title = "机构编制管理证"

    def get_queryset(self):
        return selectors.with_pending_changes(super().get_queryset().select_related("institution"))


class ReviewPendingView(CertificateListView):
    """年审: valid certificates whose unit has not been reviewed this year."""

    add_url_name = None
    title = "本年度未年审单位"

    def get_queryset(self):
        return selectors.not_reviewed(super().get_queryset())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["review_year"] = timezone.localdate().year
        return context


class CertificateDetailView(ObjectDetailView):
    model = Certificate
    queryset = Certificate.objects.select_related(
        "institution", "previous", "end_document", "issued_by", "publicity"
    )
    template_name = "certificates/certificate_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        certificate = self.object
        changes = selectors.changes_since_issue(certificate) if certificate.is_valid else []
        context.update(
            changes=changes,
            unentered=[c for c in changes if not c.entered],
            entries=selectors.entries_of(certificate),
            reviews=certificate.reviews.select_related("reviewed_by"),
            editions=access.restrict(
                Certificate.objects.filter(institution=certificate.institution_id),
                self.request.user,
            ).order_by("-edition"),
            pdf_problem=None if certificate.pdf else printing.pdf_engine_problem(),
            pdf_job=None if certificate.pdf else rendering.latest_job(certificate),
            reviewed_this_year=certificate.reviews.filter(year=timezone.localdate().year).exists(),
        )
        return context


class CertificateHistoryView(ObjectHistoryView):
    model = Certificate
    queryset = LISTED

    def policy_institution(self):
        return self.object.institution


class CertificatePrintView(ObjectDetailView):
    """The printable certificate (HTML with print CSS), from the frozen snapshot."""

    model = Certificate
    queryset = LISTED
    template_name = "certificates/certificate_print.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        policy = privacy.policy_for(self.request.user, institution=self.object.institution)
        if policy.full:
            access_log.record(
                self.request,
                action=AccessAction.CERTIFICATE_PRINT,
                label=certificate_label(self.object),
            )
        context.update(selectors.print_context(self.object, policy=policy))
        context["inner_only"] = self.request.GET.get("inner") == "1"
        context["not_in_pdf"] = selectors.not_in_pdf(self.object)
        return context


class CertificatePdfView(ObjectDetailView):
    """The PDF stored at issue time, which holds full ID numbers: only for users who may see them
    (rule 14). Others get the same certificate rendered now with the roster masked. Where no PDF
    can be had, a page saying why and what to install."""

    model = Certificate
    queryset = LISTED
    template_name = "certificates/certificate_pdf_missing.html"

    def get(self, request, *args, **kwargs):
        self.object = certificate = self.get_object()
        filename = f"{certificate.number}.pdf"
        if privacy.may_see_full_id_numbers(request.user, institution=certificate.institution):
            if certificate.pdf:
                access_log.record(
                    request,
                    action=AccessAction.CERTIFICATE_PDF,
                    label=certificate_label(certificate),
                )
                return FileResponse(
                    io.BytesIO(rendering.stored_pdf(certificate)),
                    content_type="application/pdf",
                    filename=filename,
                )
            problem = printing.pdf_engine_problem()
        else:
            try:
                data = printing.masked_certificate_pdf(certificate)
            except PdfEngineFailed as error:
                problem = str(error)
            else:
                return FileResponse(
                    io.BytesIO(data), content_type="application/pdf", filename=filename
                )
        context = self.get_context_data(object=certificate)
        context["pdf_problem"] = problem
        return render(request, self.template_name, context, status=404)


class PdfProgressView(ObjectDetailView):
    """The progress of the PDF render, polled by the certificate page."""

    model = Certificate
    queryset = LISTED
    template_name = "certificates/includes/pdf_progress.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pdf_job"] = rendering.latest_job(self.object)
        return context


class CertificateIssueView(ServiceFormView):
    """核发: refused during the publicity or with an unresolved objection."""

    model = Certificate
    action = access.Action.ADD
    form_class = IssueForm
    template_name = "certificates/certificate_issue.html"

    def get_initial(self):
        initial = super().get_initial()
        wanted = self.request.GET.get("institution")
        if wanted and wanted.isdigit():
            institution = access.restrict(Institution.objects.filter(pk=wanted), self.request.user)
            if institution.exists():
                initial["institution"] = int(wanted)
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["publicity_days"] = settings.BIANZHI["PUBLICITY_DAYS"]
        context["verify_base"] = printing.verify_base()
        context["verify_base_problem"] = printing.verify_base_problem()
        return context

    def perform(self, form):
        return services.certificate_issue(
            institution=form.cleaned_data["institution"],
            actor=self.request.user,
            reason=form.cleaned_data["reason"],
        )

    def get_success_message(self, result):
        message = f"已核发“{result.institution.full_name}”的机构编制管理证 {result.number}。"
        if not result.pdf:
            message += "PDF 正在后台生成，进度见证书页面。"
        return message


class CertificateActionView(ObjectActionView):
    model = Certificate
    queryset = LISTED
    action = access.Action.CHANGE
    template_name = "certificates/certificate_action.html"
    consequences = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["consequences"] = self.consequences
        return context


class CertificateReissueView(CertificateActionView):
    form_class = ReasonForm
    confirm_button = "确认换发"
    danger = False
    consequences = (
        "换发将按今天的机构、编制和人员情况生成新一版证书并重新编号，本版证书标记为“已换发”，"
        "其核验页面将显示已被新版取代。"
    )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "initial_reason": "变更事项较多，换发新证"}

    def perform(self, form):
        return services.certificate_reissue(
            certificate=self.object, actor=self.request.user, reason=form.cleaned_data["reason"]
        )

    def get_success_message(self, result):
        return f"已换发新证 {result.number}（第{result.edition}版），原证书已标记为已换发。"


class CertificateWithdrawView(CertificateActionView):
    form_class = WithdrawForm
    confirm_button = "确认收回"
    consequences = "收回后本证书不再有效，核验页面将显示“已收回”。机构撤销或合并时系统会自动收回。"

    def perform(self, form):
        return services.certificate_withdraw(
            certificate=self.object,
            actor=self.request.user,
            reason=form.cleaned_data["reason"],
            document=form.cleaned_data.get("document"),
        )

    def get_success_message(self, result):
        return f"已收回证书 {result.number}。"


class ChangesEnterView(CertificateActionView):
    form_class = ReasonForm
    confirm_button = "登记到变更页"
    danger = False
    consequences = "将自发证以来已核准、尚未登记的变动申报和编制调整逐项登记到证书的变更登记页。"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "initial_reason": "登记发证后的变更事项"}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["unentered"] = selectors.unentered_changes(self.object)
        return context

    def perform(self, form):
        services.changes_enter(
            certificate=self.object, actor=self.request.user, reason=form.cleaned_data["reason"]
        )
        return self.object

    def get_success_message(self, result):
        return "已登记到证书的变更登记页。"


class ReviewAddView(CertificateActionView):
    form_class = ReviewForm
    confirm_button = "登记年审"
    danger = False
    consequences = "年审结果将打印在证书的年审记录页。"

    def perform(self, form):
        data = form.cleaned_data
        services.annual_review_record(
            certificate=self.object,
            actor=self.request.user,
            year=data["year"],
            result=data["result"],
            reviewed_on=data["reviewed_on"],
            remarks=data["remarks"],
            reason=data["reason"],
        )
        return self.object

    def get_success_message(self, result):
        return "已登记年审。"
