"""任职 (rule 5) and 免职, each confirmed with the leadership figures it changes."""

from bianzhi import access
from bianzhi.views import ConfirmedServiceFormView, ObjectActionView

from .. import selectors, services
from ..choices import RecordStatus
from ..forms import AppointmentEndForm, AppointmentForm
from ..models import LeadershipAppointment, Person
from .base import PersonnelChangeMixin


class AppointmentView(PersonnelChangeMixin, ConfirmedServiceFormView, ObjectActionView):
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
            civil_service_document=data.get("civil_service_document"),
            dual_identity_document=data.get("dual_identity_document"),
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


class AppointmentEndView(PersonnelChangeMixin, ConfirmedServiceFormView, ObjectActionView):
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
