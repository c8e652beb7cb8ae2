"""身份确认 pages (rules 47–48): the worklist of a 组织 or 人社 partner (the office reads it),
the confirmation of the selected people behind a confirmation page, and 退回 with a reason."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import View

from bianzhi import access
from bianzhi.views import ObjectListView, ScopedViewMixin, ServiceFormView

from . import selectors, services
from .choices import KIND_OF
from .filtersets import WorklistFilterSet
from .forms import ConfirmForm, RejectForm
from .models import IdentityConfirmation
from .tables import WorklistTable

NOT_CONFIRMING = "身份确认由组织部门、人社部门的协作账号办理，编办可查看。"


class ConfirmationMixin:
    """The office, and partners of 组织 or 人社 (other partners have nothing to confirm)."""

    model = IdentityConfirmation

    def dispatch(self, request, *args, **kwargs):
        if not access.IDENTITY_CONFIRMATION.allows(request.user):
            raise PermissionDenied(NOT_CONFIRMING)
        return super().dispatch(request, *args, **kwargs)

    def worklist(self):
        return selectors.worklist(self.request.user)


class WorklistView(ConfirmationMixin, ObjectListView):
    table_class = WorklistTable
    filterset_class = WorklistFilterSet
    template_name = "confirmations/worklist.html"
    title = "身份确认"

    def get_queryset(self):
        return self.worklist()

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["kinds"] = selectors.kinds_for(self.request.user)
        return kwargs

    def can_decide(self) -> bool:
        return access.department_of(self.request.user) in KIND_OF

    def get_table_kwargs(self):
        return {} if self.can_decide() else {"exclude": ("select", "actions")}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        department = access.department_of(self.request.user)
        context.update(
            can_decide=self.can_decide(),
            department=department.label if department else "",
            kinds=[kind.label for kind in selectors.kinds_for(self.request.user)],
        )
        return context


class ConfirmView(ConfirmationMixin, ScopedViewMixin, View):
    """确认: a GET shows the selected people and asks for confirmation (nothing is written); the
    POST of that page confirms them all in one transaction."""

    action = access.Action.CHANGE
    template_name = "confirmations/confirm.html"

    def _back(self):
        return HttpResponseRedirect(reverse("confirmations:worklist"))

    def get(self, request):
        form = ConfirmForm(request.GET, user=request.user)
        if not form.is_valid():
            messages.error(request, form.errors["records"][0])
            return self._back()
        return TemplateResponse(
            request, self.template_name, {"form": form, "rows": form.cleaned_data["records"]}
        )

    def post(self, request):
        form = ConfirmForm(request.POST, user=request.user)
        if not form.is_valid():
            messages.error(request, form.errors["records"][0])
            return self._back()
        try:
            confirmed = services.confirm(records=form.cleaned_data["records"], actor=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return self._back()
        messages.success(request, f"已确认 {len(confirmed)} 人的身份状态。")
        return self._back()


class RejectView(ConfirmationMixin, ServiceFormView):
    """退回 one person's status with the reason (rule 47); a 自查 breach follows (rule 48)."""

    action = access.Action.CHANGE
    form_class = RejectForm
    template_name = "confirmations/reject.html"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if access.IDENTITY_CONFIRMATION.allows(user) and access.can(user, self.action, self.model):
            self.record = get_object_or_404(self.worklist(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["record"] = self.record
        return context

    def perform(self, form):
        return services.reject(
            record=self.record, actor=self.request.user, reason=form.cleaned_data["reason"]
        )

    def get_success_message(self, result):
        return f"已退回{result.record.person.name}的{result.get_kind_display()}，理由已记录。"

    def get_success_url(self, result):
        return reverse("confirmations:worklist")
