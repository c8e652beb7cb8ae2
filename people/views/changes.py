"""入编, 出编 and 调动 (rules 3, 6, 7, 11), each confirmed with the figures it changes."""

from bianzhi import access
from bianzhi.views import ConfirmedServiceFormView, ObjectActionView
from staffing.models import QuotaLine

from .. import selectors, services
from ..forms import EntryForm, ExitForm, TransferForm
from ..models import EstablishmentRecord, Person
from .base import PersonnelChangeMixin, first_in_scope


class EntryView(PersonnelChangeMixin, ConfirmedServiceFormView):
    """入编登记 (rules 3, 6, 7, 11)."""

    model = EstablishmentRecord
    action = access.Action.ADD
    form_class = EntryForm
    page_title = "入编登记"
    confirm_button = "确认入编"

    def get_initial(self):
        initial = super().get_initial()
        user, query = self.request.user, self.request.GET
        line = first_in_scope(QuotaLine.objects.all(), user, query.get("quota_line"))
        if line is not None:
            initial.update(institution=line.institution_id, quota_line=line.pk)
        elif query.get("institution"):
            initial["institution"] = query["institution"]
        person = first_in_scope(Person.objects.all(), user, query.get("person"))
        if person is not None:
            initial["id_number"] = person.id_number
        return initial

    def perform(self, form):
        data = form.cleaned_data
        return services.person_enter(
            person=data["person"],
            new_person=data["new_person"],
            quota_line=data["quota_line"],
            permit=data["permit"],
            post_category=data["post_category"],
            entry_way=data["entry_way"],
            entry_on=data["entry_on"],
            actor=self.request.user,
            department=data["department"],
            person_category=data["person_category"],
            job_title=data["job_title"],
            entry_document=data["entry_document"],
            exam_exemption_document=data.get("exam_exemption_document"),
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


class RecordChangeView(PersonnelChangeMixin, ConfirmedServiceFormView, ObjectActionView):
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
            destination=data["destination"],
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
