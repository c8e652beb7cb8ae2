"""Base views configured by attributes (after NetBox's generic views).

A per-model view declares ``model`` (or ``queryset``), and ``table_class``/``filterset_class`` or
``form_class``; the base view derives the permission from its ``action`` and restricts every queryset
to the user's scope, so an object outside it is a 404 whatever the URL says.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, FormView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from bianzhi import access, privacy
from bianzhi.forms import add_service_errors
from bianzhi.history import change_log
from bianzhi.paging import DeepPaginator


class ScopedViewMixin:
    """Permission by action, queryset by scope."""

    model: type[models.Model] | None = None
    queryset: models.QuerySet | None = None
    action: str = access.Action.VIEW

    def dispatch(self, request, *args, **kwargs):
        if not access.can(request.user, self.get_action(), self.model):
            raise PermissionDenied("您的角色无权进行此操作。")
        return super().dispatch(request, *args, **kwargs)

    def get_action(self) -> str:
        return self.action

    def get_queryset(self):
        queryset = self.queryset if self.queryset is not None else self.model._default_manager
        return access.restrict(queryset.all(), self.request.user, self.get_action())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            model_name=self.model._meta.verbose_name,
            model_name_plural=self.model._meta.verbose_name_plural,
            can_add=access.can(user, access.Action.ADD, self.model),
            can_change=access.can(user, access.Action.CHANGE, self.model),
            can_abolish=access.can(user, access.Action.ABOLISH, self.model),
        )
        return context


MAX_PER_PAGE = 200


class BoundedPaginator(DeepPaginator):
    """Pages of 1 to ``MAX_PER_PAGE`` rows whatever ``?per_page=`` asks: zero or a negative number
    would fail, a huge one would render the whole region on one page."""

    def __init__(self, object_list, per_page, *args, **kwargs):
        super().__init__(object_list, min(max(int(per_page), 1), MAX_PER_PAGE), *args, **kwargs)


def table_pagination(per_page: int) -> dict:
    """What django-tables2's ``RequestConfig(paginate=…)`` takes: the page size, bounded."""
    return {"per_page": per_page, "paginator_class": BoundedPaginator}


class ObjectListView(ScopedViewMixin, SingleTableMixin, FilterView):
    """A searchable, filterable, paginated table of the objects in the user's scope."""

    template_name = "generic/object_list.html"
    # The table paginates; FilterView's own paginator would count the rows a second time.
    paginate_by = None
    per_page = 25
    add_url_name: str | None = None
    title: str | None = None
    # The ledger (bianzhi.ledgers) its 导出 Excel button exports, with the page's filters.
    export_kind: str | None = None

    def get_table_pagination(self, table):
        return table_pagination(self.per_page)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["add_url_name"] = self.add_url_name if context["can_add"] else None
        context["export_kind"] = self.export_kind
        context["title"] = self.title or context["model_name_plural"]
        return context


class ObjectDetailView(ScopedViewMixin, DetailView):
    template_name = "generic/object_detail.html"
    tab = "detail"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["active_tab"] = self.tab
        return context


class ObjectHistoryView(ObjectDetailView):
    """Every recorded change of one object: when, who, which fields from what to what, why."""

    template_name = "generic/object_history.html"
    tab = "history"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meta = self.model._meta
        context["detail_template"] = f"{meta.app_label}/{meta.model_name}_detail.html"
        context["entries"] = change_log(self.object, policy=self.id_policy())
        return context

    def id_policy(self):
        """Rule 14: the history shows ID numbers (and birth dates) as the user may see them for
        this object's unit."""
        return privacy.policy_for(self.request.user, institution=self.policy_institution())

    def policy_institution(self):
        return None


