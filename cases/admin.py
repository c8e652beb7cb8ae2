"""违规案件 in the Django admin (superusers only), read-only: every change goes through the
services. The reporter's columns are left out of every admin page, its history too (rule 35)."""

from django.contrib import admin

from orgs.admin import ReadOnlyAdmin

from .models import Case, ResponsiblePerson

REPORTER_FIELDS = ["reporter_name_encrypted", "reporter_contact_encrypted"]


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ["number", "summary", "channel", "state", "received_on", "due_on"]
    list_filter = ["state", "channel", "category"]
    search_fields = ["number", "summary"]
    exclude = REPORTER_FIELDS


@admin.register(ResponsiblePerson)
class ResponsiblePersonAdmin(ReadOnlyAdmin):
    list_display = ["name", "post", "measure", "case"]
    search_fields = ["name", "case__number"]
