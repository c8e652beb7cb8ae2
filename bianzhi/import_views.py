"""Pages of the background imports: 我的导入 (the user's recent uploads), one job (its progress,
refreshed by htmx polling, then its result), and the marked workbook of its errors. A job
belongs to the user who uploaded it: anyone else gets a 404."""

from pathlib import Path

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views import View
from django.views.generic import DetailView, ListView

from . import files
from .excel.views import xlsx_response
from .imports.jobs import result_of
from .models import ImportJob

MARKED_GONE = "错误清单已过保存期限或不存在，请重新上传校验。"
RECENT_JOBS = 20


class MyImportsMixin:
    def get_queryset(self):
        return ImportJob.objects.filter(user=self.request.user)


class ImportJobListView(MyImportsMixin, ListView):
    template_name = "imports/jobs.html"
    context_object_name = "jobs"

    def get_queryset(self):
        return super().get_queryset()[:RECENT_JOBS]


class ImportJobView(MyImportsMixin, DetailView):
    """One job: its progress, which htmx refreshes every second until it is finished, then the
    result (counts, errors with their rows, the marked workbook)."""

    template_name = "imports/job.html"
    context_object_name = "job"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        result = result_of(self.object)
        context.update(
            result=result,
            marked_url=self.object.marked_url if self.object.marked_path else "",
        )
        return context

    def get_template_names(self):
        if getattr(self.request, "htmx", False):
            return ["imports/includes/job_status.html"]
        return [self.template_name]


class ImportMarkedView(MyImportsMixin, View):
    def get(self, request, pk):
        job = get_object_or_404(self.get_queryset(), pk=pk)
        if not files.exists(job.marked_path):
            raise Http404(MARKED_GONE)
        content = files.read_bytes(job.marked_path)
        return xlsx_response(content, f"错误清单-{Path(job.file_name).stem}.xlsx")
