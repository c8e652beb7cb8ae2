"""Pages of the people app: the named roster, a person's page, the office's personnel changes
(入编, 出编, 调动, 任职, 免职, each confirmed with before → after figures) and the region overview."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from bianzhi import access
from bianzhi.forms import add_service_errors
from bianzhi.history import EMPTY, change_log
from bianzhi.views import (
    ObjectActionView,
    ObjectDetailView,
    ObjectHistoryView,
    ObjectListView,
    ServiceFormView,
)
from staffing import selectors as staffing_selectors
from staffing.models import LeadershipQuota, QuotaLine

from . import selectors, services
from .choices import RecordStatus
from .filtersets import RosterFilterSet, looks_like_id_number
from .forms import AppointmentEndForm, AppointmentForm, EntryForm, ExitForm, TransferForm
from .idnumbers import InvalidIdNumber, mask_id_number, parse_id_number
from .models import EstablishmentRecord, LeadershipAppointment, Person
from .tables import ENDED_COLUMNS, RosterTable

ID_NUMBER_NOT_FOUND = "您的查询范围内没有身份证号为 %(number)s 的人员。"

# --- the roster ------------------------------------------------------------------------------


class PersonListView(ObjectListView):
    """实名制花名册: one row per establishment record in scope; ID numbers always masked."""

    model = EstablishmentRecord
    table_class = RosterTable
    filterset_class = RosterFilterSet
    template_name = "people/person_list.html"
    title = "实名制花名册"

    def get(self, request, *args, **kwargs):
        query = request.GET.get("q", "").strip()
        if looks_like_id_number(query):
            return self.find_by_id_number(query)
        return super().get(request, *args, **kwargs)

    def find_by_id_number(self, query: str):
        """An ID number identifies one person: go to the person's page rather than show the number
        back in a list (rule 14). Not found, or not valid: back to the roster with a message that
        names the number masked."""
        rest = self.request.GET.copy()
        rest.pop("q")
        roster_url = f"{self.request.path}?{rest.urlencode()}" if rest else self.request.path
        try:
            number = parse_id_number(query).number
        except InvalidIdNumber as error:
            messages.error(self.request, error.message)
            return HttpResponseRedirect(roster_url)
        person_ids = set(
            access.restrict(EstablishmentRecord.objects.all(), self.request.user)
            .filter(person__id_number=number)
            .values_list("person_id", flat=True)
        )
        if len(person_ids) == 1:
            return HttpResponseRedirect(reverse("people:person_detail", args=person_ids))
        messages.warning(self.request, ID_NUMBER_NOT_FOUND % {"number": mask_id_number(number)})
        return HttpResponseRedirect(roster_url)

    def get_queryset(self):
        return selectors.roster(super().get_queryset())

    def get_table_kwargs(self):
        if self.filterset.data.get("status") == RecordStatus.ACTIVE:
            return {"exclude": ENDED_COLUMNS}
        return {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.filterset.form
        context["quota_line_filter"] = (
            form.cleaned_data.get("quota_line") if form.is_valid() else None
        )
        context["can_see_overview"] = may_see_overview(self.request.user)
        return context


# --- a person's page -------------------------------------------------------------------------


class PersonPageMixin:
    """What a person's pages share: records and posts in scope, the ID number as the role may see
    it (rule 14), the retirement month (rule 10) and the actions the role may take."""

    model = Person
    queryset = Person.objects.select_related("region")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person, user = self.object, self.request.user
        records = list(
            access.restrict(person.records.all(), user)
            .select_related(
                "quota_line__institution", "department", "permit", "entry_document", "end_document"
            )
            .order_by("status", "-entry_on", "-pk")
        )
        appointments = list(
            access.restrict(person.appointments.all(), user)
            .select_related(
                "quota__institution",
                "quota__department",
                "start_document",
                "end_document",
                "exemption_document",
                "over_quota_document",
            )
            .order_by(F("ended_on").desc(nulls_first=True), "-started_on")
        )
        current = next((record for record in records if record.is_active), None)
        retirement = current.retirement_month() if current else None
        context.update(
            records=records,
            appointments=appointments,
            current=current,
            retirement=retirement,
            retirement_overdue=bool(
                retirement and retirement < timezone.localdate().replace(day=1)
            ),
            id_number=person.id_number
            if access.may_see_full_id_number(user)
            else person.masked_id_number,
            can_enter=access.can(user, access.Action.ADD, EstablishmentRecord),
            can_exit=access.can(user, access.Action.CHANGE, EstablishmentRecord),
            can_appoint=access.can(user, access.Action.ADD, LeadershipAppointment),
            can_dismiss=access.can(user, access.Action.CHANGE, LeadershipAppointment),
        )
        return context


class PersonDetailView(PersonPageMixin, ObjectDetailView):
    template_name = "people/person_detail.html"


class PersonHistoryView(PersonPageMixin, ObjectHistoryView):
    """The person's own changes, then those of each record and post in scope; ID numbers in the
    change log are masked for roles that may not see them in full."""

    template_name = "people/person_history.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not access.may_see_full_id_number(self.request.user):
            _mask_id_numbers(context["entries"])
        sections = [("人员信息", context["entries"])]
        sections += [
            (f"占编记录：{record.quota_line}", change_log(record)) for record in context["records"]
        ]
        sections += [
            (f"领导职务：{appointment.title}（{appointment.quota}）", change_log(appointment))
            for appointment in context["appointments"]
        ]
        context["sections"] = sections
        return context


def _mask_id_numbers(entries) -> None:
    label = str(Person._meta.get_field("id_number").verbose_name)
    for entry in entries:
        for change in entry.changes:
            if change.label == label:
                change.old = _masked(change.old)
                change.new = _masked(change.new)


def _masked(value: str) -> str:
    return value if value in ("", EMPTY) else mask_id_number(value)


# --- personnel changes, each in two steps ----------------------------------------------------


class _DryRun(Exception):
    """Raised to roll back a previewed change, carrying what was measured after it."""

    def __init__(self, measurement):
        super().__init__("dry run")
        self.measurement = measurement


class ConfirmedChangeMixin:
    """Two steps: a valid form is first shown back with the figures it changes, before → after,
    and only a second post with ``confirm=1`` writes.

    The preview runs the very service the confirmation will run, inside a transaction that is
    rolled back: every refusal of the service shows on the form at the first step, the "after"
    figures are the ones the change really produces, and nothing is written.

    Subclasses implement ``perform(form)`` (the service call) and ``measure(form)`` (the
    figures it touches, see ``people.selectors``). A post with ``refresh`` re-renders the form
    with its choices following the selected unit (htmx); one with ``edit`` goes back to the form.
    """

    confirm_template_name = "people/confirm.html"
    form_template_name = "people/change_form.html"
    page_title = ""
    confirm_button = "确认办理"

    def get_template_names(self):
        return [self.form_template_name]

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.enable_refresh(self.request.path)
        return form

    def post(self, request, *args, **kwargs):
        if request.POST.get("refresh"):
            return self.render_to_response(self.get_context_data(form=self.refreshed_form()))
        form = self.get_form()
        if not form.is_valid():
            return self.form_invalid(form)
        if request.POST.get("edit"):
            return self.render_to_response(self.get_context_data(form=form))
        if request.POST.get("confirm") == "1":
            return self.form_valid(form)
        return self.confirm(form)

    def refreshed_form(self):
        """The submitted values as the initial values of an unbound form: no errors yet."""
        submitted = self.get_form()
        kwargs = self.get_form_kwargs()
        kwargs.pop("data", None)
        kwargs.pop("files", None)
        kwargs["initial"] = {field.name: field.data for field in submitted}
        form = self.get_form_class()(**kwargs)
        form.enable_refresh(self.request.path)
        return form

    def confirm(self, form):
        before = self.measure(form)
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
            form=form, summary=form.summary(), comparisons=selectors.compare(before, after)
        )
        return self.response_class(
            request=self.request,
            template=[self.confirm_template_name],
            context=context,
            using=self.template_engine,
        )

    def measure(self, form) -> selectors.Measurement:
        raise NotImplementedError

    def get_success_url(self, result):
        return reverse("people:person_detail", args=[result.person_id])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            page_title=self.page_title,
            confirm_button=self.confirm_button,
            cancel_url=self.cancel_url(),
        )
        return context

    def cancel_url(self) -> str:
        return reverse("people:person_list")


class EntryView(ConfirmedChangeMixin, ServiceFormView):
    """入编登记 (rules 3, 6, 7, 11)."""

    model = EstablishmentRecord
    action = access.Action.ADD
    form_class = EntryForm
    page_title = "入编登记"
    confirm_button = "确认入编"

    def get_initial(self):
        initial = super().get_initial()
        user, query = self.request.user, self.request.GET
        line = _first_in_scope(QuotaLine.objects.all(), user, query.get("quota_line"))
        if line is not None:
            initial.update(institution=line.institution_id, quota_line=line.pk)
        elif query.get("institution"):
            initial["institution"] = query["institution"]
        person = _first_in_scope(Person.objects.all(), user, query.get("person"))
        if person is not None:
            initial["id_number"] = person.id_number
        return initial

    def perform(self, form):
        data = form.cleaned_data
        line = data["quota_line"]
        with transaction.atomic():
            person = data["person"] or services.person_register(
                actor=self.request.user,
                region=line.institution.region,
                reason=data["reason"],
                **data["new_person"],
            )
            return services.entry_register(
                person=person,
                quota_line=line,
                permit=data["permit"],
                post_category=data["post_category"],
                entry_way=data["entry_way"],
                entry_on=data["entry_on"],
                actor=self.request.user,
                department=data["department"],
                person_category=data["person_category"],
                job_title=data["job_title"],
                entry_document=data["entry_document"],
                reason=data["reason"],
            )

    def measure(self, form):
        data = form.cleaned_data
        return {
            **selectors.line_measurement(data["quota_line"]),
            **selectors.permit_measurement(data["permit"]),
        }

    def get_success_message(self, result):
        return f"已办理入编：{result.person.name} → {result.quota_line}。"


class RecordChangeView(ConfirmedChangeMixin, ObjectActionView):
    """A change to one active establishment record: 出编 or 调动."""

    model = EstablishmentRecord
    action = access.Action.CHANGE
    queryset = EstablishmentRecord.objects.select_related("person", "quota_line__institution")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["record"] = self.object
        context["person"] = self.object.person
        return context

    def cancel_url(self):
        return self.object.person.get_absolute_url()


class ExitView(RecordChangeView):
    """出编: the record ends with a reason and a document; the person's posts there end too."""

    form_class = ExitForm
    page_title = "出编登记"
    confirm_button = "确认出编"

    def perform(self, form):
        data = form.cleaned_data
        return services.exit_register(
            record=self.object,
            ended_on=data["ended_on"],
            end_reason=data["end_reason"],
            end_document=data["end_document"],
            actor=self.request.user,
            reason=data["reason"],
        )

    def measure(self, form):
        return selectors.line_measurement(self.object.quota_line)

    def get_success_message(self, result):
        return f"已办理出编：{result.person.name}（{result.get_end_reason_display()}）。"


