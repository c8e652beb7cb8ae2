"""Establishment quotas in Django admin: read-only for the office admin, because every change
goes through the services with a document and a reason (rule 13)."""

from django.contrib import admin

from orgs.admin import OfficeAdminOnly, ReadOnlyAdmin

from .models import (
    Adjustment,
    AdjustmentLine,
    LeadershipQuota,
    PoolBalance,
    QuotaLine,
    RegionTotal,
    UsagePermit,
)


class AdjustmentLineInline(OfficeAdminOnly, admin.TabularInline):
    model = AdjustmentLine
    fields = [
        "institution",
        "establishment_type",
        "funding_form",
        "approved_before",
        "delta",
        "approved_after",
    ]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(QuotaLine)
class QuotaLineAdmin(ReadOnlyAdmin):
    list_display = ["institution", "establishment_type", "funding_form", "approved"]
    list_filter = ["establishment_type", "funding_form"]
    list_select_related = ["institution"]
    search_fields = ["institution__full_name"]


@admin.register(Adjustment)
class AdjustmentAdmin(ReadOnlyAdmin):
    list_display = ["effective_on", "document", "summary", "kind", "applied_by"]
    list_filter = ["kind"]
    list_select_related = ["document", "applied_by"]
    search_fields = ["summary", "document__number"]
    inlines = [AdjustmentLineInline]


@admin.register(RegionTotal)
class RegionTotalAdmin(ReadOnlyAdmin):
    list_display = ["region", "establishment_type", "total", "document"]
    list_select_related = ["region", "document"]


@admin.register(PoolBalance)
class PoolBalanceAdmin(ReadOnlyAdmin):
    list_display = ["region", "establishment_type", "balance"]
    list_select_related = ["region"]


@admin.register(LeadershipQuota)
class LeadershipQuotaAdmin(ReadOnlyAdmin):
    list_display = ["institution", "department", "post_kind", "post_title", "approved"]
    list_filter = ["post_kind"]
    list_select_related = ["institution", "department"]
    search_fields = ["institution__full_name", "department__name", "post_title"]


@admin.register(UsagePermit)
class UsagePermitAdmin(ReadOnlyAdmin):
    list_display = ["number", "quota_line", "count", "purpose", "issued_on", "expires_on", "status"]
    list_filter = ["status", "purpose"]
    list_select_related = ["quota_line__institution"]
    search_fields = ["number", "quota_line__institution__full_name"]
