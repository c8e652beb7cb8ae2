"""编制调整: the list, one adjustment and its history, and a new adjustment in two steps."""

from django.db import transaction
from django.db.models import Prefetch

from bianzhi import access
from bianzhi.views import ObjectActionView, ObjectDetailView, ObjectHistoryView, ObjectListView
from orgs.models import Institution

from .. import push_down, services
from ..choices import AdjustmentKind
from ..filtersets import AdjustmentFilterSet
from ..forms import AdjustmentForm, PushDownForm
from ..models import Adjustment, AdjustmentLine
from ..tables import AdjustmentTable
from .base import StaffingConfirmedFormView


class AdjustmentListView(ObjectListView):
    export_kind = "adjustments"
    model = Adjustment
    table_class = AdjustmentTable
    filterset_class = AdjustmentFilterSet
    add_url_name = "staffing:adjustment_add"
    title = "编制调整"

    def get_queryset(self):
        # Only the lines the user may see: a clerk sees its own side of a transfer.
        lines = access.restrict(AdjustmentLine.objects.all(), self.request.user)
        return (
            super()
            .get_queryset()
            .select_related("document")
            .prefetch_related(
                Prefetch("lines", queryset=lines.select_related("institution"), to_attr="shown")
            )
        )


class AdjustmentDetailView(ObjectDetailView):
    model = Adjustment
    queryset = Adjustment.objects.select_related("document", "region", "applied_by")
    template_name = "staffing/adjustment_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["lines"] = access.restrict(
            self.object.lines.select_related("institution"), self.request.user
        )
        context["can_mark_push_down"] = self.object.kind == AdjustmentKind.TRANSFER and access.can(
            self.request.user, access.Action.CHANGE, Adjustment
        )
        return context


class AdjustmentPushDownView(ObjectActionView):
    """标记编制下沉 on a recorded 划转 (rule 23); the quota figures do not change."""

    model = Adjustment
    queryset = Adjustment.objects.select_related("document")
    action = access.Action.CHANGE
    form_class = PushDownForm
    template_name = "staffing/adjustment_push_down.html"
    confirm_button = "保存下沉标记"
    danger = False

    def get_initial(self):
        return {**super().get_initial(), "push_down": self.object.push_down}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"编制下沉标记：{self.object}"
        return context

    def perform(self, form):
        return push_down.adjustment_mark_push_down(
            adjustment=self.object,
            mode=form.cleaned_data["push_down"],
            actor=self.request.user,
            reason=form.cleaned_data["reason"],
        )

    def get_success_message(self, result):
        if result.push_down:
            return f"已将“{result}”标记为编制下沉（{result.get_push_down_display()}）。"
        return f"已取消“{result}”的编制下沉标记。"

    def get_success_url(self, result):
        return result.get_absolute_url()


class AdjustmentHistoryView(ObjectHistoryView):
    model = Adjustment
    queryset = Adjustment.objects.select_related("document")


class AdjustmentAddView(StaffingConfirmedFormView):
    """编制调整 (rule 4), confirmed with the figures of every line and the region's headroom.

    No dry run: the confirmation deliberately shows an adjustment that would go below zero or
    beyond the region's control total, with the resulting figures in red, so the office sees by
    how much; running the service there would refuse it before any figure is shown. The service
    refuses it at the confirming post.
    """

    model = Adjustment
    form_class = AdjustmentForm
    template_name = "staffing/adjustment_form.html"
    confirm_template_name = "staffing/adjustment_confirm.html"
    confirm_button = "确认调整"
    dry_run = False
    title = "编制调整"

    def prefill_institution(self):
        return self.scoped(Institution, self.request.GET.get("institution"))

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("kind") in AdjustmentKind.values:
            initial["kind"] = self.request.GET["kind"]
        institution = self.prefill_institution()
        if institution is not None:
            initial["region"] = institution.region_id
        return initial

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        institution = self.prefill_institution()
        if institution is not None:
            kwargs["initial_lines"] = [{"institution": institution.pk}]
        return kwargs

    @transaction.atomic
    def perform(self, form):
        data = form.cleaned_data
        changes = form.line_changes()
        touched = [change.institution for change in changes if change.institution is not None]
        return services.adjustment_apply(
            region=data["region"],
            kind=data["kind"],
            summary=data["summary"],
            document=form.document_for(self.request.user, institutions=touched),
            effective_on=data["effective_on"],
            over_establishment_reason=data["over_establishment_reason"],
            over_establishment_measures=data["over_establishment_measures"],
            over_establishment_deadline=data["over_establishment_deadline"],
            lines=changes,
            actor=self.request.user,
            push_down=data["push_down"],
        )

    def confirm(self, form):
        # The scan of a document registered here cannot be re-posted: keep it for the next step.
        self.staged_scan = form.new_document.stage_scan() if form.registers_document else ""
        return super().confirm(form)

    def repost(self):
        pairs = [(name, value) for name, value in super().repost() if name != "newdoc-scan_token"]
        if getattr(self, "staged_scan", ""):
            pairs.append(("newdoc-scan_token", self.staged_scan))
        return pairs

    def get_success_message(self, result):
        return f"已办理编制调整“{result}”。"
