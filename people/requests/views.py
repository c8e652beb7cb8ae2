"""变动申报 pages: the list in the user's scope, a new request, and a request's page (its items,
the figures before → after its approval, every rule it would break, its events and the actions
the user may take now). Each action is a view of ``actions`` that calls a service; the actions
offered and the services' checks read the same ``workflow`` table."""

from django.urls import reverse
from django.utils import timezone

from bianzhi import access, access_log
from bianzhi.access import OFFICE_ROLES, Role
from bianzhi.models import AccessAction
from bianzhi.views import ObjectDetailView, ObjectHistoryView, ObjectListView, ServiceFormView

from .. import selectors
from ..choices import RequestState
from ..filtersets import RequestFilterSet
from ..models import ChangeRequest
from ..tables import STATE_BADGES, RequestTable
from . import services
from .display import describe_items, entry_policy
from .forms import ApproveForm, NoteForm, RequestCreateForm, ReturnForm, ReviewForm
from .preview import request_preview
from .registry import spec_for
from .workflow import APPROVE, SUBMIT, available_actions, needs_review


class RequestListView(ObjectListView):
    """变动申报: a unit's clerk sees its own, a reviewer its units', the office its region."""

    model = ChangeRequest
    table_class = RequestTable
    filterset_class = RequestFilterSet
    template_name = "people/request_list.html"
    title = "变动申报"

    def get_queryset(self):
        return selectors.requests_listed(super().get_queryset())


class RequestPageMixin:
    """What a request's pages share: its header (state, timeliness, route) and the actions."""

    model = ChangeRequest
    queryset = ChangeRequest.objects.select_related(
        "institution", "created_by", "decided_by", "document"
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        change_request = self.object
        context.update(
            detail_template="people/request_detail.html",
            timeliness=selectors.timeliness(change_request, timezone.localdate()),
            state_css=STATE_BADGES.get(change_request.state, ""),
            actions=available_actions(change_request, self.request.user),
            kind_spec=spec_for(change_request.kind),
        )
        return context


class RequestDetailView(RequestPageMixin, ObjectDetailView):
    template_name = "people/request_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        change_request, user, actions = self.object, self.request.user, context["actions"]
        items = list(
            change_request.items.select_related(
                "person",
                "record__person",
                "record__quota_line__institution",
                "record__department",
                "appointment__person",
                "appointment__quota__institution",
                "appointment__quota__department",
                "result_record__quota_line__institution",
                "result_permit",
            )
        )
        full = entry_policy(user, change_request).full
        context["items"] = describe_items(change_request, items, full_id_numbers=full)
        if full and any(item.id_number or item.person_id or item.record_id for item in items):
            access_log.record(
                self.request, action=AccessAction.REQUEST_VIEW, label=str(change_request)
            )
        context["events"] = change_request.events.select_related("actor")
        preview = None
        if items and (change_request.is_editable or change_request.is_pending):
            preview = request_preview(change_request)
            context["preview"] = preview.as_seen_by(user)
        if change_request.is_editable:
            context["needs_review"] = needs_review(change_request)
        if SUBMIT in actions:
            context["submit_problems"] = services.submit_problems(change_request)
        if access.role_of(user) != Role.CLERK:
            context["occurred_on_edits"] = services.occurred_on_edits(change_request)
        context["waiting_for_review"] = (
            change_request.state == RequestState.SUBMITTED
            and access.role_of(user) in OFFICE_ROLES
            and APPROVE not in actions
        )
        confirm_review = preview is not None and preview.needs_confirmation
        confirm_approval = preview is not None and bool(preview.warnings)
        context["decision_forms"] = {
            name: form_class(**kwargs)
            for name, form_class, kwargs in (
                ("review", ReviewForm, {"user": user, "confirm_needed": confirm_review}),
                ("return", ReturnForm, {"user": user}),
                ("note", NoteForm, {"user": user, "instance": change_request}),
                (
                    "approve",
                    ApproveForm,
                    {
                        "user": user,
                        "change_request": change_request,
                        "confirm_needed": confirm_approval,
                    },
                ),
            )
            if name in actions
        }
        return context


class RequestHistoryView(RequestPageMixin, ObjectHistoryView):
    """Every recorded change of the request's own fields (its items are on the request page)."""


class RequestCreateView(ServiceFormView):
    """新建申报: the unit's clerk starts a draft for the own unit; people are added next."""

    model = ChangeRequest
    action = access.Action.ADD
    form_class = RequestCreateForm
    template_name = "people/request_form.html"

    def perform(self, form):
        data = form.cleaned_data
        return services.request_create(
            institution=data["institution"],
            kind=data["kind"],
            occurred_on=data["occurred_on"],
            reason=data["reason"],
            evidence=data["evidence"],
            evidence_number=data["evidence_number"],
            actor=self.request.user,
        )

    def get_success_message(self, result):
        return f"已创建{result.get_kind_display()}申报草稿 {result.number}，请添加人员后提交。"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(page_title="新建变动申报", cancel_url=reverse("people:request_list"))
        return context