class ServiceFormView(ScopedViewMixin, FormView):
    """A form whose valid submission is handed to a service function.

    Subclasses implement ``perform(form)``, which calls the service and returns the object to show
    next. A service's ``ValidationError`` is shown on the form and nothing is written.
    """

    success_message = "已保存。"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def perform(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            result = self.perform(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.get_success_message(result))
        return HttpResponseRedirect(self.get_success_url(result))

    def get_success_message(self, result) -> str:
        return self.success_message

    def get_success_url(self, result):
        return result.get_absolute_url()


class _DryRun(Exception):
    """Raised to roll back a previewed change, carrying what was measured after it."""

    def __init__(self, measurement):
        super().__init__("dry run")
        self.measurement = measurement


class ConfirmedServiceFormView(ServiceFormView):
    """A change confirmed in two steps: a valid post is first shown back as before → after and
    nothing is written; only the re-post of the same data with ``confirm=1`` calls the service.

    A subclass declares

    - its write in ``perform(form)``, as for any ``ServiceFormView``;
    - its preview in ``preview(form, before, after)``, which returns the context of the
      confirmation page; ``before`` and ``after`` are what ``measure(form)`` returns before and
      after the change (``measure`` returns None unless overridden: a preview may be computed
      from the form alone);
    - its pages: ``template_name`` for the form, ``confirm_template_name`` for the confirmation,
      which re-posts the data with ``generic/confirm_actions.html``.

    With ``dry_run`` (the default) the preview runs ``perform`` itself inside a transaction that
    is rolled back: every refusal of the service shows on the form at the first step, the "after"
    figures are the ones the change really produces, and nothing is written. A view whose
    confirmation must show figures the service would refuse sets ``dry_run = False`` and says
    why; its refusals then show at the second step. A post with ``edit`` goes back to the form
    with the data kept.
    """

    confirm_template_name: str | None = None
    dry_run = True
    # Posted names that steer the two steps, never part of the data re-posted for confirmation.
    control_names = frozenset({"csrfmiddlewaretoken", "confirm", "edit", "refresh"})

    def form_valid(self, form):
        if self.request.POST.get("edit"):
            return self.render_to_response(self.get_context_data(form=form))
        if self.request.POST.get("confirm") == "1":
            return super().form_valid(form)
        return self.confirm(form)

    def confirm(self, form):
        before = self.measure(form)
        after = None
        if self.dry_run:
            try:
                with transaction.atomic():
                    self.perform(form)
                    raise _DryRun(self.measure(form))
            except _DryRun as preview:
                after = preview.measurement
            except ValidationError as error:
                add_service_errors(form, error)
                return self.form_invalid(form)
        context = self.get_context_data(
            form=form, repost=self.repost(), **self.preview(form, before, after)
        )
        return self.response_class(
            request=self.request,
            template=[self.confirm_template_name],
            context=context,
            using=self.template_engine,
        )

    def measure(self, form):
        return None

    def preview(self, form, before, after) -> dict:
        raise NotImplementedError

    def repost(self) -> list[tuple[str, str]]:
        """The submitted data as (name, value) pairs, for the hidden fields of the confirmation."""
        return [
            (name, value)
            for name, values in self.request.POST.lists()
            if name not in self.control_names
            for value in values
        ]


class ObjectEditView(ServiceFormView):
    """Create (no ``pk`` in the URL) or change one object through its services."""

    template_name = "generic/object_edit.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = None

    def get_action(self) -> str:
        return access.Action.CHANGE if "pk" in self.kwargs else access.Action.ADD

    def dispatch(self, request, *args, **kwargs):
        if "pk" in kwargs and access.can(request.user, access.Action.CHANGE, self.model):
            self.object = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.object
        return kwargs

    def get_success_message(self, result) -> str:
        verb = "修改" if self.object else "新增"
        return f"已{verb}{self.model._meta.verbose_name}“{result}”。"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object"] = self.object
        return context


class ObjectActionView(ServiceFormView):
    """A consequential action on one object (e.g. abolish), behind a confirmation page."""

    template_name = "generic/object_confirm.html"
    confirm_button = "确认"
    danger = True

    def dispatch(self, request, *args, **kwargs):
        if access.can(request.user, self.get_action(), self.model):
            self.object = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(object=self.object, confirm_button=self.confirm_button, danger=self.danger)
        return context
