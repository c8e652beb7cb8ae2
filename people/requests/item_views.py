"""The request's people while the unit drafts it: 添加人员 (with "保存并继续添加" for a batch),
修改 one of them with every field it holds, 删除 one. Each is a ``RequestActionView`` calling one
service of ``items``, which checks what ``workflow`` allows."""

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property

from bianzhi import access_log
from bianzhi.models import AccessAction

from ..views.base import RefreshFormMixin
from . import items, workflow
from .actions import RequestActionView
from .display import entry_policy
from .registry import spec_for

ROSTER_ITEMS_FROM_UPLOAD = (
    "花名册批量变动的人员来自上传的花名册，不能逐个添加；可删除条目或重新上传。"
)


class ItemFormMixin(RefreshFormMixin):
    """The kind's item form, for the request's unit."""

    template_name = "people/request_item_form.html"

    def get_form_class(self):
        form_class = spec_for(self.object.kind).item_form
        if form_class is None:  # a roster batch: its items come from the upload
            raise PermissionDenied(ROSTER_ITEMS_FROM_UPLOAD)
        return form_class

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "change_request": self.object}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = self.object.get_absolute_url()
        return context


class RequestItemAddView(ItemFormMixin, RequestActionView):
    """添加人员: one person's change of the request's kind. "保存并继续添加" opens the form again
    with what a batch shares (the form's ``batch_kept``: e.g. an intake's quota line, permit and
    post) filled in, everything about the person cleared."""

    action_name = workflow.ITEM_ADD

    @property
    def confirm_button(self):
        return spec_for(self.object.kind).item_add_label

    def kept_fields(self) -> tuple[str, ...]:
        return getattr(self.get_form_class(), "batch_kept", ())

    def get_initial(self):
        initial = super().get_initial()
        for name in self.kept_fields():
            if self.request.GET.get(name):
                initial[name] = self.request.GET[name]
        return initial

    def perform(self, form):
        self.kept = {
            name: getattr(value, "pk", value)
            for name in self.kept_fields()
            if (value := form.cleaned_data.get(name)) not in (None, "")
        }
        return items.item_add(request=self.object, actor=self.request.user, **form.item())

    def get_success_message(self, result):
        return f"已添加：{result.person_name or self.object.get_kind_display()}。"

    def get_success_url(self, result):
        if self.request.POST.get("add_another"):
            url = reverse("people:request_item_add", args=[self.object.pk])
            return f"{url}?{urlencode(self.kept)}" if self.kept else url
        return self.object.get_absolute_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context["batch"] = spec_for(self.object.kind).several_items
        context["kept_labels"] = [
            str(form.fields[name].label)
            for name in self.kept_fields()
            if self.request.GET.get(name) and name in form.fields
        ]
        return context


class RequestItemEditView(ItemFormMixin, RequestActionView):
    """修改 one item: the kind's form with every value the item holds, checked as a new item is
    (``items.item_update``). The clerk sees the full ID number it typed (``entry_policy``),
    logged like every full display."""

    action_name = workflow.ITEM_EDIT
    confirm_button = "修改申报人员"

    @cached_property
    def item(self):
        return get_object_or_404(self.object.items, pk=self.kwargs["item_pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "item": self.item}

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if response.status_code == 200 and self.item.id_number:
            policy = entry_policy(request.user, self.object)
            if policy.full:
                access_log.record(request, action=AccessAction.REQUEST_VIEW, label=str(self.object))
        return response

    def perform(self, form):
        return items.item_update(item=self.item, actor=self.request.user, **form.item())

    def get_success_message(self, result):
        return f"已修改：{result.person_name or self.object.get_kind_display()}。"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["edited_item"] = self.item
        return context


class RequestItemRemoveView(RequestActionView):
    action_name = workflow.ITEM_REMOVE
    confirm_button = "删除申报人员"
    danger = True

    def get_item(self):
        return get_object_or_404(self.object.items, pk=self.kwargs["item_pk"])

    def perform(self, form):
        item = self.get_item()
        items.item_remove(item=item, actor=self.request.user)
        return item

    def get_success_message(self, result):
        return f"已从申报中删除：{result.person_name or '该项'}。"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = self.get_item()
        context["intro"] = f"将从申报 {self.object.number} 中删除“{item.person_name or '该项'}”。"
        return context
