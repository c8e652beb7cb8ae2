"""导出上报数据包 and 导入下级数据包 pages for the office admin: thin views over exchange.jobs.
The export page picks the as-of date and queues the export; the import page uploads, previews
the manifest (nothing written), and on confirmation queues the import; the job page follows
either one's progress and offers the package's download."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView

from bianzhi import access, files

from . import jobs
from .choices import JobKind, JobState
from .forms import ConfirmForm, ExportForm, UploadForm
from .models import PackageJob
from .package import TABLE_LABELS

FOR_OFFICE_ADMIN = "只有编办管理员可以导出或导入上报数据包（数据包含完整身份证号）。"
UPLOADS_KEY = "exchange_uploads"
UPLOAD_GONE = "上传的数据包已失效，请重新上传。"


class ExchangeAdminMixin:
    def dispatch(self, request, *args, **kwargs):
        if not access.DATA_EXCHANGE.allows(request.user):
            raise PermissionDenied(FOR_OFFICE_ADMIN)
        return super().dispatch(request, *args, **kwargs)

    def recent_jobs(self, kind):
        return PackageJob.objects.filter(user=self.request.user, kind=kind).select_related(
            "region"
        )[:10]


def manifest_rows(manifest: dict) -> list[dict]:
    return [
        {**entry, "label": TABLE_LABELS.get(entry["table"], entry["table"])}
        for entry in manifest.get("files", [])
    ]


class ExportView(ExchangeAdminMixin, View):
    template_name = "exchange/export.html"

    def render(self, form):
        return TemplateResponse(
            self.request,
            self.template_name,
            {
                "form": form,
                "region": access.user_scope(self.request.user).region,
                "jobs": self.recent_jobs(JobKind.EXPORT),
            },
        )

    def get(self, request):
        return self.render(ExportForm(initial={"as_of": timezone.localdate()}))

    def post(self, request):
        form = ExportForm(request.POST)
        if not form.is_valid():
            return self.render(form)
        try:
            job = jobs.export_queue(
                user=request.user,
                region=access.user_scope(request.user).region,
                day=form.cleaned_data["as_of"],
                request=request,
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return self.render(form)
        return HttpResponseRedirect(job.get_absolute_url())


class ImportView(ExchangeAdminMixin, View):
    """Upload → preview (the manifest, checked for format, region and date) → confirm."""

    template_name = "exchange/import.html"

    def render(self, form, **context):
        return TemplateResponse(
            self.request,
            self.template_name,
            {"form": form, "jobs": self.recent_jobs(JobKind.IMPORT), **context},
        )

    def get(self, request):
        return self.render(UploadForm())

    def post(self, request):
        if "upload" in request.POST:
            return self.confirm(request)
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(form)
        upload = form.cleaned_data["package"]
        name = jobs.store_upload(upload)
        try:
            manifest = jobs.preview(user=request.user, name=name)
        except ValidationError as error:
            jobs.discard_upload(name)
            form.add_error("package", error.messages[0])
            return self.render(form)
        token = jobs.upload_token(name)
        uploads = request.session.get(UPLOADS_KEY, {})
        uploads[token] = upload.name
        request.session[UPLOADS_KEY] = uploads
        return self.render(
            UploadForm(),
            manifest=manifest,
            files=manifest_rows(manifest),
            confirm=ConfirmForm(initial={"upload": token}),
            upload_name=upload.name,
        )

    def confirm(self, request):
        form = ConfirmForm(request.POST)
        uploads = request.session.get(UPLOADS_KEY, {})
        token = form.data.get("upload", "")
        name = jobs.upload_name(token)
        if not form.is_valid() or token not in uploads or not files.exists(name):
            messages.error(request, UPLOAD_GONE)
            return HttpResponseRedirect(request.path)
        try:
            job = jobs.import_queue(user=request.user, name=name, file_name=uploads[token])
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return HttpResponseRedirect(request.path)
        uploads.pop(token)
        request.session[UPLOADS_KEY] = uploads
        return HttpResponseRedirect(job.get_absolute_url())


class JobView(ExchangeAdminMixin, DetailView):
    """One export or import of the current user: progress, refreshed every second (htmx) until
    it ends, then the download (export) or what was written (import)."""

    context_object_name = "job"

    def get_queryset(self):
        return PackageJob.objects.filter(user=self.request.user).select_related("region")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.object
        context["files"] = manifest_rows(job.manifest)
        if job.kind == JobKind.IMPORT and job.status == JobState.DONE:
            context["outcome"] = [
                {
                    "label": label,
                    "created": job.result.get("created", {}).get(table, 0),
                    "updated": job.result.get("updated", {}).get(table, 0),
                    "ended": job.result.get("ended", {}).get(table, 0),
                    "deleted": job.result.get("deleted", {}).get(table, 0),
                    "skipped": job.result.get("skipped", {}).get(table, 0),
                }
                for table, label in TABLE_LABELS.items()
            ]
        return context

    def get_template_names(self):
        if getattr(self.request, "htmx", False):
            return ["exchange/includes/progress.html"]
        return ["exchange/job.html"]


class DownloadView(ExchangeAdminMixin, View):
    def get(self, request, pk):
        job = get_object_or_404(
            PackageJob, pk=pk, user=request.user, kind=JobKind.EXPORT, status=JobState.DONE
        )
        if not files.exists(job.path):
            raise Http404("数据包文件已不存在，请重新导出。")
        return FileResponse(
            files.open_file(job.path),
            as_attachment=True,
            filename=job.file_name,
            content_type="application/zip",
        )
