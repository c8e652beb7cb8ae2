"""变动申报 pages: the list in the user's scope, a new request, and a request's page (its items,
the figures before → after its approval, every rule it would break, its events and the actions
the user may take now). Each action is a view of ``request_actions`` that calls a service; the
services decide, the pages only show what is possible."""

from django.urls import reverse
from django.utils import timezone

from bianzhi import access
from bianzhi.access import OFFICE_ROLES, Role
from bianzhi.views import ObjectDetailView, ObjectHistoryView, ObjectListView, ServiceFormView

from .. import selectors, services
from ..choices import EDITABLE_STATES, PENDING_STATES, RequestKind, RequestOrigin, RequestState
from ..filtersets import RequestFilterSet
from ..forms import ApproveForm, NoteForm, ReturnForm, ReviewForm
from ..forms.requests import RequestCreateForm
from ..models import ChangeRequest
from ..tables import STATE_BADGES, RequestTable
from .request_display import describe_items

# Who may take each action, for showing it; the services check it again, with the state.
ACTION_ROLES = {
    "edit": {Role.CLERK},
    "item_add": {Role.CLERK},
    "item_remove": {Role.CLERK},
    "submit": {Role.CLERK},
    "discard": {Role.CLERK},
    "review": {Role.REVIEWER},
    "return": OFFICE_ROLES | {Role.REVIEWER},
    "note": OFFICE_ROLES,
    "approve": OFFICE_ROLES,
}


def available_actions(change_request: ChangeRequest, user) -> set[str]:
    """The actions ``user`` may take on the request in its current state (what the services
    would allow; they remain the authority)."""
    role = access.role_of(user)
    state = change_request.state
    own = change_request.created_by_id == user.pk
    actions = set()
    if role == Role.CLERK and state in EDITABLE_STATES:
        actions |= {"edit", "item_add", "item_remove", "submit"}
        if change_request.kind == RequestKind.ROSTER:
            actions.discard("item_add")  # its items come from the uploaded roster only
        if state == RequestState.DRAFT and change_request.origin == RequestOrigin.UNIT:
            actions.add("discard")
    if role == Role.REVIEWER and state == RequestState.SUBMITTED and not own:
        actions |= {"review", "return"}
    if role in OFFICE_ROLES and state in PENDING_STATES and not own:
        actions.add("return")
        if change_request.kind == RequestKind.PERMIT:
            actions.add("note")
        if state == RequestState.REVIEWED or not services.needs_review(change_request):
            actions.add("approve")
    return actions


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
        context["items"] = describe_items(
            change_request, items, full_id_numbers=access.may_see_full_id_number(user)
        )
        context["events"] = change_request.events.select_related("actor")
        if items and (change_request.is_editable or change_request.is_pending):
            context["preview"] = services.request_preview(change_request)
        if change_request.is_editable:
            context["needs_review"] = services.needs_review(change_request)
        context["waiting_for_review"] = (
            change_request.state == RequestState.SUBMITTED
            and access.role_of(user) in OFFICE_ROLES
            and "approve" not in actions
        )
        context["decision_forms"] = {
            name: form_class(**kwargs)
            for name, form_class, kwargs in (
                ("review", ReviewForm, {"user": user}),
                ("return", ReturnForm, {"user": user}),
                ("note", NoteForm, {"user": user, "instance": change_request}),
                ("approve", ApproveForm, {"user": user, "change_request": change_request}),
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
