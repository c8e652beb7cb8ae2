"""Base views of the imports: upload (with 仅校验), the result page, the marked workbook of the
errors, and template downloads. Web uploads are limited to ``BIANZHI["IMPORT_MAX_UPLOAD_BYTES"]``;
the command line takes the very large files. ``BackgroundImportView`` runs the upload in the task
worker (``bianzhi.imports.jobs``) and shows the job page; ``ImportView`` runs it in the request
(the unit roster, whose result leads to a confirmation step)."""

import secrets
from pathlib import Path
from urllib.parse import quote

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView

from bianzhi import access, files
from bianzhi.imports.jobs import import_job_create
from bianzhi.imports.pipeline import Importer
from bianzhi.models import ImportJob
from bianzhi.views import ScopedViewMixin

from .report import ImportResult
from .safety import FILE_TOO_LARGE, Limits, human_size

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SESSION_KEY = "bianzhi_marked_workbooks"
KEPT_PER_SESSION = 5
MARKED_FOLDER = "imports"


class ImportForm(forms.Form):
    file = forms.FileField(
        label="工作簿文件（.xlsx）",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    dry_run = forms.BooleanField(
        label="仅校验（不写入任何数据）",
        required=False,
        help_text="勾选后只检查文件并列出全部错误，不写入。",
    )

    def __init__(self, *args, user=None, limits: Limits | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.limits = limits or Limits.web()
        limit = self.limits.max_bytes
        self.fields[
            "file"
        ].help_text = f"文件不超过 {human_size(limit)}；更大的文件请使用命令行导入。"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = self.limits.max_bytes
        if upload.size > limit:
            raise forms.ValidationError(
                FILE_TOO_LARGE % {"size": human_size(upload.size), "limit": human_size(limit)}
            )
        return upload


def _kept_name(token: str) -> str:
    return f"{MARKED_FOLDER}/{token}.xlsx"


def keep_marked(request, content: bytes, name: str) -> str:
    """Keep the marked workbook for this session only (in the generated files' storage, so the
    server that takes the download may be another); return its token."""
    token = secrets.token_urlsafe(16)
    files.save(_kept_name(token), content)
    kept = request.session.get(SESSION_KEY, {})
    kept[token] = name
    for old in list(kept)[:-KEPT_PER_SESSION]:
        files.delete(_kept_name(old))
        del kept[old]
    request.session[SESSION_KEY] = kept
    return token


def kept_workbook(request, token: str) -> bytes | None:
    """A workbook this session kept (``keep_marked``), or None for anyone else's token."""
    if token not in request.session.get(SESSION_KEY, {}) or not files.exists(_kept_name(token)):
        return None
    return files.read_bytes(_kept_name(token))


class ImportView(ScopedViewMixin, FormView):
    """Upload → validate (and write unless 仅校验) → the result on the same page.

    Subclasses set ``model`` (its ADD permission gates the page), ``title``, ``importer`` (a
    ``bianzhi.imports.pipeline.Importer``), ``template_url_name``, ``marked_url_name``, and may
    give the importer more keywords (``importer_options``), e.g. the user's scope.
    """

    template_name = "imports/import.html"
    form_class = ImportForm
    action = access.Action.ADD
    title = ""
    intro = ""
    importer: type[Importer]
    template_url_name = ""
    marked_url_name = ""
    # Read in the request: the small limits (``BackgroundImportView`` takes the worker's).
    limits = staticmethod(Limits.in_request)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "limits": self.limits()}

    def importer_options(self) -> dict:
        return {}

    def run(self, upload, dry_run: bool) -> ImportResult:
        importer = self.importer(
            actor=self.request.user,
            dry_run=dry_run,
            limits=self.limits(),
            **self.importer_options(),
        )
        return importer.run(upload)

    def template_url(self) -> str:
        return reverse(self.template_url_name) if self.template_url_name else ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=self.title, intro=self.intro, template_url=self.template_url())
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        result = self.run(upload, form.cleaned_data["dry_run"])
        if not result.ok and all(error.row == 0 for error in result.errors):
            for error in result.errors:
                form.add_error("file", error.message)
            return self.form_invalid(form)
        marked_url = ""
        if not result.ok:
            content = self.importer.error_workbook(upload, result, self.limits())
            token = keep_marked(self.request, content, upload.name)
            marked_url = reverse(self.marked_url_name, args=[token])
        context = self.get_context_data(
            form=self.form_class(limits=self.limits()), result=result, marked_url=marked_url
        )
        return self.render_to_response(context)


class BackgroundImportView(ImportView):
    """Upload → the file stored and queued → the job page (progress, then the result).

    Subclasses set what ``ImportView`` asks for except ``marked_url_name`` (the job page serves
    the marked workbook) and give the importer's options as JSON (``job_options``); the importer
    turns them into its keywords for the uploader (``Importer.job_kwargs``)."""

    recent_jobs = 5
    limits = staticmethod(Limits.web)

    def job_options(self) -> dict:
        return {}

    def importer_path(self) -> str:
        return f"{self.importer.__module__}.{self.importer.__qualname__}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        jobs = ImportJob.objects.filter(user=self.request.user, importer=self.importer_path())
        context.update(jobs=jobs[: self.recent_jobs], jobs_url=reverse("imports:index"))
        return context

    def form_valid(self, form):
        try:
            job = import_job_create(
                user=self.request.user,
                importer=self.importer,
                title=self.title,
                upload=form.cleaned_data["file"],
                dry_run=form.cleaned_data["dry_run"],
                options=self.job_options(),
                page_url=self.request.path,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        return HttpResponseRedirect(job.get_absolute_url())


class MarkedWorkbookView(ScopedViewMixin, View):
    """The marked workbook of an import this session ran; anyone else's token is a 404."""

    action = access.Action.ADD

    def get(self, request, token: str):
        content = kept_workbook(request, token)
        if content is None:
            raise Http404("没有找到该错误清单，请重新导入。")
        name = request.session[SESSION_KEY][token]
        return xlsx_response(content, f"错误清单-{Path(name).stem}.xlsx")


class TemplateDownloadView(ScopedViewMixin, View):
    """A blank collection template; ``build`` returns its bytes."""

    action = access.Action.ADD
    filename = ""

    def build(self) -> bytes:
        raise NotImplementedError

    def get(self, request):
        return xlsx_response(self.build(), self.filename)


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    # RFC 6266: a UTF-8 name for Chinese file names.
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
