"""Certificates in the Django admin: read-only, for the office admin; every change goes through
the services that check the rules and record history (rule 13)."""

from django.contrib import admin

from orgs.admin import ReadOnlyAdmin

from .models import AnnualReview, Certificate, ChangeEntry, Objection, Publicity


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["number", "institution", "edition", "issued_on", "status", "code"]
    list_filter = ["status", "year"]
    search_fields = ["number", "institution__full_name", "=code"]
    list_select_related = ["institution"]
    # The snapshot holds full ID numbers (rule 14 allows it on the certificate, not in lists).
    exclude = ["snapshot"]


@admin.register(Publicity)
class PublicityAdmin(ReadOnlyAdmin):
    list_display = ["institution", "started_on", "ends_on"]
    search_fields = ["institution__full_name"]
    list_select_related = ["institution"]
    exclude = ["snapshot"]


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdmin):
    list_display = ["publicity", "raised_on", "resolved_on"]
    list_select_related = ["publicity__institution"]


@admin.register(ChangeEntry)
class ChangeEntryAdmin(ReadOnlyAdmin):
    list_display = ["certificate", "changed_on", "document_number", "source"]
    list_select_related = ["certificate"]


@admin.register(AnnualReview)
class AnnualReviewAdmin(ReadOnlyAdmin):
    list_display = ["certificate", "year", "result", "reviewed_on"]
    list_filter = ["year", "result"]
    list_select_related = ["certificate"]
