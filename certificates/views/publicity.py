"""Publicity pages: list, detail with objections, its history, the printable notice, starting a
publicity after the pre-publicity check, recording and resolving objections, ending a publicity
after a justified objection."""

from django.db.models import Count, Q
from django.urls import reverse

from bianzhi import access
from bianzhi.views import (
    ConfirmedServiceFormView,
    ObjectActionView,
    ObjectDetailView,
    ObjectHistoryView,
    ObjectListView,
)
from orgs.models import Institution

from .. import guards, selectors, services
from ..filtersets import PublicityFilterSet
from ..forms import ObjectionForm, PublicityForm, ResolveForm, TerminateForm
from ..models import Certificate, Objection, Publicity
from ..tables import PublicityTable


def with_objection_counts(publicities):
    return publicities.annotate(
        objection_count=Count("objections"),
        open_objections=Count("objections", filter=Q(objections__resolved_on__isnull=True)),
    )


class PublicityListView(ObjectListView):
    model = Publicity
    table_class = PublicityTable
    filterset_class = PublicityFilterSet
    add_url_name = "certificates:publicity_add"
    title = "公示"

    def get_queryset(self):
        # Meta.ordering does not apply to a grouped query.
        return with_objection_counts(super().get_queryset().select_related("institution")).order_by(
            "-started_on", "-pk"
        )


class PublicityDetailView(ObjectDetailView):
    model = Publicity
    queryset = Publicity.objects.select_related("institution", "started_by")
    template_name = "certificates/publicity_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        publicity = self.object
        context.update(
            objections=publicity.objections.select_related("resolved_by"),
            certificates=publicity.certificates.all(),
            republished_as=Publicity.objects.filter(previous=publicity).first(),
            can_object=access.can(user, access.Action.ADD, Objection),
            can_resolve=access.can(user, access.Action.CHANGE, Objection),
            can_issue=access.can(user, access.Action.ADD, Certificate),
            can_terminate=access.can(user, access.Action.CHANGE, Publicity),
            can_republicise=access.can(user, access.Action.ADD, Publicity),
        )
        return context


class PublicityHistoryView(ObjectHistoryView):
    model = Publicity
    queryset = Publicity.objects.select_related("institution")

    def policy_institution(self):
        return self.object.institution


class PublicityPrintView(ObjectDetailView):
    """公示名单: unit, quotas by type, 实有, the named list with department and post, no ID
    numbers."""

    model = Publicity
    queryset = Publicity.objects.select_related("institution")
    template_name = "certificates/publicity_print.html"


class PublicityAddView(ConfirmedServiceFormView):
    """开始公示 in two steps: the first shows the pre-publicity check (people past retirement,
    open change requests) and any refusal of the service; the second starts the publicity.

    The check warns and does not block: no rule of domain.md makes a publicity wait for a clean
    registry, and rule 20 already guards the certificate (the issue is refused when the roster
    changed since the publicity). A block would also leave a unit unable to publicise while an
    approved 延迟退休 the registry does not know of keeps someone past the statutory month. The
    findings are shown before the publicity starts, must be confirmed, and are recorded in the
    publicity's history with the reason."""

    model = Publicity
    action = access.Action.ADD
    form_class = PublicityForm
    template_name = "certificates/publicity_form.html"
    confirm_template_name = "certificates/publicity_confirm.html"
    confirm_button = "确认开始公示"

    def preview(self, form, before, after) -> dict:
        check = selectors.pre_publicity_check(form.cleaned_data["institution"])
        latest = form.cleaned_data["institution"].publicities.order_by("-started_on", "-pk").first()
        return {
            "check": check,
            "republicising": latest if latest is not None and latest.is_terminated else None,
            "confirm_button": self.confirm_button,
            "cancel_url": reverse("certificates:publicity_list"),
        }

    def get_initial(self):
        initial = super().get_initial()
        wanted = self.request.GET.get("institution")
        if (
            wanted
            and wanted.isdigit()
            and access.restrict(Institution.objects.filter(pk=wanted), self.request.user).exists()
        ):
            initial["institution"] = int(wanted)
        return initial

    def perform(self, form):
        data = dict(form.cleaned_data)
        check = selectors.pre_publicity_check(data["institution"])
        if not check.clean:
            data["reason"] = f"{data['reason']}（公示前核查：{check.summary()}，已确认）"
        return services.publicity_start(actor=self.request.user, **data)

    def get_success_message(self, result):
        return f"已开始公示，公示期 {result.started_on:%Y-%m-%d} 至 {result.ends_on:%Y-%m-%d}。"


class ObjectionAddView(ObjectActionView):
    model = Publicity
    queryset = Publicity.objects.select_related("institution")
    action = access.Action.ADD
    form_class = ObjectionForm
    confirm_button = "登记异议"
    danger = False
    template_name = "certificates/objection_form.html"

    def perform(self, form):
        services.objection_record(
            publicity=self.object, actor=self.request.user, **form.cleaned_data
        )
        return self.object

    def get_success_message(self, result):
        return "已登记异议；异议处理完毕前不能发证。"


class ObjectionResolveView(ObjectActionView):
    model = Objection
    queryset = Objection.objects.select_related("publicity__institution")
    action = access.Action.CHANGE
    form_class = ResolveForm
    confirm_button = "处理异议"
    danger = False
    template_name = "certificates/objection_form.html"

    def perform(self, form):
        return services.objection_resolve(
            objection=self.object, actor=self.request.user, **form.cleaned_data
        )

    def get_success_message(self, result):
        return "已处理异议。"


class PublicityTerminateView(ObjectActionView):
    """终止公示 after a justified objection; the unit then publicises again (重新公示)."""

    model = Publicity
    queryset = Publicity.objects.select_related("institution")
    action = access.Action.CHANGE
    form_class = TerminateForm
    confirm_button = "确认终止公示"
    template_name = "certificates/publicity_terminate.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "publicity": self.object}

    def perform(self, form):
        return guards.publicity_terminate(
            publicity=self.object,
            objection=form.cleaned_data["objection"],
            reason=form.cleaned_data["reason"],
            actor=self.request.user,
        )

    def get_success_message(self, result):
        return (
            f"已终止“{result.institution.full_name}”的公示。请单位更正名册后重新公示；"
            "重新公示期满且无未处理异议后方可发证。"
        )
