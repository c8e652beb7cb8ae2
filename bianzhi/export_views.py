"""Pages of the background exports: start one (from a list page's 导出 Excel button, with its
filters, or from the ledger page), watch its progress (htmx polling), download the file. A job
belongs to the user who asked: anyone else gets a 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views import View
from django.views.generic import DetailView, TemplateView

from . import access, files, ledgers
from .exports import conditions, export_job_create
from .forms import PICKER_QUERY
from .models import ExportJob, ExportStatus

NO_ROLE = "您没有角色，不能导出台账。"
# The job page opened straight after starting the export starts the download by itself when the
# file is ready; opened again later (from 我的导出) it only offers the link.
AUTO_DOWNLOAD = "auto"
NOT_READY = "文件尚未生成。"
NOT_PICKED = "单位“%(name)s”未从列表中选定：请输入名称后点击列表中的单位，或清空该框导出全部。"
CONTROL_NAMES = frozenset({"csrfmiddlewaretoken", PICKER_QUERY})
RECENT_JOBS = 20


def export_params(request) -> dict:
    """The list page's filters (its query string) and the ledger form's fields, as one dict."""
    params = {key: values[-1] for key, values in request.GET.lists() if values}
    params.update(
        (key, values[-1])
        for key, values in request.POST.lists()
        if key not in CONTROL_NAMES and values and values[-1] != ""
    )
    params.pop("page", None)
    params.pop("sort", None)
    return params


class ExportStartView(View):
    http_method_names = ["post"]

    def post(self, request, kind):
        if not access.ANY_ROLE.allows(request.user):
            raise PermissionDenied(NO_ROLE)
        try:
            ledger = ledgers.get(kind)
        except ledgers.LedgerError:
            raise Http404(ledgers.UNKNOWN_LEDGER % {"kind": kind}) from None
        typed = request.POST.get(PICKER_QUERY, "").strip()
        if typed and not request.POST.get("under"):
            messages.error(request, NOT_PICKED % {"name": typed[:50]})
            return HttpResponseRedirect(reverse("exports:index"))
        try:
            job = export_job_create(
                user=request.user, ledger=ledger, params=export_params(request), request=request
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(reverse("exports:index"))
        return HttpResponseRedirect(f"{job.get_absolute_url()}?{AUTO_DOWNLOAD}=1")


class MyJobsMixin:
    def get_queryset(self):
        return ExportJob.objects.filter(user=self.request.user)


class ExportJobView(MyJobsMixin, DetailView):
    """One job: a progress bar that htmx refreshes every second until the file is ready, then
    starts the download once (the fragment that ends the polling, or the page opened right
    after starting an export whose file was already written), keeping the link for later."""

    template_name = "exports/job.html"
    context_object_name = "job"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        polling = bool(getattr(self.request, "htmx", False))
        context["auto_download"] = polling or self.request.GET.get(AUTO_DOWNLOAD) == "1"
        if not polling:
            words = ledgers.param_words(self.request.user, self.object.params)
            context["scope"] = words.scope
            context["conditions"] = [
                (label, value)
                for label, value in conditions(self.object.params, words=words)
                if value != words.scope
            ]
        return context

    def get_template_names(self):
        if getattr(self.request, "htmx", False):
            return ["exports/includes/progress.html"]
        return [self.template_name]


class ExportDownloadView(MyJobsMixin, View):
    def get(self, request, pk):
        job = get_object_or_404(self.get_queryset(), pk=pk)
        if job.status != ExportStatus.DONE or not files.exists(job.path):
            raise Http404(NOT_READY)
        return FileResponse(
            files.open_file(job.path),
            as_attachment=True,
            filename=job.file_name,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )


class LedgerIndexView(TemplateView):
    """台账导出: the filters every ledger shares (region, unit, cut-off date; the form comes from
    ``ledgers.filter_form``), a button per ledger, and the user's recent exports."""

    template_name = "exports/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            form=ledgers.filter_form(self.request.user),
            ledgers=ledgers.offered_to(self.request.user),
            jobs=ExportJob.objects.filter(user=self.request.user)[:RECENT_JOBS],
        )
        return context
