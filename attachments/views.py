"""Attachment pages: upload to an owner, download and delete one. The owner decides: a user sees
an attachment only if the owner is in the user's scope (404 otherwise, whatever the URL), and
the owner kind's rule says who may upload or delete now. Files are never served from /media/.

A page that may not be used now sends the user back to the owner with the reason; a post is
always handed to the service, which checks again and is the authority (403 for the role, the
reason on the form for the owner's state)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.views.generic import FormView, View

from bianzhi import access
from bianzhi.forms import add_service_errors
from bianzhi.uploads import stored_file_response

from . import registry, services
from .forms import AttachmentForm
from .models import Attachment

NO_OWNER = "没有这类可上传附件的对象。"


def _visible_attachment(request, pk) -> Attachment:
    attachment = get_object_or_404(Attachment.objects.select_related("owner_type"), pk=pk)
    owner = attachment.owner
    if owner is None or not services.visible(owner, request.user):
        raise Http404("没有找到该附件。")
    return attachment


class AttachmentDownloadView(View):
    """The file itself, inline for PDFs and images (sandboxed), to users who see its owner."""

    def get(self, request, pk):
        attachment = _visible_attachment(request, pk)
        return stored_file_response(attachment.file, filename=attachment.name)


class OwnerFormView(FormView):
    """A form about one owner's attachments; the owner page is where the user returns."""

    template_name = "attachments/attachment_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            owner = self.perform(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message())
        return HttpResponseRedirect(owner.get_absolute_url() + "#attachments")

    def get_context_data(self, **kwargs):
        return super().get_context_data(owner=self.owner, **kwargs)


class AttachmentAddView(OwnerFormView):
    """上传附件 to one owner (the panel on the owner's page posts here; errors show on this page)."""

    form_class = AttachmentForm

    @cached_property
    def kind(self) -> registry.OwnerKind:
        kind = registry.kind_named(self.kwargs["kind"])
        if kind is None:
            raise Http404(NO_OWNER)
        return kind

    @cached_property
    def owner(self):
        owners = access.restrict(self.kind.model.objects.all(), self.request.user)
        return get_object_or_404(owners, pk=self.kwargs["pk"])

    def dispatch(self, request, *args, **kwargs):
        refusal = registry.refusal(self.kind.check_add, self.owner, request.user)
        if refusal is not None and request.method != "POST":
            messages.warning(request, refusal)
            return HttpResponseRedirect(self.owner.get_absolute_url())
        return super().dispatch(request, *args, **kwargs)

    def perform(self, form):
        self.attachment = services.attachment_add(
            owner=self.owner,
            upload=form.cleaned_data["file"],
            description=form.cleaned_data["description"],
            actor=self.request.user,
        )
        return self.owner

    def success_message(self):
        return f"已上传附件“{self.attachment.name}”。"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title="上传附件", hint=self.kind.hint, confirm_button="上传", **kwargs
        )


class ConfirmDeleteForm(forms.Form):
    """Nothing to fill in: the page asks, the post confirms."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user


class AttachmentDeleteView(OwnerFormView):
    """删除附件, behind a confirmation page, only while the owner is editable."""

    form_class = ConfirmDeleteForm

    @cached_property
    def attachment(self) -> Attachment:
        return _visible_attachment(self.request, self.kwargs["pk"])

    @cached_property
    def owner(self):
        return self.attachment.owner

    def dispatch(self, request, *args, **kwargs):
        kind = registry.kind_of(self.owner)
        refusal = registry.refusal(kind.check_delete, self.owner, request.user)
        if refusal is not None and request.method != "POST":
            messages.warning(request, refusal)
            return HttpResponseRedirect(self.owner.get_absolute_url())
        return super().dispatch(request, *args, **kwargs)

    def perform(self, form):
        return services.attachment_delete(attachment=self.attachment, actor=self.request.user)

    def success_message(self):
        return f"已删除附件“{self.attachment.name}”。"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title="删除附件",
            attachment=self.attachment,
            confirm_button="确认删除",
            danger=True,
            **kwargs,
        )