class TransferView(RecordChangeView):
    """调动 (rule 7): the old record ends and the new one opens in one transaction."""

    form_class = TransferForm
    page_title = "调动登记"
    confirm_button = "确认调动"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["record"] = self.object
        return kwargs

    def get_initial(self):
        initial = super().get_initial()
        record = self.object
        initial.update(
            post_category=record.post_category,
            person_category=record.person_category,
            job_title=record.job_title,
        )
        return initial

    def perform(self, form):
        data = form.cleaned_data
        return services.transfer_register(
            record=self.object,
            quota_line=data["quota_line"],
            permit=data["permit"],
            transferred_on=data["transferred_on"],
            post_category=data["post_category"],
            person_category=data["person_category"],
            job_title=data["job_title"],
            department=data["department"],
            document=data["document"],
            actor=self.request.user,
            reason=data["reason"],
        )

    def measure(self, form):
        data = form.cleaned_data
        return {
            **selectors.line_measurement(self.object.quota_line),
            **selectors.line_measurement(data["quota_line"]),
            **selectors.permit_measurement(data["permit"]),
        }

    def get_success_message(self, result):
        return f"已办理调动：{result.person.name} → {result.quota_line}。"


class AppointmentView(ConfirmedChangeMixin, ObjectActionView):
    """任职 (rule 5) of one person."""

    model = LeadershipAppointment
    action = access.Action.ADD
    queryset = Person.objects.all()
    form_class = AppointmentForm
    page_title = "任职登记"
    confirm_button = "确认任职"

    def get_initial(self):
        initial = super().get_initial()
        current = (
            access.restrict(
                self.object.records.filter(status=RecordStatus.ACTIVE), self.request.user
            )
            .values_list("quota_line__institution", flat=True)
            .first()
        )
        if current:
            initial["institution"] = current
        return initial

    def perform(self, form):
        data = form.cleaned_data
        return services.appointment_start(
            person=self.object,
            quota=data["quota"],
            title=data["title"],
            started_on=data["started_on"],
            document=data["document"],
            counts_against_quota=data["counts_against_quota"],
            exemption_document=data["exemption_document"],
            over_quota_document=data["over_quota_document"],
            actor=self.request.user,
            reason=data["reason"],
        )

    def measure(self, form):
        return selectors.leadership_measurement(form.cleaned_data["quota"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["person"] = self.object
        return context

    def cancel_url(self):
        return self.object.get_absolute_url()

    def get_success_message(self, result):
        return f"已办理任职：{result.person.name} 任 {result.title}。"


class AppointmentEndView(ConfirmedChangeMixin, ObjectActionView):
    """免职."""

    model = LeadershipAppointment
    action = access.Action.CHANGE
    queryset = LeadershipAppointment.objects.select_related(
        "person", "quota__institution", "quota__department"
    )
    form_class = AppointmentEndForm
    page_title = "免职登记"
    confirm_button = "确认免职"

    def perform(self, form):
        data = form.cleaned_data
        return services.appointment_end(
            appointment=self.object,
            ended_on=data["ended_on"],
            document=data["document"],
            actor=self.request.user,
            reason=data["reason"],
        )

    def measure(self, form):
        return selectors.leadership_measurement(self.object.quota)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["person"] = self.object.person
        context["appointment"] = self.object
        return context

    def cancel_url(self):
        return self.object.person.get_absolute_url()

    def get_success_message(self, result):
        return f"已办理免职：{result.person.name} 免去 {result.title}。"


def _first_in_scope(queryset, user, pk):
    if not pk:
        return None
    try:
        return access.restrict(queryset, user).filter(pk=pk).first()
    except (ValueError, TypeError, ValidationError):
        return None


# --- the region overview ---------------------------------------------------------------------


def may_see_overview(user) -> bool:
    return access.role_of(user) in access.REGION_ROLES


class OverviewView(TemplateView):
    """区域概况 for region-wide roles: totals against control and pool, over-establishment,
    over-appointed leaders, duplicate names, people past retirement. A fixed number of queries
    whatever the number of institutions.

    Institution-scoped roles get 403: totals, pool and control are region figures, and a
    reviewer's or clerk's own figures are on their unit's establishment page.
    """

    template_name = "people/overview.html"

    def dispatch(self, request, *args, **kwargs):
        if not may_see_overview(request.user):
            raise PermissionDenied("区域概况仅供编办和协作部门查看。")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        scope = access.user_scope(user)
        lines = access.restrict(QuotaLine.objects.all(), user)
        records = access.restrict(EstablishmentRecord.objects.all(), user)
        overdue = list(selectors.past_retirement(records))
        today = timezone.localdate()
        for record in overdue:
            record.months_overdue = selectors.months_overdue(record, today)
        totals = staffing_selectors.region_totals(lines, region_ids=scope.region_ids())
        context.update(
            region=scope.region,
            today=today,
            totals=totals,
            occupied_total=sum(row.occupied for row in totals),
            over_established=list(staffing_selectors.over_established(lines)),
            over_leadership=list(
                staffing_selectors.over_leadership_quota(
                    access.restrict(LeadershipQuota.objects.all(), user)
                ).order_by("institution__sort_order", "institution__full_name", "pk")
            ),
            duplicate_names=selectors.duplicate_names(records),
            past_retirement=overdue,
        )
        return context
