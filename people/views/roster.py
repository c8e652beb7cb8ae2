"""实名制花名册 and a person's pages: details and the history of their records and posts."""

from django.contrib import messages
from django.db.models import F
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from bianzhi import access, access_log, privacy
from bianzhi.history import change_logs
from bianzhi.models import AccessAction
from bianzhi.views import ObjectDetailView, ObjectHistoryView, ObjectListView

from .. import idsearch, selectors
from ..choices import RecordStatus
from ..filtersets import RosterFilterSet
from ..idnumbers import InvalidIdNumber, mask_id_number, parse_id_number
from ..models import EstablishmentRecord, LeadershipAppointment, Person
from ..tables import ENDED_COLUMNS, RosterTable

ID_NUMBER_NOT_FOUND = "您的查询范围内没有身份证号为 %(number)s 的人员。"
# A query this long is a whole number (or a mistyped one): never shown back in the search box.
WHOLE_NUMBER_LENGTH = 15


class PersonListView(ObjectListView):
    """实名制花名册: one row per establishment record in scope; ID numbers always masked."""

    export_kind = "roster"
    model = EstablishmentRecord
    table_class = RosterTable
    filterset_class = RosterFilterSet
    template_name = "people/person_list.html"
    title = "实名制花名册"

    def get(self, request, *args, **kwargs):
        query = request.GET.get("q", "").strip()
        id_query = idsearch.read(query)
        if id_query is None:
            return super().get(request, *args, **kwargs)
        if id_query.form != idsearch.Form.MASKED and len(id_query.value) >= WHOLE_NUMBER_LENGTH:
            return self.find_by_id_number(query)
        response = super().get(request, *args, **kwargs)
        if id_query.searchable:
            found = self.object_list.values_list("person__name", flat=True).distinct()[:2]
            idsearch.log_search(request, id_query, list(found))
        return response

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
        id_query = idsearch.IdQuery(idsearch.Form.FULL, number)
        found = list(
            idsearch.matching(
                access.restrict(EstablishmentRecord.objects.all(), self.request.user),
                id_query,
                person="person__",
            )
            .values_list("person_id", "person__name")
            .distinct()
        )
        idsearch.log_search(self.request, id_query, [name for _, name in found])
        if len(found) == 1:
            return HttpResponseRedirect(reverse("people:person_detail", args=[found[0][0]]))
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
        context["can_see_overview"] = access.REGION_FIGURES.allows(self.request.user)
        return context


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
        policy = privacy.policy_for(user)
        if policy.full:
            access_log.record(self.request, action=AccessAction.PERSON_VIEW, label=str(person.name))
        retirement = current.retirement_month() if current else None
        context.update(
            records=records,
            appointments=appointments,
            current=current,
            retirement=retirement,
            retirement_overdue=bool(
                retirement and retirement < timezone.localdate().replace(day=1)
            ),
            id_number=policy.id_number(person.id_number),
            birth=policy.birth_text(person.birth_date),
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
        policy = self.id_policy()
        records, appointments = context["records"], context["appointments"]
        # Every record's and post's changes at once: the page's queries do not grow with them.
        record_logs = change_logs(records, policy=policy)
        appointment_logs = change_logs(appointments, policy=policy)
        sections = [("人员信息", context["entries"])]
        sections += [
            (f"占编记录：{record.quota_line}", record_logs[record.pk]) for record in records
        ]
        sections += [
            (
                f"领导职务：{appointment.title}（{appointment.quota}）",
                appointment_logs[appointment.pk],
            )
            for appointment in appointments
        ]
        context["sections"] = sections
        return context
