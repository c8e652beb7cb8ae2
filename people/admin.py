"""Named personnel in the Django admin: read-only, for the office admin, because every change must
go through the services that check the rules and record history (rule 13)."""

from django.contrib import admin

from bianzhi import privacy
from orgs.admin import ReadOnlyAdmin

from .idcrypto import blind_index
from .models import (
    ChangeRequest,
    ChangeRequestEvent,
    ChangeRequestItem,
    EstablishmentRecord,
    LeadershipAppointment,
    Person,
)


def with_id_number_search(admin_super, request, queryset, search_term, prefix):
    """The admin's search, plus people whose whole ID number is the search term."""
    found, may_have_duplicates = admin_super.get_search_results(request, queryset, search_term)
    term = search_term.strip()
    if term:
        found |= queryset.filter(**{f"{prefix}id_number_index": blind_index(term)})
    return found, may_have_duplicates


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ["name", "id_number_masked", "sex", "birth_year", "region"]
    list_filter = ["sex", "region"]
    # An ID number is found whole, never by a fragment (rule 14): through its blind index.
    search_fields = ["name"]
    exclude = ["id_number_encrypted", "id_number_index", "id_number_masked"]
    list_select_related = ["region"]

    @admin.display(description="身份证号")
    def id_number_masked(self, person):
        # Lists show ID numbers masked, even to the office (rule 14); the record page shows it.
        return person.masked_id_number

    @admin.display(description="出生日期", ordering="birth_date")
    def birth_year(self, person):
        # Beside a masked number, the year only (rule 14).
        return privacy.MASKED.birth_text(person.birth_date)

    def get_search_results(self, request, queryset, search_term):
        return with_id_number_search(super(), request, queryset, search_term, "")


@admin.register(EstablishmentRecord)
class EstablishmentRecordAdmin(ReadOnlyAdmin):
    list_display = ["person", "quota_line", "post_category", "entry_on", "status", "ended_on"]
    list_filter = ["status", "post_category", "quota_line__establishment_type"]
    search_fields = ["person__name", "quota_line__institution__full_name"]
    list_select_related = ["person", "quota_line__institution"]

    def get_search_results(self, request, queryset, search_term):
        return with_id_number_search(super(), request, queryset, search_term, "person__")


@admin.register(LeadershipAppointment)
class LeadershipAppointmentAdmin(ReadOnlyAdmin):
    list_display = ["person", "title", "quota", "started_on", "ended_on", "counts_against_quota"]
    list_filter = ["counts_against_quota"]
    search_fields = ["person__name", "title", "quota__institution__full_name"]
    list_select_related = ["person", "quota__institution", "quota__department"]


class ChangeRequestItemInline(admin.TabularInline):
    model = ChangeRequestItem
    fields = ["person_name", "record", "appointment", "data", "result_record", "result_permit"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ChangeRequestEventInline(admin.TabularInline):
    model = ChangeRequestEvent
    fields = ["at", "actor", "action", "from_state", "to_state", "comment"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ChangeRequest)
class ChangeRequestAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "institution", "state", "occurred_on", "due_on", "submitted_on"]
    list_filter = ["kind", "state", "origin"]
    search_fields = ["institution__full_name", "items__person_name"]
    list_select_related = ["institution"]
    inlines = [ChangeRequestItemInline, ChangeRequestEventInline]
