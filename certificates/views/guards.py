"""Guard-rail pages of the certificate: the units ready for their certificate (可发证) and
rendering a certificate's PDF again after a failure."""

from django.urls import reverse

from bianzhi import access
from bianzhi.views import ObjectActionView, ObjectListView

from .. import guards, selectors
from ..filtersets import ReadyToIssueFilterSet
from ..forms import PdfRetryForm
from ..models import Certificate, Publicity
from ..tables import ReadyToIssueTable
from .publicity import with_objection_counts


class ReadyToIssueView(ObjectListView):
    """可发证: the units whose latest publicity ended with no open objection and that hold no
    certificate issued since, each with its 发证 button (see ``selectors.ready_to_issue``)."""

    model = Publicity
    table_class = ReadyToIssueTable
    filterset_class = ReadyToIssueFilterSet
    template_name = "certificates/ready_list.html"
    title = "可发证单位"

    def get_queryset(self):
        ready = selectors.ready_to_issue(super().get_queryset().select_related("institution"))
        return with_objection_counts(ready).order_by("ends_on", "institution__sort_order", "pk")

    def get_table_kwargs(self):
        can_issue = access.can(self.request.user, access.Action.ADD, Certificate)
        return {"issue_url": reverse("certificates:certificate_issue") if can_issue else None}


class CertificatePdfRetryView(ObjectActionView):
    """重新生成 PDF after the task worker failed: a new job, whose progress the certificate page
    shows."""

    model = Certificate
    queryset = Certificate.objects.select_related("institution")
    action = access.Action.CHANGE
    form_class = PdfRetryForm
    confirm_button = "重新生成 PDF"
    danger = False
    template_name = "certificates/pdf_retry.html"

    def perform(self, form):
        guards.certificate_pdf_rerender(certificate=self.object, actor=self.request.user)
        return self.object

    def get_success_message(self, result):
        return "已重新提交 PDF 生成任务，进度见下方。"
