"""Django admin (superusers only): the registry is read-only here because every change to it
must go through the services (rule 13). Accounts are registered by the accounts app."""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from bianzhi import access

from .models import ApprovalDocument, Institution, InternalDepartment, Region
from .services import REGION_REASON_REQUIRED, region_save


class OfficeAdminOnly:
    """Only a superuser may use the admin site's pages for this model."""

    def has_module_permission(self, request):
        return access.SYSTEM_ADMIN.allows(request.user)

    def has_view_permission(self, request, obj=None):
        return access.SYSTEM_ADMIN.allows(request.user)


class ReadOnlyAdmin(OfficeAdminOnly, SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Institution)
class InstitutionAdmin(ReadOnlyAdmin):
    list_display = ["full_name", "region", "kind", "level", "status"]
    list_filter = ["kind", "system", "status"]
    search_fields = ["full_name", "credit_code"]


@admin.register(InternalDepartment)
class DepartmentAdmin(ReadOnlyAdmin):
    list_display = ["name", "institution", "level", "status"]
    search_fields = ["name", "institution__full_name"]


@admin.register(ApprovalDocument)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "issued_on"]
    search_fields = ["number", "title"]


class RegionForm(forms.ModelForm):
    """A region edit names its reason, recorded in the region's history (rule 13)."""

    reason = forms.CharField(
        label="修改原因",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": REGION_REASON_REQUIRED},
    )

    class Meta:
        model = Region
        fields = ["code", "name", "level", "parent"]


@admin.register(Region)
class RegionAdmin(OfficeAdminOnly, SimpleHistoryAdmin):
    form = RegionForm
    list_display = ["code", "name", "level", "parent"]
    search_fields = ["code", "name"]

    def save_model(self, request, obj, form, change):
        region_save(region=obj, actor=request.user, reason=form.cleaned_data["reason"])

    def has_add_permission(self, request):
        return access.SYSTEM_ADMIN.allows(request.user)

    def has_change_permission(self, request, obj=None):
        return access.SYSTEM_ADMIN.allows(request.user)

    def has_delete_permission(self, request, obj=None):
        return False
