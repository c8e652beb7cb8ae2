"""Publicity pages: list, detail with objections, the printable notice, starting a publicity,
recording and resolving objections."""

from django.db.models import Count, Q

from bianzhi import access
from bianzhi.views import ObjectActionView, ObjectDetailView, ObjectListView, ServiceFormView
from orgs.models import Institution

from .. import services
from ..filtersets import PublicityFilterSet
from ..forms import ObjectionForm, PublicityForm, ResolveForm
from ..models import Objection, Publicity
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
        context.update(
            objections=self.object.objections.select_related("resolved_by"),
            certificates=self.object.certificates.all(),
            can_object=access.can(user, access.Action.ADD, Objection),
            can_resolve=access.can(user, access.Action.CHANGE, Objection),
            can_issue=access.can(user, access.Action.ADD, self.object.certificates.model),
        )
        return context


class PublicityPrintView(ObjectDetailView):
    """公示名单: unit, quotas by type, 实有, the named list with department and post, no ID
    numbers."""

    model = Publicity
    queryset = Publicity.objects.select_related("institution")
    template_name = "certificates/publicity_print.html"


class PublicityAddView(ServiceFormView):
    model = Publicity
    action = access.Action.ADD
    form_class = PublicityForm
    template_name = "certificates/publicity_form.html"

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
        return services.publicity_start(actor=self.request.user, **form.cleaned_data)

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
