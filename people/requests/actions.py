"""What users do to a change request, one view per action of ``workflow``, each calling one
service.

The request page shows an action only when ``workflow.available_actions`` offers it; these views
open their own page only to the roles of the action's steps (403 otherwise). A post, however, is
always handed to the service, which checks the same table and is the authority: a wrong role, an own request or a request outside the
scope is refused there (403, or 404 for a request the user cannot see at all) and a wrong state
or a broken rule is shown on the page with the data kept, nothing written.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import cached_property

from bianzhi import access, access_log
from bianzhi.models import AccessAction
from bianzhi.views import ObjectActionView

from ..models import ChangeRequest
from . import services, workflow
from .display import describe_items, entry_policy
from .forms import ApproveForm, ConfirmForm, NoteForm, RequestEditForm, ReturnForm, ReviewForm
from .preview import request_preview
from .registry import spec_for

ROLE_MAY_NOT_OPEN = "您的角色不能进行此操作。"
NOT_NOW = "该申报当前状态为“%(state)s”，不能%(action)s。"
CANNOT_SUBMIT_YET = "该申报还不能提交，请先处理：%(problems)s"


class RequestActionView(ObjectActionView):
    """One action on one request: its page (GET) and the service call (POST)."""

    model = ChangeRequest
    action = access.Action.CHANGE
    queryset = ChangeRequest.objects.select_related("institution", "created_by")
    template_name = "people/request_action.html"
    form_class = ConfirmForm
    danger = False
    action_name = ""
    intro = ""

    def get(self, request, *args, **kwargs):
        if access.role_of(request.user) not in workflow.roles_for(self.action_name):
            raise PermissionDenied(ROLE_MAY_NOT_OPEN)
        if self.action_name not in workflow.available_actions(self.object, request.user):
            state = self.object.get_state_display()
            messages.warning(request, NOT_NOW % {"state": state, "action": self.confirm_button})
            return HttpResponseRedirect(self.object.get_absolute_url())
        return super().get(request, *args, **kwargs)

    def fresh_object(self) -> ChangeRequest:
        """The request as stored, for a model form to change without touching ``self.object``,
        which the page header shows."""
        return ChangeRequest.objects.get(pk=self.object.pk)

    def get_success_url(self, result):
        return self.object.get_absolute_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(page_title=self.confirm_button, intro=self.intro)
        return context


class RequestEditView(RequestActionView):
    action_name = workflow.EDIT
    confirm_button = "修改申报"
    form_class = RequestEditForm
    template_name = "people/request_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.fresh_object()}

    def perform(self, form):
        return services.request_update(
            request=self.object, actor=self.request.user, changes=form.changes()
        )

    def get_success_message(self, result):
        return "已修改申报。"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = self.object.get_absolute_url()
        return context


class RequestSubmitView(RequestActionView):
    """提交: a confirmation page listing the people as reported (the clerk sees the numbers in
    full, ``display.entry_policy``) and the figures before → after; only its post, which carries
    ``confirm``, submits. Any other post shows the confirmation page."""

    action_name = workflow.SUBMIT
    confirm_button = "确认提交"
    intro = "提交后不能再修改，除非被退回。请逐一核对申报人员（特别是身份证号）和编制数变化。"

    def get(self, request, *args, **kwargs):
        if self.action_name in workflow.available_actions(self.object, request.user):
            problems = services.submit_problems(self.object)
            if problems:
                messages.warning(request, CANNOT_SUBMIT_YET % {"problems": "；".join(problems)})
                return HttpResponseRedirect(self.object.get_absolute_url())
        response = super().get(request, *args, **kwargs)
        shown = response.context_data.get("items", []) if response.status_code == 200 else []
        if self.full_id_numbers and any(row.item.id_number for row in shown):
            access_log.record(request, action=AccessAction.REQUEST_VIEW, label=str(self.object))
        return response

    def post(self, request, *args, **kwargs):
        if request.POST.get("confirm") != "1":
            return self.get(request, *args, **kwargs)
        return super().post(request, *args, **kwargs)

    @cached_property
    def full_id_numbers(self) -> bool:
        return entry_policy(self.request.user, self.object).full

    def perform(self, form):
        return services.request_submit(request=self.object, actor=self.request.user)

    def get_success_message(self, result):
        where = "主管部门审核" if workflow.needs_review(result) else "编办核准"
        return f"已提交申报 {result.number}，等待{where}。"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        items = list(self.object.items.select_related("person", "record__quota_line__institution"))
        context.update(
            preview=request_preview(self.object),
            items=describe_items(self.object, items, full_id_numbers=self.full_id_numbers),
            kind_spec=spec_for(self.object.kind),
            confirm_submit=True,
        )
        return context


class RequestDiscardView(RequestActionView):
    action_name = workflow.DISCARD
    confirm_button = "作废草稿"
    danger = True
    intro = "草稿将标记为“已作废”，不能再修改或报送；草稿及其记录仍予保留，可在申报列表按状态“已作废”查看。"

    def perform(self, form):
        return services.request_discard(request=self.object, actor=self.request.user)

    def get_success_message(self, result):
        return f"已作废申报草稿 {result.number}。"

    def get_success_url(self, result):
        return reverse("people:request_list")


class RequestReviewView(RequestActionView):
    action_name = workflow.REVIEW
    confirm_button = "审核通过"
    form_class = ReviewForm
    intro = "审核通过后报编办核准。"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "confirm_needed": self.preview.needs_confirmation}

    @cached_property
    def preview(self):
        return request_preview(self.object)

    def perform(self, form):
        return services.request_review(
            request=self.object,
            actor=self.request.user,
            comment=form.cleaned_data["comment"],
            confirmed=form.cleaned_data.get("confirm", False),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["preview"] = self.preview.as_seen_by(self.request.user)
        return context

    def get_success_message(self, result):
        return f"已审核通过申报 {result.number}，报编办核准。"


class RequestReturnView(RequestActionView):
    action_name = workflow.RETURN
    confirm_button = "退回申报"
    form_class = ReturnForm
    danger = True
    intro = "退回后由单位修改并重新提交。"

    def perform(self, form):
        return services.request_return(
            request=self.object,
            actor=self.request.user,
            reason=form.cleaned_data["reason"],
            missing_attachments=form.cleaned_data["missing_attachments"],
        )

    def get_success_message(self, result):
        return f"已退回申报 {result.number}。"


class RequestNoteView(RequestActionView):
    action_name = workflow.NOTE
    confirm_button = "记录调研情况和初步意见"
    form_class = NoteForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.fresh_object()}

    def perform(self, form):
        data = form.cleaned_data
        return services.request_note(
            request=self.object,
            actor=self.request.user,
            investigation=data["investigation"],
            preliminary_opinion=data["preliminary_opinion"],
        )

    def get_success_message(self, result):
        return "已记录编办调研情况和初步意见。"


class RequestApproveView(RequestActionView):
    action_name = workflow.APPROVE
    confirm_button = "核准"
    form_class = ApproveForm
    intro = "核准后，申报中的全部变动在同一事务中写入实名库；任一条不符合规则则全部不写入。"

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "change_request": self.object,
            "confirm_needed": bool(self.preview.warnings),
        }

    @cached_property
    def preview(self):
        return request_preview(self.object)

    @transaction.atomic
    def perform(self, form):
        data = form.cleaned_data
        return services.request_approve(
            request=self.object,
            actor=self.request.user,
            document=form.document_for(self.request.user),
            comment=data["comment"],
            permit_expires_on=data.get("permit_expires_on"),
            confirmed=data.get("confirm", False),
        )

    def get_success_message(self, result):
        return f"已核准申报 {result.number}，变动已写入实名库。"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["preview"] = self.preview.as_seen_by(self.request.user)
        return context
